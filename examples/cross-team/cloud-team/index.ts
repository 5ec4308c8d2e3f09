// The cloud team owns the cloud account: it orders the connection from us-east-1 to the partner's NYC metro, for
// the partner account the network team uses, and publishes the activation key as a stack output. The key is a
// secret output of ActivationKey; pulumi.secret makes that explicit here, so it stays encrypted in this stack's
// state and in every stack that reads it through a StackReference.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();

const activationKey = new ActivationKey("shared", {
  environmentId: config.get("environment") ?? "us-east-1:nyc",
  bandwidthGbps: (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps,
  attachPoint: config.get("attachPoint") ?? "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: config.get("partnerAccountId") ?? "partner-acct-1",
  description: "ordered by the cloud team for the network team",
});

/** For the network team (read with StackReference.getOutput("key")); secret. */
export const key = pulumi.secret(activationKey.activationKey);
export const connectionId = activationKey.connectionId;
export const state = activationKey.state;
export const activationPageUrl = activationKey.activationPageUrl;
