// A pair of interconnects at nyc-hq and a group whose policy each one-link drift at the partner breaks: a link
// re-homed into another's conduit (distinct conduit), MACsec off (requireMacsec), odd BGP timers
// (requireConsistentBgpTimers) and a link down (minLinks: all eight). Config: enforcement. The Interconnects prefer
// MACsec, so the group alone acts on it (under "required" an Interconnect fails on its own account first, and the
// engine then skips the group that depends on it: tests/e2e/link-health.test.ts).
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup, type Enforcement } from "pulumi-interconnect";

const config = new pulumi.Config();
const enforcement = config.get<Enforcement>("enforcement") ?? "reconcile";

function interconnect(name: string): Interconnect {
  const key = new ActivationKey(name, {
    environmentId: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
  });
  return new Interconnect(name, { activationKey: key.activationKey, site: "nyc-hq", macsec: "preferred" });
}

const primary = interconnect("drift-a");
const secondary = interconnect("drift-b");

new RedundantLinkGroup("drift-pair", {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: ["drift-a", "drift-b"],
  policy: { minLinks: 8, distinct: ["conduit"], requireMacsec: true, requireConsistentBgpTimers: true },
  enforcement,
});

export const connectionIds = [primary.connectionId, secondary.connectionId];
