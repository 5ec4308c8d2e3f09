import { expect } from "chai";
import nock from "nock";
import { provider as rawProvider, ActivationKeyInputs, ActivationKeyOutputs } from "../../provider/activation-key/impl";
import { UNKNOWN } from "../../provider/common/validation";
import { CLOUD, cloudConnection, encodeKey, useTestSettings } from "./fixtures";

const provider = rawProvider as Required<typeof rawProvider>;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ActivationKey::key";
const inputs = (overrides: Partial<ActivationKeyInputs> = {}): ActivationKeyInputs => ({
  environment: "us-east-1:nyc",
  bandwidthGbps: 10,
  attachPoint: "dxgw-0123abcd",
  remoteAccountId: "partner-acct-1",
  resourceUrn: URN,
  ...overrides,
});
const state = (overrides: Partial<ActivationKeyOutputs> = {}): ActivationKeyOutputs => ({
  ...inputs(),
  key: encodeKey(10),
  connectionId: "cc-1",
  sharedConnectionUuid: cloudConnection().sharedConnectionUuid,
  state: "pending",
  expiresAt: cloudConnection().expiresAt,
  connectionBandwidthGbps: 10,
  ...overrides,
});

describe("ActivationKey provider", () => {
  const progress = useTestSettings();

  describe("check", () => {
    it("lists the tiers for a bad bandwidth and makes no HTTP call", async () => {
      const result = await provider.check({} as ActivationKeyInputs, inputs({ bandwidthGbps: 3 }));
      expect(result.failures).to.have.length(1);
      expect(result.failures![0].property).to.equal("bandwidthGbps");
      expect(result.failures![0].reason).to.contain("got 3").and.contain("1, 2, 5, 10, 25, 50, 100");
      expect(nock.pendingMocks()).to.deep.equal([]);
      expect(nock.isDone()).to.equal(true);
    });

    it("names every bad field with its value", async () => {
      const result = await provider.check({} as ActivationKeyInputs, { ...inputs(), environment: "", bandwidthGbps: "ten" as never });
      expect(result.failures!.map((f) => f.property).sort()).to.deep.equal(["bandwidthGbps", "environment"]);
      expect(result.failures!.find((f) => f.property === "bandwidthGbps")!.reason).to.contain('"ten"').and.contain("1, 2, 5");
    });

    it("accepts values unknown during preview", async () => {
      const result = await provider.check({} as ActivationKeyInputs, inputs({ bandwidthGbps: UNKNOWN as never, environment: UNKNOWN }));
      expect(result.failures).to.deep.equal([]);
    });
  });

  describe("diff", () => {
    it("updates bandwidth and description in place", async () => {
      expect(await provider.diff("cc-1", state(), inputs({ bandwidthGbps: 25 }))).to.deep.equal({ changes: true, replaces: [] });
      expect(await provider.diff("cc-1", state(), inputs({ description: "x" }))).to.deep.equal({ changes: true, replaces: [] });
    });

    it("replaces when the order changes", async () => {
      const result = await provider.diff("cc-1", state(), inputs({ environment: "us-west-2:sjc", attachPoint: "dxgw-2" }));
      expect(result).to.deep.equal({ changes: true, replaces: ["environment", "attachPoint"] });
    });

    it("reports no change for identical inputs", async () => {
      expect(await provider.diff("cc-1", state(), inputs())).to.deep.equal({ changes: false, replaces: [] });
    });
  });

  describe("create", () => {
    it("creates with a deterministic client token and returns the key", async () => {
      const tokens: string[] = [];
      nock(CLOUD)
        .post("/v1/connections", (body) => tokens.push(body.clientToken) > 0)
        .twice()
        .reply(201, cloudConnection());
      const first = await provider.create(inputs());
      const retried = await provider.create(inputs());
      expect(first.id).to.equal("cc-1");
      expect(first.outs!.key).to.equal(cloudConnection().activationKey);
      expect(first.outs).to.include({ connectionId: "cc-1", state: "pending", connectionBandwidthGbps: 10 });
      expect(retried.id).to.equal(first.id);
      expect(tokens[0]).to.equal(tokens[1]).and.match(/^pulumi-[0-9a-f]{40}-0$/);
    });

    it("moves past a token whose connection was deleted", async () => {
      const tokens: string[] = [];
      nock(CLOUD)
        .post("/v1/connections", (body) => tokens.push(body.clientToken) > 0)
        .reply(200, cloudConnection({ id: "cc-old", state: "deleted" }))
        .post("/v1/connections", (body) => tokens.push(body.clientToken) > 0)
        .reply(201, cloudConnection({ id: "cc-2" }));
      expect((await provider.create(inputs())).id).to.equal("cc-2");
      expect(tokens[0]).to.match(/-0$/);
      expect(tokens[1]).to.match(/-1$/);
    });
  });

  describe("read", () => {
    it("returns no id when the connection is gone", async () => {
      nock(CLOUD).get("/v1/connections/cc-1").reply(404, { error: { status: 404, code: "NOT_FOUND", message: "no" } });
      expect(await provider.read("cc-1", state())).to.deep.equal({});
      nock(CLOUD).get("/v1/connections/cc-1").reply(200, cloudConnection({ state: "deleted" }));
      expect(await provider.read("cc-1", state())).to.deep.equal({});
    });

    it("reports bandwidth drift while the key is unused and keeps the declared inputs", async () => {
      nock(CLOUD).get("/v1/connections/cc-1").reply(200, cloudConnection({ bandwidthGbps: 25 }));
      const result = await provider.read("cc-1", state());
      expect(result.props!.bandwidthGbps).to.equal(25);
      expect(result.inputs!.bandwidthGbps).to.equal(10);
    });

    it("ignores bandwidth the Interconnect changed once the key is in use", async () => {
      nock(CLOUD).get("/v1/connections/cc-1").reply(200, cloudConnection({ bandwidthGbps: 25, state: "available" }));
      const result = await provider.read("cc-1", state());
      expect(result.props).to.include({ bandwidthGbps: 10, connectionBandwidthGbps: 25, state: "available" });
    });
  });

  describe("update", () => {
    it("PATCHes the bandwidth while the key is unused", async () => {
      nock(CLOUD)
        .get("/v1/connections/cc-1")
        .reply(200, cloudConnection())
        .patch("/v1/connections/cc-1", { bandwidthGbps: 25 })
        .reply(200, cloudConnection({ bandwidthGbps: 25 }));
      const result = await provider.update("cc-1", state(), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, connectionBandwidthGbps: 25 });
    });

    it("records the value and explains, without an API call, once the key is in use", async () => {
      nock(CLOUD).get("/v1/connections/cc-1").reply(200, cloudConnection({ state: "available" }));
      const result = await provider.update("cc-1", state(), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, connectionBandwidthGbps: 10 });
      expect(progress.lines.join("\n")).to.contain("Interconnect.bandwidthGbps");
    });
  });

  describe("delete", () => {
    it("treats an already deleted connection as success", async () => {
      nock(CLOUD).delete("/v1/connections/cc-1").reply(404, { error: { status: 404, code: "NOT_FOUND", message: "gone" } });
      await provider.delete("cc-1", state());
    });

    it("waits until the connection is deleted", async () => {
      nock(CLOUD)
        .delete("/v1/connections/cc-1")
        .reply(200, cloudConnection({ state: "deleting" }))
        .get("/v1/connections/cc-1")
        .reply(200, cloudConnection({ state: "deleting" }))
        .get("/v1/connections/cc-1")
        .reply(404, { error: { status: 404, code: "NOT_FOUND", message: "gone" } });
      await provider.delete("cc-1", state());
    });
  });
});
