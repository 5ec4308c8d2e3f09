import * as pulumi from "@pulumi/pulumi";
import { ActivationKey } from "pulumi-interconnect";

const config = new pulumi.Config();
const activationKey = new ActivationKey("smoke", {
  environment: config.get("environment") ?? "us-east-1:nyc",
  bandwidthGbps: config.getNumber("bandwidthGbps") ?? 10,
  attachPoint: "dxgw-0e2e0000000000001",
  remoteAccountId: "partner-acct-1",
  description: config.get("description") ?? "smoke test",
});

export const connectionId = activationKey.connectionId;
export const state = activationKey.state;
export const key = activationKey.key;
