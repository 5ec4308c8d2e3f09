// Two keys, two Interconnects and a RedundantLinkGroup over them (tests/e2e/upgrade.test.ts): preview counts, state
// written by the previous release, and endpoint changes in stack config.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();

function member(name: string) {
  const key = new ActivationKey(name, {
    environmentId: "us-east-1:nyc",
    bandwidthGbps: (config.getNumber(`${name}Gbps`) ?? 10) as BandwidthGbps,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
  });
  return { key, interconnect: new Interconnect(name, { activationKey: key.activationKey, site: "nyc-hq" }) };
}

const { key: primaryKey, interconnect: primary } = member("primary");
const { key: secondaryKey, interconnect: secondary } = member("secondary");
const group = new RedundantLinkGroup("pair", {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: ["primary", "secondary"],
  policy: { minLinks: 4, distinct: ["device"] },
  enforcement: "warn",
});

export const connectionIds = [primary.connectionId, secondary.connectionId];
export const keyIds = [primaryKey.connectionId, secondaryKey.connectionId];
/** What AWS reports: the keys own the bandwidth, the Interconnects follow. */
export const bandwidths = [primaryKey.connectionBandwidthGbps, secondaryKey.connectionBandwidthGbps];
export const compliant = group.compliant;
