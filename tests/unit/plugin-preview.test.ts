// The plugin's answers to the engine's previews of a create or an update (provider/plugin/preview.ts): no API call,
// the outputs an in-place update keeps known (an ActivationKey's key), those it re-reads unknown, secrets marked.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { UNKNOWN } from "../../provider/common/validation";
import { KEPT_BY_UPDATE } from "../../provider/plugin/preview";
import { interconnectProvider } from "../../provider/plugin/provider";
import { isSecretStruct, secretOf } from "../../provider/plugin/secrets";
import { RESOURCE_FIELDS } from "../../provider/generated/resource-fields";
import { encodeKey, useTestSettings } from "../support/fixtures";

type Bag = Record<string, unknown>;
const ROOT = path.resolve(__dirname, "../..");
const plugin = interconnectProvider("0.1.0", () =>
  fs.readFileSync(path.join(ROOT, "schema/pulumi-package.json"), "utf8"),
);
const urnOf = (type: string) => `urn:pulumi:dev::proj::interconnect:index:${type}::res`;
const KEY = encodeKey(10);

const keyState: Bag = {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "dxgw-1",
  connectionId: "lmcc-abcd1234",
  activationKey: secretOf(KEY),
  arn: "arn:aws:interconnect:us-east-1:111122223333:connection/lmcc-abcd1234",
  sharedId: "shared-1",
  state: "requested",
  connectionBandwidthGbps: 10,
  location: "nyc",
  provider: "Lastmile",
  declaredInputs: { bandwidthGbps: 5 },
};

describe("provider plugin: previews", () => {
  useTestSettings(); // no HTTP mock: any API call fails the test

  it("an ActivationKey resize keeps its key (still secret) and id, takes the new size, re-reads the state", async () => {
    const news = { environmentId: "us-east-1:nyc", bandwidthGbps: 25, attachPoint: "dxgw-1", waitFor: "requested" };
    const outs = await plugin.previewUpdate("lmcc-abcd1234", urnOf("ActivationKey"), keyState, news);
    expect(outs.activationKey).to.deep.equal(secretOf(KEY));
    expect(outs).to.include({ connectionId: "lmcc-abcd1234", bandwidthGbps: 25, arn: keyState.arn, location: "nyc" });
    expect(outs).to.include({ state: UNKNOWN, connectionBandwidthGbps: UNKNOWN, billingTier: UNKNOWN });
    expect(outs).not.to.have.property("declaredInputs");
  });

  it("an Interconnect's key is the new input's, secret even when unknown; its links and states unknown", async () => {
    const olds = { activationKey: secretOf(KEY), site: "nyc-hq", connectionId: "pc-1", sharedConnectionUuid: "u-1" };
    for (const key of [encodeKey(25), UNKNOWN]) {
      const news = { activationKey: secretOf(key), site: "nyc-hq" };
      const outs = await plugin.previewUpdate("pc-1", urnOf("Interconnect"), olds, news);
      expect(outs.activationKey).to.deep.equal(secretOf(key));
      expect(outs).to.include({ connectionId: "pc-1", sharedConnectionUuid: "u-1", links: UNKNOWN, state: UNKNOWN });
      expect(JSON.stringify({ ...outs, activationKey: undefined })).not.to.contain(KEY);
    }
  });

  it("a RedundantLinkGroup's report is unknown in full; every kept output is one the resource has", async () => {
    const outs = await plugin.previewUpdate("rlg-1", urnOf("RedundantLinkGroup"), { compliant: true }, {});
    expect(outs.compliant).to.equal(UNKNOWN);
    for (const [type, kept] of Object.entries(KEPT_BY_UPDATE))
      expect(RESOURCE_FIELDS[type as keyof typeof RESOURCE_FIELDS].outputs).to.include.members([...kept]);
  });

  it("a create previews the arguments as given, secrets marked, and no output", () => {
    const outs = plugin.previewCreate(urnOf("Interconnect"), { activationKey: secretOf(UNKNOWN), site: "nyc-hq" });
    expect(outs).to.deep.equal({ activationKey: secretOf(UNKNOWN), site: "nyc-hq" });
    const key = plugin.previewCreate(urnOf("ActivationKey"), { bandwidthGbps: 10 });
    expect(key).to.deep.equal({ bandwidthGbps: 10 });
    expect(isSecretStruct(key.activationKey)).to.equal(false);
  });
});
