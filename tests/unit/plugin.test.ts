// The provider plugin (provider/plugin/): dispatch by type token to the dynamic face's implementations, the URN
// injected from the request, secrets unwrapped on the way in and re-marked on the way out, Configure's variables
// mapped to the settings, and `pulumi import` reads (no state) of each importable resource.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import nock from "nock";
import { COORDINATOR_SPEC_VERSION } from "../../schema/customer";
import { clientToken } from "../../provider/common/lifecycle";
import { DEFAULT_MAX_STEP_TIERS } from "../../provider/types";
import { load } from "../../provider/registry";
import { configOf, configKey } from "../../provider/plugin/configuration";
import { typeOfUrn, withUrn } from "../../provider/plugin/dispatch";
import { interconnectProvider } from "../../provider/plugin/provider";
import { isSecretStruct, markSecrets, secretOf, unwrapBag } from "../../provider/plugin/secrets";
import { configureFromStack, readSettings, resetConnectionSettings } from "../../provider/settings";
import {
  DX_GATEWAY,
  ENVIRONMENT_ID,
  PARTNER,
  SHARED_UUID,
  aws,
  awsConnection,
  awsEnvironment,
  encodeKey,
  partnerConnection,
  partnerSpeaks,
  useTestSettings,
} from "../support/fixtures";

const ROOT = path.resolve(__dirname, "../..");
const urnOf = (type: string, name = "res") => `urn:pulumi:dev::proj::interconnect:index:${type}::${name}`;
const KEY_URN = urnOf("ActivationKey", "hq");
const ID = "lmcc-abcd1234";
const SCHEMA = fs.readFileSync(path.join(ROOT, "schema/pulumi-package.json"), "utf8");
const plugin = interconnectProvider("0.1.0", () => SCHEMA);
type Bag = Record<string, unknown>;

const keyArgs = (overrides: Bag = {}): Bag => ({
  environmentId: ENVIRONMENT_ID,
  bandwidthGbps: 10,
  attachPoint: DX_GATEWAY,
  ...overrides,
});

describe("provider plugin: dispatch by type token", () => {
  useTestSettings();

  it("names each resource by the last type of its URN's (parent-qualified) type", () => {
    for (const type of ["ActivationKey", "Interconnect", "RedundantLinkGroup", "ConnectionProposalAccepter"])
      expect(typeOfUrn(urnOf(type))).to.equal(type);
    expect(typeOfUrn("urn:pulumi:dev::proj::my:index:Component$interconnect:index:Interconnect::x")).to.equal(
      "Interconnect",
    );
  });

  it("refuses a token it does not serve, naming the ones it does", () => {
    expect(() => typeOfUrn("urn:pulumi:dev::proj::interconnect:index:Nope::x")).to.throw(
      /no resource type "interconnect:index:Nope".*interconnect:index:ActivationKey/,
    );
    expect(() => typeOfUrn("urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:Interconnect::x")).to.throw();
  });

  it("checks with the dynamic face's implementation: the same failure, the same message", async () => {
    const bad = keyArgs({ bandwidthGbps: 7 });
    const viaPlugin = await plugin.check!(KEY_URN, {}, bad);
    const viaDynamic = await load("ActivationKey").check!({}, { ...bad, resourceUrn: KEY_URN });
    expect(viaPlugin.failures).to.have.length(1);
    expect(viaPlugin.failures).to.deep.equal(viaDynamic.failures);
  });

  it("fills the schema's defaults and never returns the internal inputs, whoever set them", async () => {
    const given = keyArgs({ resourceUrn: "urn:pulumi:x::y::z::forged", bandwidthOwner: { resource: "r" } });
    const { inputs, failures } = await plugin.check!(KEY_URN, {}, given);
    expect(failures).to.deep.equal([]);
    expect(inputs).to.include({ waitFor: "requested", environmentId: ENVIRONMENT_ID });
    expect(inputs).not.to.have.any.keys("resourceUrn", "bandwidthOwner");
    expect(withUrn(KEY_URN, given)).to.include({ resourceUrn: KEY_URN }).and.not.have.key("bandwidthOwner");
  });

  it("serves the package schema from GetSchema", async () => {
    const schema = JSON.parse(await plugin.getSchema!()) as { name: string; resources: Bag };
    expect(schema.name).to.equal("interconnect");
    expect(Object.keys(schema.resources)).to.have.length(4);
  });
});

describe("provider plugin: the URN comes from the request", () => {
  useTestSettings();

  it("seeds CreateConnection's idempotency token with the request's URN, not a forged resourceUrn", async () => {
    const request = {
      environmentId: ENVIRONMENT_ID,
      bandwidth: "10Gbps",
      attachPoint: { directConnectGateway: DX_GATEWAY },
    };
    aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
    aws("CreateConnection", { ...request, clientToken: clientToken(KEY_URN, request, 0) }).reply(200, {
      connection: awsConnection(),
    });
    const inputs = keyArgs({ waitFor: "requested", resourceUrn: "urn:pulumi:x::y::z::forged" });
    const created = await plugin.create!(KEY_URN, inputs);
    expect(created.id).to.equal(ID);
    expect(created.outs).not.to.have.property("resourceUrn");
  });
});

