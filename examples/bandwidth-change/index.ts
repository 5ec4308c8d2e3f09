// Bandwidth as stack config, on both paths a connection's bandwidth can be owned from:
//   * the AWS customer's (default): the ActivationKey declares it, and `pulumi config set bandwidthGbps 25` then
//     `pulumi preview --diff` shows one in-place update of the ActivationKey (bandwidthGbps 10 => 25); `pulumi up`
//     sends AWS UpdateConnection, AWS asks the partner, and the Interconnect follows;
//   * the partner's: with `pulumi config set --secret activationKey <key>` (a key handed over from another stack or
//     team) the program declares only the Interconnect, which then owns the bandwidth and resizes it at the partner
//     (in place when the cloud's interconnect has room, else a make-before-break migration); AWS reflects it.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
/** One of 1, 2, 5, 10, 25, 50, 100. */
const bandwidthGbps = (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps; // check() rejects non-tiers
const handedOverKey = config.getSecret("activationKey");

const key = handedOverKey
  ? undefined
  : new ActivationKey("bandwidth", {
      environmentId: "us-east-1:nyc",
      bandwidthGbps, // the line to change: the key owns the connection's bandwidth for its whole life
      attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
      remoteAccount: "partner-acct-1",
      description: "bandwidth-change example",
    });

const interconnect = key
  ? new Interconnect("bandwidth", { activationKey: key.activationKey, site: "nyc-hq" })
  : new Interconnect("bandwidth", { activationKey: handedOverKey!, site: "nyc-hq", bandwidthGbps });

export const owner = key ? "ActivationKey" : "Interconnect";
export const partnerConnectionId = interconnect.connectionId;
export const requestedGbps = bandwidthGbps;
/** What is provisioned: AWS's figure where the key owns the bandwidth, the partner's where the Interconnect does. */
export const provisionedGbps = key ? key.connectionBandwidthGbps : interconnect.bandwidthGbps;
export const interconnectName = interconnect.interconnectName;
export const state = interconnect.state;
