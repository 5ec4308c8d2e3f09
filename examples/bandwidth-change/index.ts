// Bandwidth as stack config: `pulumi config set bandwidthGbps 25` then `pulumi preview --diff` shows one in-place
// update of the Interconnect (bandwidthGbps 10 => 25); `pulumi up` applies it at the partner, which resizes the
// connection with the cloud (in place when the cloud's interconnect has room, else make-before-break migration).
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
/** One of 1, 2, 5, 10, 25, 50, 100. */
const bandwidthGbps = (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps; // check() rejects non-tiers

// The key orders the initial size; later changes are made on the partner side only.
const key = new ActivationKey("bandwidth", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
  description: "bandwidth-change example",
});

const interconnect = new Interconnect("bandwidth", {
  activationKey: key.activationKey,
  site: "nyc-hq",
  bandwidthGbps,
});

export const partnerConnectionId = interconnect.connectionId;
export const requestedGbps = bandwidthGbps;
export const provisionedGbps = interconnect.bandwidthGbps;
export const interconnectName = interconnect.interconnectName;
export const state = interconnect.state;
