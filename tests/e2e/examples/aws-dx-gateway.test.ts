// examples/aws-dx-gateway under pulumi.runtime.setMocks (the AWS provider plugin is not installed here): the mocks
// answer the AWS resources and the two dynamic resources (ActivationKey, Interconnect with four links); the test
// checks the wiring — the gateway id is the key's attachPoint, and one hosted private VIF per link is created on the
// cloud connection with the link's VLAN, ASN and /30 addresses and accepted onto the gateway.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
  id: string;
}

const GATEWAY_ID = "3f1c7a52-0d4e-4a8b-9c1e-5b6d7e8f9a01"; // Direct Connect gateway ids are UUIDs
const CLOUD_CONNECTION_ID = "lmcc-0f5e2447"; // AWS Interconnect connection ids
const LINKS = [1, 2, 3, 4].map((n) => ({
  name: `ch${n}`,
  device: `nyc-dev-${n}`,
  facility: n <= 2 ? "nyc-fac-a" : "nyc-fac-b",
  entrance: n % 2 ? "nyc-hq-north" : "nyc-hq-south",
  conduit: `nyc-cdt-ic-3-ch${n}`,
  vlan: 1100 + n,
  ipv4Subnet: `169.254.${10 + n}.${n * 4}/30`,
  localAsn: 65010,
  remoteAsn: 64512,
  bgpState: "UP",
  macsecActive: true,
  adminState: "UP",
  operState: "UP",
}));

const registered: Registered[] = [];
const mocks: pulumi.runtime.Mocks = {
  call: () => ({}),
  newResource: (args) => {
    const type = args.type;
    let id = `${args.name}-id`;
    let state: Record<string, unknown> = { ...args.inputs };
    if (type === "aws:directconnect/gateway:Gateway") {
      id = GATEWAY_ID;
      state = { ...state, ownerAccountId: "111122223333" };
    } else if (type.endsWith(":ActivationKey")) {
      id = CLOUD_CONNECTION_ID;
      state = {
        ...state,
        activationKey: "a2V5",
        connectionId: CLOUD_CONNECTION_ID,
        sharedId: "3f1e0c4a-2b7d-4e59-8a61-0c2d9b7e5f10",
        state: "available",
        connectionBandwidthGbps: args.inputs.bandwidthGbps,
      };
    } else if (type.endsWith(":Interconnect")) {
      state = {
        ...state,
        connectionId: "pc-1",
        sharedConnectionUuid: "u-1",
        bandwidthGbps: 10,
        state: "available",
        verificationState: "VERIFIED",
        interconnectName: "ic-3",
        links: LINKS,
      };
    } else if (type === "aws:directconnect/hostedPrivateVirtualInterface:HostedPrivateVirtualInterface") {
      id = `dxvif-${args.name}`;
    }
    registered.push({ type, name: args.name, inputs: args.inputs, id });
    return { id, state };
  },
};

const settle = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const ofType = (suffix: string) => registered.filter((r) => r.type.endsWith(suffix));

describe("examples/aws-dx-gateway (mocks)", () => {
  let program: Record<string, any>;

  before(async () => {
    await pulumi.runtime.setMocks(mocks, "interconnect-aws-dx-gateway", "dev", false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require("../../../examples/aws-dx-gateway/index");
    // Every resource has registered once the exported outputs have settled.
    await settle(pulumi.all([program.gatewayId, program.virtualInterfaceIds, program.bgpPeers]));
  });

  it("creates a Direct Connect gateway with the cloud's ASN and attaches the ActivationKey to it", async () => {
    const [gateway] = ofType(":Gateway");
    expect(gateway.inputs).to.include({ amazonSideAsn: "64512", name: "interconnect-dxgw" });
    const [key] = ofType(":ActivationKey");
    expect(key.type).to.equal("pulumi-nodejs:dynamic/interconnect:ActivationKey");
    expect(key.inputs).to.include({
      attachPoint: GATEWAY_ID,
      environmentId: "us-east-1:nyc",
      bandwidthGbps: 10,
      remoteAccount: "partner-acct-1",
    });
    expect(await settle(program.gatewayId)).to.equal(GATEWAY_ID);
  });

  it("accepts the key with an Interconnect at nyc-hq (the key goes in as a secret)", () => {
    const [ic] = ofType(":Interconnect");
    expect(ic.type).to.equal("pulumi-nodejs:dynamic/interconnect:Interconnect");
    expect(ic.inputs.site).to.equal("nyc-hq");
    expect(ic.inputs.activationKey).to.deep.equal({ [specialSigKey]: specialSecretSig, value: "a2V5" });
  });

  it("creates one hosted private VIF per link on the cloud connection, with the link's VLAN, ASN and addresses", () => {
    const vifs = ofType(":HostedPrivateVirtualInterface");
    expect(vifs.map((v) => v.name)).to.deep.equal(["link-1", "link-2", "link-3", "link-4"]);
    vifs.forEach((vif, i) => {
      const link = LINKS[i];
      const [a, b, c, d] = link.ipv4Subnet.split("/")[0].split(".").map(Number);
      expect(vif.inputs).to.deep.include({
        connectionId: CLOUD_CONNECTION_ID,
        ownerAccountId: "111122223333",
        name: `interconnect-${link.name}`,
        vlan: link.vlan,
        addressFamily: "ipv4",
        bgpAsn: link.localAsn,
        amazonAddress: `${a}.${b}.${c}.${d + 1}/30`,
        customerAddress: `${a}.${b}.${c}.${d + 2}/30`,
        mtu: 9001,
      });
    });
  });

  it("accepts each VIF onto the gateway", async () => {
    const accepters = ofType(":HostedPrivateVirtualInterfaceAccepter");
    expect(accepters).to.have.length(4);
    accepters.forEach((accepter, i) => {
      expect(accepter.inputs).to.deep.include({
        virtualInterfaceId: `dxvif-link-${i + 1}`,
        dxGatewayId: GATEWAY_ID,
        tags: { link: LINKS[i].name },
      });
    });
    expect(await settle(pulumi.output(program.virtualInterfaceIds))).to.deep.equal([
      "dxvif-link-1",
      "dxvif-link-2",
      "dxvif-link-3",
      "dxvif-link-4",
    ]);
  });

  it("exports the BGP peers (customer and Amazon ASNs per VLAN)", async () => {
    expect(await settle(program.bgpPeers)).to.deep.equal(
      LINKS.map((l) => ({ link: l.name, vlan: l.vlan, customerAsn: 65010, amazonAsn: 64512, subnet: l.ipv4Subnet })),
    );
  });
});
