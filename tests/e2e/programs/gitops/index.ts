// The program the GitOps rehearsal (tests/e2e/gitops.test.ts) deploys through .github/workflows/pulumi.yml: two
// Interconnects at one site in a conduit-diverse RedundantLinkGroup (what the policy pack requires), each one's
// bandwidth from stack config (`<name>Gbps` in Pulumi.<stack>.yaml), so a pull request resizes one by editing that file.
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();

function member(name: string) {
  const key = new ActivationKey(name, {
    environmentId: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
  });
  // The key is handed over as a plain value (as from a partner's portal): the Interconnect then owns the bandwidth,
  // resizes it at the partner, and a resize made elsewhere shows as drift on its bandwidthGbps.
  return new Interconnect(name, {
    activationKey: key.activationKey.apply((handedOver) => handedOver),
    site: "nyc-hq",
    bandwidthGbps: (config.getNumber(`${name}Gbps`) ?? 10) as BandwidthGbps,
  });
}

const primary = member("primary");
const secondary = member("secondary");
const group = new RedundantLinkGroup("hq", {
  interconnects: [primary.connectionId, secondary.connectionId],
  names: ["primary", "secondary"],
  policy: { distinct: ["conduit"] },
});

export const connectionIds = { primary: primary.connectionId, secondary: secondary.connectionId };
export const bandwidths = { primary: primary.bandwidthGbps, secondary: secondary.bandwidthGbps };
export const compliant = group.compliant;
