import { ActivationKey, Interconnect, RedundantLinkGroup, type BandwidthGbps } from "pulumi-interconnect";

const key = (name: string, bandwidthGbps: BandwidthGbps) =>
  new ActivationKey(name, {
    environmentId: "us-east-1:nyc",
    bandwidthGbps,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
  });

// MACsec not required, and in no RedundantLinkGroup at all.
const plaintext = new Interconnect("plaintext", {
  activationKey: key("plaintext", 10).activationKey,
  site: "nyc-hq",
  macsec: "preferred",
});

// A tier the policy config does not allow (the provider accepts it), and a loosened step guard.
const oversized = new Interconnect("oversized", {
  activationKey: key("oversized", 50).activationKey,
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
