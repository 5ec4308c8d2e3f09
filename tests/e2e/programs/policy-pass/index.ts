import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const members = ["primary", "secondary"].map((name) => {
  const key = new ActivationKey(name, {
    environmentId: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
    remoteAccount: "partner-acct-1",
  });
  // macsec unset: the provider's default, "required".
  return new Interconnect(name, { activationKey: key.activationKey, site: "nyc-hq", bandwidthGbps: 10 });
});

const group = new RedundantLinkGroup("hq", {
  interconnects: members.map((m) => m.connectionId),
  names: ["primary", "secondary"],
  policy: { distinct: ["device", "conduit"] },
});

export const compliant = group.compliant;
export const connectionIds = members.map((m) => m.connectionId);
