import { expect } from "chai";
import nock from "nock";
import { provider as rawProvider } from "../../provider/activation-key/impl";
import type { ActivationKeyInputs, ActivationKeyState } from "../../provider/activation-key/schema";
import { ResourceInitError, clientToken } from "../../provider/common/lifecycle";
import { readSettings, setConnectionSettings } from "../../provider/settings";
import { UNKNOWN } from "../../provider/common/validation";
import {
  ACTIVATION_PAGE,
  DX_GATEWAY,
  ENVIRONMENT_ID,
  aws,
  awsConnection,
  awsEnvironment,
  awsError,
  rejection,
  sentToAws,
  useTestSettings,
  useUnmatchedRequestLog,
} from "../support/fixtures";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/aws";

const provider = rawProvider as Required<typeof rawProvider>;
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/interconnect:ActivationKey::key";
const ID = "lmcc-abcd1234";
const ARN = awsConnection().arn;
const inputs = (overrides: Partial<ActivationKeyInputs> = {}): ActivationKeyInputs => ({
  environmentId: ENVIRONMENT_ID,
  bandwidthGbps: 10,
  attachPoint: DX_GATEWAY,
  remoteAccount: "partner-acct-1",
  waitFor: "requested",
  resourceUrn: URN,
  ...overrides,
});
const state = (overrides: Partial<ActivationKeyState> = {}): ActivationKeyState => ({
  ...inputs(),
  activationKey: awsConnection().activationKey,
  connectionId: ID,
  arn: ARN,
  sharedId: awsConnection().sharedId,
  state: "requested",
  connectionBandwidthGbps: 10,
  location: "New York NY5",
  provider: "Equinix",
  activationPageUrl: ACTIVATION_PAGE,
  ...overrides,
});

