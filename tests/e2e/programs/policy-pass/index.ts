import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const members = ["primary", "secondary"].map((name, i) => {
  const key = new ActivationKey(name, {
    environment: "us-east-1:nyc",
    bandwidthGbps: 10,
    attachPoint: `dxgw-0e2e00000000000${i + 5}`,
    remoteAccountId: "partner-acct-1",
  });
  // macsec unset: the provider's default, "required".
  return new Interconnect(name, { activationKey: key.key, site: "nyc-hq", bandwidthGbps: 10 });
});

const group = new RedundantLinkGroup("hq", {
  interconnects: members.map((m) => m.connectionId),
  names: ["primary", "secondary"],
  policy: { distinct: ["device", "conduit"] },
});

export const compliant = group.compliant;
export const connectionIds = members.map((m) => m.connectionId);
