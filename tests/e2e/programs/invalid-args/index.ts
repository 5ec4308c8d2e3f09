import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

// cases: [{ kind: "ActivationKey" | "Interconnect" | "RedundantLinkGroup", args: {...} }, ...], deliberately invalid.
const cases = new pulumi.Config().requireObject<{ kind: string; args: Record<string, unknown> }[]>("cases");

cases.forEach(({ kind, args }, i) => {
  const name = `invalid-${i}`;
  // The args are invalid on purpose; the provider's check must refuse them before any API call.
  const anyArgs = args as never;
  if (kind === "ActivationKey") new ActivationKey(name, anyArgs);
  else if (kind === "Interconnect") new Interconnect(name, anyArgs);
  else new RedundantLinkGroup(name, anyArgs);
});