describe("ActivationKey provider", () => {
  const progress = useTestSettings();
  const unmatched = useUnmatchedRequestLog();

  describe("check (no API call)", () => {
    const failuresOf = async (args: Record<string, unknown>) =>
      (await provider.check({} as never, { ...inputs(), ...args })).failures!;

    const cases: [string, Record<string, unknown>, string][] = [
      ["environmentId", { environmentId: "" }, "an environment id"],
      ["environmentId", { environmentId: "   " }, "an environment id"],
      ["environmentId", { environmentId: "e".repeat(65) }, "at most 64"],
      ["bandwidthGbps", { bandwidthGbps: 3 }, BANDWIDTH_TIERS_GBPS.join(", ")],
      ["bandwidthGbps", { bandwidthGbps: "ten" }, BANDWIDTH_TIERS_GBPS.join(", ")],
      ["attachPoint", { attachPoint: "dxgw-0123abcd" }, "Direct Connect gateway id"],
      ["attachPoint", { attachPoint: "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-1" }, "connection ARN"],
      ["remoteAccount", { remoteAccount: "bad account!" }, "letters, digits"],
      ["description", { description: "no/slashes" }, "letters, digits, spaces"],
      ["description", { description: "d".repeat(256) }, "1 to 255"],
      ["tags", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "at most 50 tags"],
      ["tags.", { tags: { ["k".repeat(129)]: "v" } }, "tag keys must be 1 to 128"],
      ["tags.team", { tags: { team: "v".repeat(257) } }, "at most 256"],
      ["tags.aws:team", { tags: { "aws:team": "v" } }, 'may not start with "aws:"'],
      ["tags.AWS:cost", { tags: { "AWS:cost": "v" } }, 'may not start with "aws:"'],
      ["tags.constructor", { tags: { constructor: "v" } }, "JavaScript object name"],
      ["waitFor", { waitFor: "verified" }, '"requested" or "available"'],
      ["timeouts.create", { timeouts: { create: "5 minutes" } }, "duration"],
    ];
    for (const [field, args, allowed] of cases) {
      it(`refuses ${field} ${JSON.stringify(args).slice(0, 60)}`, async () => {
        const failures = await failuresOf(args);
        expect(failures, JSON.stringify(failures)).to.have.length.greaterThan(0);
        const failure = failures.find((f) => f.property.startsWith(field.replace(/\.$/, "")))!;
        expect(failure, JSON.stringify(failures)).to.not.equal(undefined);
        expect(failure.reason).to.contain(allowed).and.contain("got");
        expect(unmatched).to.deep.equal([]);
      });
    }

    it("accepts a gateway UUID, a connection ARN and no remoteAccount; fills waitFor", async () => {
      const result = await provider.check({} as never, { ...inputs(), waitFor: undefined } as never);
      expect(result.failures).to.deep.equal([]);
      expect(result.inputs).to.include({ environmentId: ENVIRONMENT_ID, waitFor: "requested" });
      const byArn = await provider.check({} as never, inputs({ attachPoint: ARN, remoteAccount: undefined }));
      expect(byArn.failures).to.deep.equal([]);
    });

    it("accepts values unknown during preview", async () => {
      const result = await provider.check(
        {} as never,
        inputs({ bandwidthGbps: UNKNOWN as never, environmentId: UNKNOWN, attachPoint: UNKNOWN }),
      );
      expect(result.failures).to.deep.equal([]);
    });

    it("the step guard refuses a raise of more than two tiers, with the monthly cost delta", async () => {
      const priceTable = { "10": 1200, "100": 9000 };
      const { failures } = await provider.check(inputs(), inputs({ bandwidthGbps: 100, priceTable }));
      expect(failures).to.have.length(1);
      expect(failures![0].property).to.equal("bandwidthGbps");
      expect(failures![0].reason).to.contain("10 => 100 raises the connection 3 tiers at once (10 → 25 → 50 → 100)");
      expect(failures![0].reason).to.contain("Monthly cost: 1200 => 9000 (+7800 per month).");
      expect(sentToAws).to.deep.equal([]);
    });

    it("the step guard lets allowLargeBandwidthStep, a wider maxBandwidthStepTiers and any decrease through", async () => {
      for (const news of [
        inputs({ bandwidthGbps: 100, allowLargeBandwidthStep: true }),
        inputs({ bandwidthGbps: 100, maxBandwidthStepTiers: 3 }),
        inputs({ bandwidthGbps: 1 }),
      ]) {
        expect((await provider.check(inputs(), news)).failures, JSON.stringify(news)).to.deep.equal([]);
      }
    });
  });

  describe("diff", () => {
    it("updates bandwidth, description, tags and waitFor in place", async () => {
      for (const change of [
        { bandwidthGbps: 25 as const },
        { description: "x" },
        { tags: { team: "net" } },
        { waitFor: "available" as const },
      ]) {
        expect(await provider.diff(ID, state(), inputs(change)), JSON.stringify(change)).to.deep.equal({
          changes: true,
          replaces: [],
        });
      }
    });

    it("replaces on environmentId, attachPoint and remoteAccount", async () => {
      const result = await provider.diff(
        ID,
        state(),
        inputs({ environmentId: "other", attachPoint: ARN, remoteAccount: "x" }),
      );
      expect(result).to.deep.equal({ changes: true, replaces: ["environmentId", "attachPoint", "remoteAccount"] });
    });

    it("reports no change for identical inputs (tags in any order)", async () => {
      const tags = { a: "1", b: "2" };
      expect(await provider.diff(ID, state({ tags }), inputs({ tags: { b: "2", a: "1" } }))).to.deep.equal({
        changes: false,
        replaces: [],
      });
    });
  });

  describe("create", () => {
    it("sends the CreateConnection body per the contract, with a deterministic token, and returns the key", async () => {
      aws("GetEnvironment", { id: ENVIRONMENT_ID }).twice().reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").twice().reply(200, { connection: awsConnection() });
      aws("ListTagsForResource", { arn: ARN })
        .twice()
        .reply(200, { tags: { team: "net" } });
      const first = await provider.create(inputs({ description: "hq", tags: { team: "net" } }));
      const retried = await provider.create(inputs({ description: "hq", tags: { team: "net" } }));
      const bodies = sentToAws.filter((s) => s.operation === "CreateConnection").map((s) => s.body);
      expect(bodies[0]).to.deep.equal({
        environmentId: ENVIRONMENT_ID,
        bandwidth: "10Gbps",
        attachPoint: { directConnectGateway: DX_GATEWAY },
        remoteAccount: { identifier: "partner-acct-1" },
        description: "hq",
        tags: { team: "net" },
        clientToken: bodies[0].clientToken,
      });
      expect(bodies[0].clientToken)
        .to.equal(bodies[1].clientToken)
        .and.match(/^pulumi-[0-9a-f]{40}-0$/);
      expect(first.id).to.equal(ID);
      expect(retried.id).to.equal(ID);
      expect(first.outs).to.include({
        activationKey: awsConnection().activationKey,
        connectionId: ID,
        arn: ARN,
        state: "requested",
        connectionBandwidthGbps: 10,
        provider: "Equinix",
        location: "New York NY5",
        activationPageUrl: ACTIVATION_PAGE,
        billingTier: 3,
      });
      expect(first.outs!.tags).to.deep.equal({ team: "net" });
      expect(progress.lines.join("\n")).not.to.contain(awsConnection().activationKey);
    });

    it("records only the tags AWS confirms: one AWS dropped is not recorded as applied", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      aws("ListTagsForResource", { arn: ARN }).reply(200, { tags: { team: "net" } });
      const created = await provider.create(inputs({ tags: { team: "net", owner: "noc" } }));
      expect(created.outs!.tags).to.deep.equal({ team: "net" });
      const next = await provider.diff(ID, created.outs!, inputs({ tags: { team: "net", owner: "noc" } }));
      expect(next.changes, "the dropped tag is a change on the next preview").to.equal(true);
    });

    it("sends an ARN attach point as {arn} and leaves out what was not given", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      await provider.create(inputs({ attachPoint: ARN, remoteAccount: undefined }));
      const body = sentToAws.find((s) => s.operation === "CreateConnection")!.body;
      expect(Object.keys(body).sort()).to.deep.equal(["attachPoint", "bandwidth", "clientToken", "environmentId"]);
      expect(body.attachPoint).to.deep.equal({ arn: ARN });
    });

    it("derives the token from every member sent: description, tags and remote account change it, tag order does not", async () => {
      const variants = [
        inputs({ description: "hq", tags: { team: "net", owner: "noc" } }),
        inputs({ description: "hq", tags: { owner: "noc", team: "net" } }),
        inputs({ description: "hq2", tags: { team: "net", owner: "noc" } }),
        inputs({ description: "hq", tags: { team: "net" } }),
        inputs({ description: "hq" }),
        inputs({ description: "hq", tags: { team: "net", owner: "noc" }, remoteAccount: undefined }),
      ];
      aws("GetEnvironment").times(variants.length).reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").times(variants.length).reply(200, { connection: awsConnection() });
      aws("ListTagsForResource").times(5).reply(200, { tags: {} });
      for (const variant of variants) await provider.create(variant);
      const bodies = sentToAws.filter((s) => s.operation === "CreateConnection").map((s) => s.body);
      // Each token stands for exactly the body it came with.
      expect(bodies.map((b) => b.clientToken)).to.deep.equal(bodies.map((b) => clientToken(URN, b, 0)));
      const [first, reordered, ...edited] = bodies.map((b) => b.clientToken);
      expect(reordered, "tags in another order").to.equal(first);
      expect(new Set([first, ...edited]).size, "a token per edited request").to.equal(edited.length + 1);
    });

    it("moves past a token whose connection was deleted", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection({ id: "lmcc-old00000", state: "deleted" }) });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      expect((await provider.create(inputs())).id).to.equal(ID);
      const tokens = sentToAws.filter((s) => s.operation === "CreateConnection").map((s) => String(s.body.clientToken));
      expect(tokens[0]).to.match(/-0$/);
      expect(tokens[1]).to.match(/-1$/);
    });

    it("lists the offered environments when the environment does not exist", async () => {
      aws("GetEnvironment").reply(404, awsError("ResourceNotFoundException"));
      aws("ListEnvironments").reply(200, { environments: [awsEnvironment()], nextToken: "p2" });
      aws("ListEnvironments", { nextToken: "p2" }).reply(200, {
        environments: [awsEnvironment({ environmentId: "us-east-1-lon" })],
      });
      const e = await rejection(provider.create(inputs({ environmentId: "nowhere" })));
      expect(e.message).to.contain('"nowhere"').and.contain(ENVIRONMENT_ID).and.contain("us-east-1-lon");
    });

    it("lists the supported tiers when the environment does not offer the bandwidth", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      const e = await rejection(provider.create(inputs({ bandwidthGbps: 100 })));
      expect(e.message)
        .to.contain("100 Gbps")
        .and.contain("supported: 1, 2, 5, 10, 25")
        .and.contain("available now: 1, 10, 25");
    });

    it("names the available tiers when AWS refuses a tier without room", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(400, awsError("InterconnectValidationException", "no capacity"));
      const e = await rejection(provider.create(inputs({ bandwidthGbps: 5 })));
      expect(e.message).to.contain("no capacity").and.contain("available: 1, 10, 25 Gbps");
    });

    it("refuses a connection owned by another account than interconnect:accountId", async () => {
      setConnectionSettings({ ...readSettings(), accountId: "999999999999" });
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      const e = await rejection(provider.create(inputs()));
      expect(e.message).to.contain("111122223333").and.contain("interconnect:accountId");
    });
  });

  describe("portal flow (waitFor: available)", () => {
    it("waits for available, printing the activation page and the state, never the key", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "pending" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      const result = await provider.create(inputs({ waitFor: "available" }));
      expect(result.outs!.state).to.equal("available");
      const lines = progress.lines.join("\n");
      expect(lines).to.contain(ACTIVATION_PAGE).and.contain("state pending").and.contain("state available");
      expect(lines).not.to.contain(awsConnection().activationKey);
    });

    it("keeps the connection in state on a timeout, and the next update resumes the wait (no second connection)", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      aws("GetConnection")
        .times(20)
        .reply(200, { connection: awsConnection({ state: "requested" }) });
      const e = await rejection(provider.create(inputs({ waitFor: "available", timeouts: { create: "300ms" } })));
      nock.cleanAll();
      expect(e).to.be.instanceOf(ResourceInitError);
      const partial = e as ResourceInitError;
      expect(partial.id).to.equal(ID);
      expect(partial.properties).to.include({ connectionId: ID, state: "requested" });
      expect(partial.reasons[0]).to.contain("timed out");

      // Next `up`: the engine updates the partially created resource; update waits, no CreateConnection.
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "pending" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      const olds = partial.properties as unknown as ActivationKeyState;
      const resumed = await provider.update(ID, olds, inputs({ waitFor: "available", timeouts: { create: "300ms" } }));
      expect(resumed.outs!.state).to.equal("available");
      expect(sentToAws.filter((s) => s.operation === "CreateConnection")).to.have.length(1);
    });

    it("fails with the state when the connection goes down or failed", async () => {
      aws("GetEnvironment").reply(200, { environment: awsEnvironment() });
      aws("CreateConnection").reply(200, { connection: awsConnection() });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "failed" }) });
      const e = await rejection(provider.create(inputs({ waitFor: "available" })));
      expect(e).to.be.instanceOf(ResourceInitError);
      expect(e.message).to.contain("connection is failed");
    });
  });

  describe("read", () => {
    it("returns no id when the connection is gone (ResourceNotFoundException or deleted)", async () => {
      aws("GetConnection").reply(404, awsError("ResourceNotFoundException"));
      expect(await provider.read(ID, state())).to.deep.equal({});
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "deleted" }) });
      expect(await provider.read(ID, state())).to.deep.equal({});
    });

    it("reads drift: bandwidth while requested, description when set, tags, state; keeps declared inputs", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, description: "changed" }) });
      aws("ListTagsForResource", { arn: ARN }).reply(200, { tags: { owner: "someone" } });
      const result = await provider.read(ID, state({ description: "hq" }));
      expect(result.props).to.include({ bandwidthGbps: 25, description: "changed", state: "requested" });
      expect(result.props!.tags).to.deep.equal({ owner: "someone" });
      expect(result.inputs).to.include({ bandwidthGbps: 10, description: "hq" });
    });

    it("reports, but does not undo, a resize made elsewhere once the key is in use; an undeclared description", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "available" }) });
      aws("ListTagsForResource").reply(200, {});
      const result = await provider.read(ID, state());
      expect(result.props).to.include({ bandwidthGbps: 10, connectionBandwidthGbps: 25, state: "available" });
      expect(progress.lines.join("\n")).to.match(/AWS reports 25Gbps, declared 10 Gbps: resized outside this resource/);
      expect(result.props).not.to.have.property("description");
      expect(result.props).not.to.have.property("tags");
    });
  });

  describe("update", () => {
    it("resizes the key with UpdateConnection while requested", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection() });
      aws("UpdateConnection", { identifier: ID, bandwidth: "25Gbps" }).reply(200, {
        connection: awsConnection({ gbps: 25 }),
      });
      const result = await provider.update(ID, state(), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, connectionBandwidthGbps: 25 });
    });

    it("resizes an accepted connection: one UpdateConnection, then waits through updating to available", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      aws("UpdateConnection", { identifier: ID, bandwidth: "25Gbps" }).reply(200, {
        connection: awsConnection({ gbps: 25, state: "updating" }),
      });
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "updating" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "available" }) });
      const result = await provider.update(ID, state({ state: "available" }), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, connectionBandwidthGbps: 25, state: "available" });
      const sent = sentToAws.filter((s) => s.operation === "UpdateConnection");
      expect(sent.map((s) => s.body)).to.deep.equal([{ identifier: ID, bandwidth: "25Gbps" }]);
      expect(progress.lines.join("\n")).to.contain("bandwidthGbps 10 => 25: UpdateConnection");
    });

    it("resumes a resize AWS already has (an interrupted wait) without a second UpdateConnection", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "updating" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "available" }) });
      const result = await provider.update(ID, state({ state: "updating" }), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, connectionBandwidthGbps: 25, state: "available" });
      expect(sentToAws.map((s) => s.operation)).to.deep.equal(["GetConnection", "GetConnection"]);
    });

    it("a wait cut short keeps the size AWS confirmed in state, so the next up waits again", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      aws("UpdateConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "updating" }) });
      aws("GetConnection")
        .times(50)
        .reply(200, { connection: awsConnection({ gbps: 25, state: "updating" }) });
      const news = inputs({ bandwidthGbps: 25, timeouts: { update: "1s" } });
      const e = await rejection(provider.update(ID, state({ state: "available" }), news));
      expect(e).to.be.instanceOf(ResourceInitError);
      const partial = (e as ResourceInitError).properties;
      expect(partial).to.include({ bandwidthGbps: 10, connectionBandwidthGbps: 25, state: "updating" });
      expect(e.message).to.match(/timed out .* available at 25 Gbps/);
      nock.cleanAll();
    });

    it("a refused resize fails with the tier, AWS's reason and a remedy, and keeps the old state", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      aws("UpdateConnection").reply(
        402,
        awsError("ServiceQuotaExceededException", "ic-1 has no room for 25Gbps (a migration is needed)"),
      );
      const e = await rejection(provider.update(ID, state({ state: "available" }), inputs({ bandwidthGbps: 25 })));
      expect(e).not.to.be.instanceOf(ResourceInitError);
      expect(e.message).to.match(/refused to resize the connection 10 => 25 Gbps/);
      expect(e.message).to.contain("ic-1 has no room for 25Gbps");
      expect(e.message).to.contain("stays at 10Gbps");
      expect(e.message).to.match(/Choose a tier/);
      expect(sentToAws.filter((s) => s.operation === "UpdateConnection")).to.have.length(1);
    });

    for (const refused of ["down", "failed"] as const) {
      it(`refuses to resize a ${refused} connection, naming the state, and sends nothing`, async () => {
        aws("GetConnection").reply(200, { connection: awsConnection({ state: refused }) });
        const e = await rejection(provider.update(ID, state({ state: refused }), inputs({ bandwidthGbps: 25 })));
        expect(e.message).to.contain(`the connection is ${refused} at AWS`);
        expect(e.message).to.contain("nothing was sent");
        expect(sentToAws.map((s) => s.operation)).to.deep.equal(["GetConnection"]);
      });
    }

    it("waits for a pending connection to be available before it asks for the resize", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "pending" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "available" }) });
      aws("UpdateConnection", { identifier: ID, bandwidth: "25Gbps" }).reply(200, {
        connection: awsConnection({ gbps: 25, state: "updating" }),
      });
      aws("GetConnection").reply(200, { connection: awsConnection({ gbps: 25, state: "available" }) });
      const result = await provider.update(ID, state({ state: "pending" }), inputs({ bandwidthGbps: 25 }));
      expect(result.outs).to.include({ bandwidthGbps: 25, state: "available" });
      expect(sentToAws.map((s) => s.operation)).to.deep.equal([
        "GetConnection",
        "GetConnection",
        "UpdateConnection",
        "GetConnection",
      ]);
    });

    it("updates the description in place", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection() });
      aws("UpdateConnection", { identifier: ID, description: "new name" }).reply(200, {
        connection: awsConnection({ description: "new name" }),
      });
      await provider.update(ID, state({ description: "hq" }), inputs({ description: "new name" }));
    });

    it("applies the tag diff: untags removed keys, tags new and changed ones", async () => {
      aws("GetConnection").reply(200, { connection: awsConnection() });
      aws("UntagResource", { arn: ARN, tagKeys: ["gone"] }).reply(200, {});
      aws("TagResource", { arn: ARN, tags: { changed: "2", added: "3" } }).reply(200, {});
      aws("ListTagsForResource", { arn: ARN }).reply(200, { tags: { kept: "1", changed: "2", added: "3" } });
      const result = await provider.update(
        ID,
        state({ tags: { kept: "1", changed: "1", gone: "x" } }),
        inputs({ tags: { kept: "1", changed: "2", added: "3" } }),
      );
      expect(result.outs!.tags).to.deep.equal({ kept: "1", changed: "2", added: "3" });
    });
  });

  describe("delete", () => {
    it("treats an already deleted connection as success", async () => {
      aws("DeleteConnection", { identifier: ID }).reply(404, awsError("ResourceNotFoundException"));
      await provider.delete(ID, state());
    });

    it("waits until the connection is deleted", async () => {
      aws("DeleteConnection", { identifier: ID }).reply(200, { connection: awsConnection({ state: "deleting" }) });
      aws("GetConnection").reply(200, { connection: awsConnection({ state: "deleting" }) });
      aws("GetConnection").reply(404, awsError("ResourceNotFoundException"));
      await provider.delete(ID, state());
    });
  });
});
