import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const activationKey = new ActivationKey("smoke", {
  environmentId: config.get("environment") ?? "us-east-1:nyc",
  bandwidthGbps: (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
  description: config.get("description") ?? "smoke test",
  tags: config.getObject<Record<string, string>>("tags"),
});

export const connectionId = activationKey.connectionId;
export const state = activationKey.state;
export const key = activationKey.activationKey;
export const arn = activationKey.arn;
