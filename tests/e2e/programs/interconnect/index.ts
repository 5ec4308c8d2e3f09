import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const key = new ActivationKey("e2e", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
});
// The key is handed over as a plain value, as from another stack or a partner's portal: this Interconnect then owns
// the bandwidth (the partner-initiated path), and the key's own bandwidthGbps stays the order size.
const interconnect = new Interconnect("e2e", {
  activationKey: key.activationKey.apply((handedOver) => handedOver),
  site: "nyc-hq",
  bandwidthGbps: (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps,
});

export const keyConnectionId = key.connectionId;
export const connectionId = interconnect.connectionId;
export const bandwidthGbps = interconnect.bandwidthGbps;
export const state = interconnect.state;
export const verificationState = interconnect.verificationState;
export const links = interconnect.links;
