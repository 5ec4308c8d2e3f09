// One create of each kind, sending members read from stack config (description, tags, MACsec mode, the partner's
// key): tests/e2e/recreate-token.test.ts destroys the stack, edits them and runs `up` again under the same URNs.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, ConnectionProposalAccepter, Interconnect } from "pulumi-interconnect";

const config = new pulumi.Config();
const description = config.require("description");
const tags = config.getObject<Record<string, string>>("tags");

const key = new ActivationKey("recreate", {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
  description,
  tags,
});
const interconnect = new Interconnect("recreate", {
  activationKey: key.activationKey,
  site: "nyc-hq",
  macsec: config.require<"required" | "preferred" | "off">("macsec"),
});
const accepted = new ConnectionProposalAccepter("recreate", {
  activationKey: config.requireSecret("partnerKey"),
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e02",
  description,
  tags,
  waitFor: "available",
});

export const keyConnectionId = key.connectionId;
export const interconnectId = interconnect.connectionId;
export const accepterConnectionId = accepted.connectionId;
