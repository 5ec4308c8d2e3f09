import * as pulumi from "@pulumi/pulumi";
import { ConnectionProposalAccepter } from "pulumi-interconnect";

const config = new pulumi.Config();
const accepted = new ConnectionProposalAccepter("from-partner", {
  activationKey: config.requireSecret("partnerKey"),
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e02",
  description: "proposed by the partner",
  waitFor: "available",
});

export const connectionId = accepted.connectionId;
export const state = accepted.state;
export const bandwidthGbps = accepted.bandwidthGbps;
export const environmentId = accepted.environmentId;
