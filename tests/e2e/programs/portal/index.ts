import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const key = new ActivationKey("portal", {
  environmentId: config.get("environment") ?? "us-east-1:nyc",
  bandwidthGbps: (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  description: "ordered for a portal partner",
  waitFor: "available",
  timeouts: { create: config.get("createTimeout") ?? "2m" },
});

export const connectionId = key.connectionId;
export const state = key.state;
export const activationPageUrl = key.activationPageUrl;
export const activationKey = key.activationKey;
export const bandwidthGbps = key.bandwidthGbps;
export const connectionBandwidthGbps = key.connectionBandwidthGbps;
