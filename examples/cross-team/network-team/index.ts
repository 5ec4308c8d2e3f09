// The network team owns the partner account: it reads the activation key from the cloud team's stack and accepts
// it at its site. `cloudStack` is the cloud team's stack name: `organization/interconnect-cloud-team/<stack>` on a
// file backend (a self-managed backend has the single organization "organization"), `<org>/<project>/<stack>` on
// Pulumi Cloud. The key arrives as a secret and stays one: in this stack's state, the Interconnect's
// activationKey input and output are encrypted, and nothing here exports it.
import * as pulumi from "@pulumi/pulumi";
import { Interconnect } from "pulumi-interconnect";

const config = new pulumi.Config();
const cloudTeam = new pulumi.StackReference(config.require("cloudStack"));

const interconnect = new Interconnect("shared", {
  activationKey: cloudTeam.getOutput("key"),
  site: config.get("site") ?? "nyc-hq",
});

export const cloudConnectionId = cloudTeam.getOutput("connectionId");
export const partnerConnectionId = interconnect.connectionId;
export const bandwidthGbps = interconnect.bandwidthGbps;
export const state = interconnect.state;
export const verificationState = interconnect.verificationState;
