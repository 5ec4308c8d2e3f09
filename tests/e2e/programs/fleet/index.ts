import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 10;
const bandwidthGbps = (config.getNumber("bandwidthGbps") ?? 1) as BandwidthGbps;
const environment = config.get("environment") ?? "us-east-1:nyc";
const site = config.get("site") ?? "nyc-hq";
const macsec = config.get("macsec") ?? "required";

const keys: ActivationKey[] = [];
const interconnects: Interconnect[] = [];
for (let i = 0; i < count; i++) {
  const key = new ActivationKey(`fleet-${i}`, {
    environmentId: environment,
    // The key owns the bandwidth for the connection's whole life; the Interconnect follows it.
    bandwidthGbps,
    allowLargeBandwidthStep: true,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
    description: `fleet member ${i}`,
  });
  keys.push(key);
  interconnects.push(
    new Interconnect(`fleet-${i}`, {
      activationKey: key.activationKey,
      site,
      macsec: macsec as "required" | "preferred" | "off",
    }),
  );
}

export const connectionIds = interconnects.map((ic) => ic.connectionId);
export const bandwidths = keys.map((key) => key.connectionBandwidthGbps);
export const states = interconnects.map((ic) => ic.state);
