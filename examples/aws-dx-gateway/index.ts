// AWS wiring: the Direct Connect gateway is what the cloud-side connection attaches to (its id is the ActivationKey's
// attachPoint), and each link the partner negotiated becomes a hosted private virtual interface on the cloud
// connection, with the link's VLAN, BGP ASN and /30 addressing, accepted by the gateway's owner onto the gateway.
//
// Needs the AWS provider plugin and AWS credentials to run for real; tests/e2e/examples/aws-dx-gateway.test.ts runs it
// under pulumi.runtime.setMocks.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ActivationKey, Interconnect, type BandwidthGbps } from "pulumi-interconnect";

const config = new pulumi.Config();
const environment = config.get("environment") ?? "us-east-1:nyc";
const site = config.get("site") ?? "nyc-hq";
const bandwidthGbps = (config.getNumber("bandwidthGbps") ?? 10) as BandwidthGbps; // check() rejects non-tiers
/** The cloud side's BGP ASN (Amazon side of the gateway). */
const amazonSideAsn = config.get("amazonSideAsn") ?? "64512";
/** The AWS account that owns the gateway and accepts the virtual interfaces. */
const awsAccountId = config.get("awsAccountId") ?? "111122223333";
/** The partner account allowed to accept the activation key. */
const partnerAccountId = config.get("partnerAccountId") ?? "partner-acct-1";
/** Links per connection: the partner negotiates one per channel (4). */
const linkCount = config.getNumber("linkCount") ?? 4;

const gateway = new aws.directconnect.Gateway("interconnect", {
  name: "interconnect-dxgw",
  amazonSideAsn,
});

const key = new ActivationKey("aws", {
  environmentId: environment,
  bandwidthGbps,
  attachPoint: gateway.id,
  remoteAccount: partnerAccountId,
  description: "attached to an AWS Direct Connect gateway",
});

const interconnect = new Interconnect("aws", { activationKey: key.activationKey, site });

/** The two usable addresses of a /30 (or the first two hosts of a /29): [amazon side, customer side]. */
function peerAddresses(subnet: string): [string, string] {
  const [base, bits] = subnet.split("/");
  const octets = base.split(".").map(Number);
  const host = (n: number) => [...octets.slice(0, 3), octets[3] + n].join(".") + `/${bits}`;
  return [host(1), host(2)];
}

function link(i: number) {
  return interconnect.links.apply((links) => {
    const l = links[i];
    if (!l) throw new Error(`the interconnect has ${links.length} links; set linkCount to at most ${links.length}`);
    return l;
  });
}

const virtualInterfaces = Array.from({ length: linkCount }, (_, i) => {
  const l = link(i);
  const [amazonAddress, customerAddress] = [
    l.ipv4Subnet.apply((s) => peerAddresses(s)[0]),
    l.ipv4Subnet.apply((s) => peerAddresses(s)[1]),
  ];
  // Created on the cloud-side connection (the hosting side), owned by the gateway's account once accepted.
  const vif = new aws.directconnect.HostedPrivateVirtualInterface(`link-${i + 1}`, {
    connectionId: key.connectionId,
    ownerAccountId: awsAccountId,
    name: l.name.apply((name) => `interconnect-${name}`),
    vlan: l.vlan,
    addressFamily: "ipv4",
    bgpAsn: l.localAsn,
    amazonAddress,
    customerAddress,
    mtu: 9001,
  });
  const accepter = new aws.directconnect.HostedPrivateVirtualInterfaceAccepter(`link-${i + 1}`, {
    virtualInterfaceId: vif.id,
    dxGatewayId: gateway.id,
    tags: { link: l.name },
  });
  return { vif, accepter };
});

export const gatewayId = gateway.id;
export const cloudConnectionId = key.connectionId;
export const partnerConnectionId = interconnect.connectionId;
export const virtualInterfaceIds = virtualInterfaces.map(({ accepter }) => accepter.virtualInterfaceId);
export const bgpPeers = interconnect.links.apply((links) =>
  links.map((l) => ({
    link: l.name,
    vlan: l.vlan,
    customerAsn: l.localAsn,
    amazonAsn: l.remoteAsn,
    subnet: l.ipv4Subnet,
  })),
);
