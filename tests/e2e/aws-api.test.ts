// The cloud side on the real engine, held to the official AWS Interconnect Smithy model: every awsJson1_0 request the
// provider sent and every answer the emulator gave during up, a bandwidth change, tag changes, refresh and destroy is
// validated against ../shared/aws-model/interconnect.json. Then the two acceptance paths a partner without an API
// needs: the portal flow (ActivationKey waits for `available`, a timeout resumes without a second connection) and the
// reverse flow (a key generated on the partner's portal, accepted on AWS by ConnectionProposalAccepter).
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator, type CloudExchange, type RunningEmulator } from "../../emulator/server";
import { exchangeIssues, loadInterconnectModel } from "../support/smithy-model";
import { cloudApiOf } from "../support/cloud";
import { createTestStack, type TestStack } from "../support/engine";
import { admin } from "../support/emulator";

const model = loadInterconnectModel();

const modelIssues = (exchange: CloudExchange) => exchangeIssues(model, exchange);

const operationsOf = (exchanges: CloudExchange[]) => [...new Set(exchanges.map((e) => e.operation))].sort();

describe("e2e: the AWS Interconnect API on the real engine", function () {
  this.timeout(6 * 60_000);
  const exchanges: CloudExchange[] = [];
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({
      port: 0,
      provisioningDelayMs: 100,
      onCloudExchange: (e) => void exchanges.push(e),
    });
  });
  after(async () => emulator?.stop());

  describe("up, bandwidth change, tag changes, refresh and destroy", () => {
    let stack: TestStack;
    before(async () => {
      stack = await createTestStack("tests/e2e/programs/activation-key", {
        stackName: `e2e-aws-api-${process.pid}`,
        env: providerEnv(emulator),
      });
      exchanges.length = 0;
    });
    after(async () => stack?.dispose());

    it("creates the connection: requested, an lmcc- id and an ARN", async () => {
      const res = await stack.up();
      expect(res.outputs.state).to.equal("requested");
      expect(res.outputs.connectionId).to.match(/^lmcc-[a-z0-9]{8}$/);
      expect(res.outputs.arn).to.match(/^arn:aws:interconnect:us-east-1:111122223333:connection\/lmcc-/);
    });

    it("changes the bandwidth in place with UpdateConnection", async () => {
      await stack.setConfig("bandwidthGbps", "25");
      const preview = await stack.preview();
      expect(preview.changes.map((s) => [s.op, s.diffs])).to.deep.equal([["update", ["bandwidthGbps"]]]);
      const before = exchanges.length;
      await stack.up();
      const updates = exchanges.slice(before).filter((e) => e.operation === "UpdateConnection");
      expect(updates.map((e) => (e.request as { bandwidth?: string }).bandwidth)).to.deep.equal(["25Gbps"]);
    });

    it("adds and removes tags in place with TagResource and UntagResource", async () => {
      await stack.setConfig("tags", JSON.stringify({ team: "network", cost: "cc-42" }));
      await stack.up();
      await stack.setConfig("tags", JSON.stringify({ team: "network" }));
      const res = await stack.up();
      expect(res.changes.map((s) => s.op)).to.deep.equal(["update"]);
      const tagged = exchanges.filter((e) => e.operation === "TagResource").map((e) => e.request);
      const untagged = exchanges.filter((e) => e.operation === "UntagResource").map((e) => e.request);
      expect(tagged.map((r) => (r as { tags: object }).tags)).to.deep.include({ team: "network", cost: "cc-42" });
      expect(untagged.map((r) => (r as { tagKeys: string[] }).tagKeys)).to.deep.equal([["cost"]]);
    });

    it("refreshes without drift and destroys", async () => {
      const refresh = await stack.refresh();
      expect(refresh.changes.filter((c) => c.op !== "refresh")).to.deep.equal([]);
      await stack.destroy();
      expect(exchanges.some((e) => e.operation === "DeleteConnection" && e.status === 200)).to.equal(true);
    });

    it("sent only signed, model-valid requests and got only model-valid answers", () => {
      expect(operationsOf(exchanges)).to.include.members([
        "CreateConnection",
        "DeleteConnection",
        "GetConnection",
        "TagResource",
        "UntagResource",
        "UpdateConnection",
      ]);
      // The emulator checks every SigV4 signature: a request it could not verify would show here as a 403.
      expect(exchanges.filter((e) => e.status === 403)).to.deep.equal([]);
      expect(exchanges.flatMap(modelIssues)).to.deep.equal([]);
    });
  });

  describe("a wrong secret access key", () => {
    it("is refused with 403 and the up fails saying so, creating nothing", async () => {
      const stack = await createTestStack("tests/e2e/programs/activation-key", {
        stackName: `e2e-aws-badkey-${process.pid}`,
        env: {
          ...providerEnv(emulator),
          AWS_SECRET_ACCESS_KEY: "not-the-secret",
        },
      });
      const before = exchanges.length;
      try {
        const failure = await stack.up().then(
          () => undefined,
          (e: Error) => e.message,
        );
        expect(failure, "up fails").to.be.a("string");
        expect(failure).to.match(/InvalidSignatureException|signature/i);
        expect(failure).not.to.include("not-the-secret");
        const refused = exchanges.slice(before);
        expect(refused.map((e) => e.status)).to.deep.equal([403]); // never retried
        expect(await cloudApiOf(emulator).liveConnections()).to.deep.equal([]);
      } finally {
        await stack.dispose();
      }
    });
  });

  describe("portal flow: the partner takes the key on its portal", () => {
    let stack: TestStack;
    before(async () => {
      stack = await createTestStack("tests/e2e/programs/portal", {
        stackName: `e2e-portal-${process.pid}`,
        env: providerEnv(emulator),
      });
    });
    after(async () => stack?.dispose());

    it("a create that times out before the key is applied keeps the connection in state", async () => {
      await stack.setConfig("createTimeout", "3s");
      const failure = await stack.up().then(
        () => "up succeeded",
        (e: Error) => e.message,
      );
      expect(failure).to.match(/timed out/);
      expect(failure).to.include("/portal/activate"); // where to apply the key
      const live = await cloudApiOf(emulator).liveConnections();
      expect(live.map((c) => c.state)).to.deep.equal(["requested"]);
    });

    it("resumes waiting on the next up and ends available once the key is applied, with one connection", async () => {
      await stack.setConfig("createTimeout", "2m");
      const cloud = cloudApiOf(emulator);
      const [requested] = await cloud.liveConnections();
      const creates = exchanges.filter((e) => e.operation === "CreateConnection").length;
      const up = stack.up();
      // The customer applies the key at the partner's portal while `up` waits.
      const { activationKey } = await cloud.connection(requested.id);
      await admin(emulator, "POST", "portal/activate", { activationKey, site: "nyc-hq" });
      const res = await up;
      expect(res.outputs.state).to.equal("available");
      expect(res.outputs.connectionId).to.equal(requested.id);
      expect(exchanges.filter((e) => e.operation === "CreateConnection").length).to.equal(creates);
      expect((await cloud.liveConnections()).map((c) => c.id)).to.deep.equal([requested.id]);
      expect(res.stdout).not.to.include(activationKey);
    });
  });

  describe("reverse flow: a key from the partner's portal, accepted on AWS", () => {
    let stack: TestStack;
    let proposal: { activationKey: string };
    before(async () => {
      stack = await createTestStack("tests/e2e/programs/proposal", {
        stackName: `e2e-proposal-${process.pid}`,
        env: providerEnv(emulator),
      });
      proposal = await admin(emulator, "POST", "portal/proposals", {
        environment: "us-east-1:nyc",
        bandwidthGbps: 5,
        site: "nyc-hq",
      });
      await stack.setConfig("partnerKey", proposal.activationKey, true);
    });
    after(async () => stack?.dispose());

    it("describes and accepts the proposal, then the connection becomes available", async () => {
      const before = exchanges.length;
      const res = await stack.up();
      expect(res.outputs).to.include({ state: "available", bandwidthGbps: 5, environmentId: "us-east-1:nyc" });
      const calls = exchanges.slice(before);
      expect(operationsOf(calls)).to.include.members(["AcceptConnectionProposal", "DescribeConnectionProposal"]);
      expect(calls.flatMap(modelIssues)).to.deep.equal([]);
      expect(res.stdout).not.to.include(proposal.activationKey);
    });

    it("a refresh leaves the inputs as declared: the next preview plans nothing", async () => {
      await stack.refresh();
      const preview = await stack.preview();
      expect(preview.changes).to.deep.equal([]);
    });

    it("destroys the accepted connection", async () => {
      await stack.destroy();
      expect(await cloudApiOf(emulator).liveConnections()).to.deep.equal([]);
    });
  });
});
