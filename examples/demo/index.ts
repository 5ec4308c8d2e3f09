// The demo that `npm start` runs: two 10 Gbps interconnects from the cloud's us-east-1 region to the partner's NYC
// metro, landing at one customer site, each with four MACsec-protected links — and a RedundantLinkGroup that keeps
// their links on distinct fiber conduits (the partner's default placement shares one; the group has it moved).
import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const environment = "us-east-1:nyc";
const bandwidthGbps = 10;
const site = "nyc-hq";
const attachPoint = "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01";
const partnerAccount = "partner-acct-1";

function interconnect(name: string) {
  const key = new ActivationKey(name, {
    environmentId: environment,
    bandwidthGbps,
    attachPoint,
    remoteAccount: partnerAccount,
    description: `demo ${name}`,
  });
  // The key owns the bandwidth (change `bandwidthGbps` above to resize at AWS); the Interconnect follows it.
  keys[name] = key;
  return new Interconnect(name, { activationKey: key.activationKey, site });
}

const keys: Record<string, ActivationKey> = {};
const primary = interconnect("hq-primary");
const secondary = interconnect("hq-secondary");

const group = new RedundantLinkGroup("hq", {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: ["hq-primary", "hq-secondary"],
  policy: { minLinks: 4, distinct: ["conduit"], maxConcurrentMaintenance: 1, requireMacsec: true },
  enforcement: "reconcile",
});

export const interconnects = { "hq-primary": primary, "hq-secondary": secondary };
/** What AWS reports for each connection: the keys own the bandwidth (an Interconnect's own figure shows after refresh). */
export const bandwidths = Object.fromEntries(
  Object.entries(keys).map(([name, key]) => [name, key.connectionBandwidthGbps]),
);
export const diversity = {
  compliant: group.compliant,
  blockers: group.blockers,
  survivesSingleFailure: group.survivesSingleFailure,
  relocations: group.relocations,
  links: group.links,
};
