// Wiring of the resource classes under pulumi.runtime mocks. The mock monitor does not apply
// additionalSecretOutputs (the engine does), so this one records the option and applies it the same way.
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import * as resources from "../../provider";

const DX_GATEWAY = "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01";
const KEY_ARGS = {
  environmentId: "us-east-1-nyc",
  bandwidthGbps: 10 as const,
  attachPoint: DX_GATEWAY,
  remoteAccount: "partner-acct-1",
};
const KEY = Buffer.from(JSON.stringify({ sharedConnectionUuid: "u-1", connectionSizeMbps: 10000 })).toString("base64");
const registered = new Map<string, { type: string; inputs: Record<string, unknown>; secretOutputs: string[] }>();

const mocks: pulumi.runtime.Mocks = {
  call: () => ({}),
  newResource: (args) => {
    const secretOutputs = pendingSecretOutputs.get(args.name) ?? [];
    registered.set(args.name, { type: args.type, inputs: args.inputs, secretOutputs });
    const outputs: Record<string, unknown> = args.type.endsWith(":ActivationKey")
      ? { ...args.inputs, activationKey: KEY, connectionId: "lmcc-abcd1234", sharedId: "u-1", state: "requested" }
      : args.type.endsWith(":ConnectionProposalAccepter")
        ? { ...args.inputs, connectionId: "lmcc-efgh5678", state: "pending", bandwidthGbps: 10, environmentId: "env-1" }
        : {
            ...args.inputs,
            connectionId: "pc-1",
            state: "available",
            verificationState: "VERIFIED",
            bandwidthGbps: 10,
            links: [],
          };
    for (const name of secretOutputs) outputs[name] = { [specialSigKey]: specialSecretSig, value: outputs[name] };
    // The providers' id is the connection id (the classes read connectionId from id).
    return { id: String(outputs.connectionId), state: outputs };
  },
};

const pendingSecretOutputs = new Map<string, string[]>();
const monitor = new MockMonitor(mocks);
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: any) => {
  pendingSecretOutputs.set(req.getName(), req.getAdditionalsecretoutputsList());
  return registerResource(req, callback);
};

const settle = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const isSecret = (output: pulumi.Output<unknown>) => (output as unknown as { isSecret: Promise<boolean> }).isSecret;

describe("resource wiring (mocks)", () => {
  before(async () => {
    // setMocks turns on the monitor features; then swap in the recording monitor.
    await pulumi.runtime.setMocks(mocks, "proj", "dev", false);
    setMockOptions(monitor, "proj", "dev", false);
  });

  it("ActivationKey registers its type, inputs and a secret key", async () => {
    const key = new resources.ActivationKey("key", KEY_ARGS);
    expect(await settle(key.connectionId)).to.equal("lmcc-abcd1234");
    expect(await settle(key.activationKey)).to.equal(KEY);
    expect(await isSecret(key.activationKey)).to.equal(true);
    expect(await isSecret(key.connectionId)).to.equal(false);
    const seen = registered.get("key")!;
    expect(seen.type).to.equal("pulumi-nodejs:dynamic/interconnect:ActivationKey");
    expect(seen.secretOutputs).to.include("activationKey");
    expect(seen.inputs.resourceUrn).to.equal(
      "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ActivationKey::key",
    );
    expect(String(seen.inputs.__provider)).to.contain('require("pulumi-interconnect/provider").load("ActivationKey")');
    expect(Object.keys(seen.inputs)).not.to.include.members(["region", "profile", "awsCredentials"]);
  });

  it("Interconnect takes the key as a secret input and exposes its outputs", async () => {
    const key = new resources.ActivationKey("key2", KEY_ARGS);
    const ic = new resources.Interconnect("ic", {
      activationKey: key.activationKey,
      site: "nyc-hq",
      diversity: ["device"],
    });
    expect(await settle(ic.state)).to.equal("available");
    expect(await settle(ic.bandwidthGbps)).to.equal(10);
    expect(await isSecret(ic.activationKey)).to.equal(true);
    const seen = registered.get("ic")!;
    expect(seen.type).to.equal("pulumi-nodejs:dynamic/interconnect:Interconnect");
    expect(seen.secretOutputs).to.include("activationKey");
    expect(seen.inputs).to.include({ site: "nyc-hq" });
    expect(String(seen.inputs.__provider)).to.contain('require("pulumi-interconnect/provider").load("Interconnect")');
  });

  it("an Interconnect on a key of this program passes on that ActivationKey as its bandwidth owner", async () => {
    const key = new resources.ActivationKey("owner-key", { ...KEY_ARGS, bandwidthGbps: 25 });
    const owned = new resources.Interconnect("owned", { activationKey: key.activationKey, site: "nyc-hq" });
    const handedOver = new resources.Interconnect("handed-over", { activationKey: KEY, site: "nyc-hq" });
    await settle(pulumi.all([owned.state, handedOver.state]));
    expect(registered.get("owned")!.inputs.bandwidthOwner).to.deep.equal({
      resource: 'ActivationKey "owner-key"',
      bandwidthGbps: 25,
      connectionId: "lmcc-abcd1234",
    });
    expect(registered.get("handed-over")!.inputs).not.to.have.property("bandwidthOwner");
  });

  it("a tag key __proto__ (an own key) is refused before anything is registered", () => {
    const tags = JSON.parse('{"__proto__": "x", "team": "net"}') as Record<string, string>;
    expect(() => new resources.ActivationKey("proto-tags", { ...KEY_ARGS, tags })).to.throw(
      /proto-tags: tags: "__proto__" cannot be a key here/,
    );
    expect(registered.has("proto-tags")).to.equal(false);
  });

  it("ConnectionProposalAccepter takes the partner's key as a secret and registers its type", async () => {
    const accepter = new resources.ConnectionProposalAccepter("acc", { activationKey: KEY, attachPoint: DX_GATEWAY });
    expect(await settle(accepter.connectionId)).to.equal("lmcc-efgh5678");
    expect(await isSecret(accepter.activationKey)).to.equal(true);
    const seen = registered.get("acc")!;
    expect(seen.type).to.equal("pulumi-nodejs:dynamic/interconnect:ConnectionProposalAccepter");
    expect(seen.secretOutputs).to.include("activationKey");
    expect(seen.inputs.resourceUrn).to.equal(
      "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ConnectionProposalAccepter::acc",
    );
    expect(String(seen.inputs.__provider)).to.contain(
      'require("pulumi-interconnect/provider").load("ConnectionProposalAccepter")',
    );
  });
});