describe("provider plugin: secrets", () => {
  useTestSettings();

  it("unwraps secret structs at any depth and tells which top-level keys held one", () => {
    const { plain, secretKeys } = unwrapBag({ a: secretOf("x"), b: { c: [secretOf(1)] }, d: "plain" });
    expect(plain).to.deep.equal({ a: "x", b: { c: [1] }, d: "plain" });
    expect(secretKeys).to.deep.equal(["a", "b"]);
  });

  it("marks the named keys, and their declared values, once; leaves absent values alone", () => {
    const marked = markSecrets({ k: "v", n: undefined, o: secretOf("s"), declaredInputs: { k: "w" } }, ["k", "n", "o"]);
    expect(marked.k).to.deep.equal(secretOf("v"));
    expect(marked.n).to.equal(undefined);
    expect(marked.o).to.deep.equal(secretOf("s"));
    expect((marked.declaredInputs as Bag).k).to.deep.equal(secretOf("w"));
  });

  it("an Interconnect's key arrives secret, is checked in the clear and goes back secret", async () => {
    const key = encodeKey(10);
    const news = { activationKey: secretOf(key), site: "nyc-hq" };
    const { inputs, failures } = await plugin.check!(urnOf("Interconnect"), {}, news);
    expect(failures).to.deep.equal([]);
    expect(inputs.activationKey).to.deep.equal(secretOf(key));
    expect(JSON.stringify({ ...inputs, activationKey: undefined })).not.to.contain(key);
  });

  it("an ActivationKey's key output and an argument that came in secret leave marked", async () => {
    aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
    aws("CreateConnection").reply(200, { connection: awsConnection() });
    aws("TagResource").optionally().reply(200, {});
    const created = await plugin.create!(KEY_URN, keyArgs({ waitFor: "requested", description: secretOf("hq") }));
    expect(isSecretStruct(created.outs.activationKey)).to.equal(true);
    expect(created.outs.description).to.deep.equal(secretOf("hq"));
    expect(created.outs.connectionId).to.equal(ID);
  });
});

describe("provider plugin: configuration", () => {
  afterEach(resetConnectionSettings);

  it("maps `interconnect:config:<key>` variables and plain-keyed args to `interconnect:<key>`", () => {
    expect(configKey("interconnect:config:cloudEndpoint")).to.equal("interconnect:cloudEndpoint");
    expect(configKey("partnerToken")).to.equal("interconnect:partnerToken");
    expect(configKey("aws:region")).to.equal("aws:region");
    const config = configOf(
      { "interconnect:config:cloudEndpoint": "http://cloud", "interconnect:config:region": "eu-west-1" },
      { partnerToken: secretOf("tok"), accountId: 111122223333, region: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
    );
    expect(config.get("interconnect:cloudEndpoint")).to.equal("http://cloud");
    expect(config.get("interconnect:partnerToken")).to.equal("tok");
    expect(config.get("interconnect:accountId")).to.equal("111122223333");
    expect(config.get("interconnect:region"), "an unknown arg leaves the variable").to.equal("eu-west-1");
    expect(() => config.require("interconnect:partnerEndpoint")).to.throw(/interconnect:partnerEndpoint/);
  });

  it("configures the settings as the dynamic face does", () => {
    configureFromStack(configOf({ "interconnect:config:partnerEndpoint": "http://partner" }, { region: "us-west-2" }));
    expect(readSettings()).to.include({ partnerEndpoint: "http://partner", region: "us-west-2" });
  });
});

describe("provider plugin: pulumi import (read with no state)", () => {
  useTestSettings();

  it("ActivationKey by its lmcc- id: inputs from the live connection, the key marked secret", async () => {
    aws("GetConnection").reply(200, { connection: awsConnection() });
    aws("ListTagsForResource").reply(200, { tags: { team: "net" } });
    aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
    const read = await plugin.read!(ID, KEY_URN, {});
    expect(read.id).to.equal(ID);
    expect(read.inputs).to.deep.equal({ ...keyArgs(), description: "hq", tags: { team: "net" }, waitFor: "requested" });
    expect(isSecretStruct(read.props.activationKey)).to.equal(true);
  });

  it("Interconnect by its partner connection id: the key read at AWS by shared id, marked secret", async () => {
    partnerSpeaks(COORDINATOR_SPEC_VERSION);
    nock(PARTNER).get("/v1/connections/pc-1").reply(200, partnerConnection());
    aws("ListConnections").reply(200, { connections: [awsConnection({ sharedId: SHARED_UUID })] });
    aws("GetConnection", { identifier: ID }).reply(200, { connection: awsConnection() });
    const read = await plugin.read!("pc-1", urnOf("Interconnect"), {});
    expect(read.id).to.equal("pc-1");
    expect(read.inputs).to.deep.equal({
      activationKey: secretOf(encodeKey(10)),
      site: "nyc-hq",
      macsec: "required",
      waitFor: "verified",
      maxBandwidthStepTiers: DEFAULT_MAX_STEP_TIERS,
    });
    expect(read.props).to.include({ connectionId: "pc-1", bandwidthGbps: 10 });
    expect(JSON.stringify(read.props)).not.to.contain("resourceUrn");
  });

  it("ConnectionProposalAccepter by its lmcc- id", async () => {
    aws("GetConnection").reply(200, { connection: awsConnection({ state: "pending" }) });
    aws("ListTagsForResource").reply(200, {});
    const read = await plugin.read!(ID, urnOf("ConnectionProposalAccepter"), {});
    expect(read.inputs).to.deep.equal({
      activationKey: secretOf(encodeKey(10)),
      attachPoint: DX_GATEWAY,
      description: "hq",
      waitFor: "pending",
    });
    expect(isSecretStruct(read.props.activationKey)).to.equal(true);
  });

  it("a connection that is gone reads as no id", async () => {
    aws("GetConnection").reply(200, { connection: awsConnection({ state: "deleted" }) });
    expect(await plugin.read!(ID, KEY_URN, {})).to.deep.equal({ id: "", props: {} });
  });
});
