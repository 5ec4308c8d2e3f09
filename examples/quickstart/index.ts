// Quickstart: the smallest useful program. The cloud side orders a 10 Gbps connection from us-east-1 to the
// partner's NYC metro and yields an activation key (a secret); the partner side accepts it at the customer site
// nyc-hq. `pulumi up` returns once the partner and the cloud have verified the connection (4 links).
import { ActivationKey, Interconnect } from "pulumi-interconnect";

const key = new ActivationKey("quickstart", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01", // the Direct Connect gateway the connection attaches to
  remoteAccount: "partner-acct-1", // the partner account allowed to accept the key
  description: "quickstart",
});

const interconnect = new Interconnect("quickstart", {
  activationKey: key.activationKey,
  site: "nyc-hq",
});

export const cloudConnectionId = key.connectionId;
export const partnerConnectionId = interconnect.connectionId;
export const bandwidthGbps = interconnect.bandwidthGbps;
export const state = interconnect.state;
export const verificationState = interconnect.verificationState;
export const links = interconnect.links.apply((links) =>
  links.map((l) => ({
    name: l.name,
    vlan: l.vlan,
    ipv4Subnet: l.ipv4Subnet,
    bgpState: l.bgpState,
    macsecActive: l.macsecActive,
  })),
);
