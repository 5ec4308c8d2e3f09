import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect } from "pulumi-interconnect";

const config = new pulumi.Config();
const key = new ActivationKey("e2e", {
  environment: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "dxgw-0e2e0000000000002",
  remoteAccountId: "partner-acct-1",
});
const interconnect = new Interconnect("e2e", {
  activationKey: key.key,
  site: "nyc-hq",
  bandwidthGbps: config.getNumber("bandwidthGbps") ?? 10,
});

export const keyConnectionId = key.connectionId;
export const connectionId = interconnect.connectionId;
export const bandwidthGbps = interconnect.bandwidthGbps;
export const state = interconnect.state;
export const verificationState = interconnect.verificationState;
export const links = interconnect.links;
