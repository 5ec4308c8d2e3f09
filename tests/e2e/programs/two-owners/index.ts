// An ActivationKey and the Interconnect on its key, both with a bandwidth from stack config: the key owns the
// connection's bandwidth, so an Interconnect value that differs from it is refused at preview.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const key = new ActivationKey("owner", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: (config.getNumber("keyGbps") ?? 10) as BandwidthGbps,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
});
const interconnectGbps = config.getNumber("interconnectGbps") as BandwidthGbps | undefined;
const interconnect = new Interconnect("follower", {
  activationKey: key.activationKey,
  site: "nyc-hq",
  ...(interconnectGbps ? { bandwidthGbps: interconnectGbps } : {}),
});

export const connectionId = interconnect.connectionId;
