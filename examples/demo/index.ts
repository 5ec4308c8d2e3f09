// The demo that `npm start` runs: two 10 Gbps interconnects from the cloud's us-east-1 region to the partner's NYC
// metro, landing at one customer site, each with four MACsec-protected links — and a RedundantLinkGroup that keeps
// their links on distinct fiber conduits (the partner's default placement shares one; the group has it moved).
import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const environment = "us-east-1:nyc";
const bandwidthGbps = 10;
const site = "nyc-hq";
const attachPoint = "dxgw-0a1b2c3d4e5f60718";
const partnerAccount = "partner-acct-1";

function interconnect(name: string) {
  const key = new ActivationKey(name, {
    environment,
    bandwidthGbps,
    attachPoint,
    remoteAccountId: partnerAccount,
    description: `demo ${name}`,
  });
  return new Interconnect(name, { activationKey: key.key, site, bandwidthGbps });
}

const primary = interconnect("hq-primary");
const secondary = interconnect("hq-secondary");

const group = new RedundantLinkGroup("hq", {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: ["hq-primary", "hq-secondary"],
  policy: { minLinks: 4, distinct: ["conduit"], maxConcurrentMaintenance: 1, requireMacsec: true },
  enforcement: "reconcile",
});

export const interconnects = { "hq-primary": primary, "hq-secondary": secondary };
export const diversity = {
  compliant: group.compliant,
  blockers: group.blockers,
  survivesSingleFailure: group.survivesSingleFailure,
  relocations: group.relocations,
  links: group.links,
};
