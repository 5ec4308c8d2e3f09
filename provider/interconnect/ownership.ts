// Who owns an Interconnect's bandwidth, one place per connection: the program's ActivationKey that issued the key, else
// the Interconnect when it declares bandwidthGbps, else nobody (it follows). The Interconnect's bandwidth checks.
import type * as pulumi from "@pulumi/pulumi";
import type { InterconnectInputs } from "./schema";
import { bandwidthStepFailure } from "../common/bandwidth-guard";
import { isUnknown } from "../common/validation";

/** The bandwidth this Interconnect resizes the connection to, or undefined when it follows the connection. */
export const ownedBandwidth = (inputs: Pick<InterconnectInputs, "bandwidthGbps" | "bandwidthOwner">) =>
  inputs.bandwidthOwner ? undefined : inputs.bandwidthGbps;

/** Two different sizes declared for one connection: refused at preview, naming the one to change. */
export function ownershipConflict(inputs: InterconnectInputs): string | undefined {
  const owner = inputs.bandwidthOwner;
  const declared = inputs.bandwidthGbps;
  if (!owner || declared === undefined || isUnknown(declared) || isUnknown(owner.bandwidthGbps)) return undefined;
  if (declared === owner.bandwidthGbps) return undefined;
  return (
    `bandwidthGbps: ${declared} differs from the ${owner.bandwidthGbps} Gbps that ${owner.resource} declares for ` +
    `this connection. ${owner.resource} issued this Interconnect's key and owns the connection's bandwidth (AWS ` +
    `UpdateConnection resizes both sides): change bandwidthGbps on ${owner.resource}, and leave it out of this ` +
    `Interconnect`
  );
}

/**
 * In a preview the key is unknown whenever its ActivationKey changes. Its connection id stays known when that key is
 * updated in place (the key of an accepted connection stays the same) and is unknown when it is replaced (a new key).
 */
export function keyOfSameConnection(olds: InterconnectInputs, news: InterconnectInputs): boolean {
  const before = olds.bandwidthOwner?.connectionId;
  const after = news.bandwidthOwner?.connectionId;
  return isUnknown(news.activationKey) && before !== undefined && !isUnknown(after) && before === after;
}

/** An owned bandwidth's step guard; a follower's bandwidth must be its owner's. */
export function bandwidthFailures(
  olds: Partial<InterconnectInputs>,
  inputs: InterconnectInputs,
): pulumi.dynamic.CheckFailure[] {
  const reason =
    ownershipConflict(inputs) ??
    (ownedBandwidth(inputs) !== undefined ? bandwidthStepFailure(olds.bandwidthGbps, inputs) : undefined);
  return reason ? [{ property: "bandwidthGbps", reason }] : [];
}
