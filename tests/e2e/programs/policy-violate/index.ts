import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const key = (name: string, bandwidthGbps: number, n: number) =>
  new ActivationKey(name, {
    environment: "us-east-1:nyc",
    bandwidthGbps,
    attachPoint: `dxgw-0e2e00000000000${n}`,
    remoteAccountId: "partner-acct-1",
  });

// MACsec not required, and in no RedundantLinkGroup at all.
const plaintext = new Interconnect("plaintext", { activationKey: key("plaintext", 10, 7).key, site: "nyc-hq", macsec: "preferred" });

// A tier the policy config does not allow (the provider accepts it), and a loosened step guard.
const oversized = new Interconnect("oversized", {
  activationKey: key("oversized", 50, 8).key,
  site: "nyc-hq",
  bandwidthGbps: 50,
  allowLargeBandwidthStep: true,
  maxBandwidthStepTiers: 4,
});

// Grouped, but the group's policy says nothing about conduits.
new RedundantLinkGroup("device-only", {
  interconnects: [oversized.connectionId],
  policy: { minLinks: 2, distinct: ["device"] },
});

export const ids = [plaintext.connectionId, oversized.connectionId];
