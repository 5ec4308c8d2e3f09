// The demo that `npm start` runs: two 10 Gbps interconnects from the cloud's us-east-1 region to the partner's NYC
// metro, landing at one customer site, each with four MACsec-protected links.
import { ActivationKey, Interconnect } from "pulumi-interconnect";

const environment = "us-east-1:nyc";
const bandwidthGbps = 10;
const site = "nyc-hq";
const attachPoint = "dxgw-0a1b2c3d4e5f60718";
const partnerAccount = "partner-acct-1";

function redundantInterconnect(name: string) {
  const key = new ActivationKey(name, {
    environment,
    bandwidthGbps,
    attachPoint,
    remoteAccountId: partnerAccount,
    description: `demo ${name}`,
  });
  return new Interconnect(name, { activationKey: key.key, site, bandwidthGbps, diversity: ["conduit"] });
}

const primary = redundantInterconnect("hq-primary");
const secondary = redundantInterconnect("hq-secondary");

export const interconnects = { "hq-primary": primary, "hq-secondary": secondary };
