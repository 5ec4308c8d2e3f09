// Issue 19 on the real engine: the ActivationKey's bandwidthGbps is the connection's bandwidth at AWS for its whole
// life, with one owner per connection.
//   * Portal flow: a key-only program (waitFor: "available") activated on the emulator's portal; 10 => 25 previews
//     as one update with no API call, `up` sends one model-valid UpdateConnection ("25Gbps") and AWS then reports the
//     same connection at 25Gbps, available.
//   * A partner refusal (the sjc interconnect has no room for 25 Gbps): `up` fails with the tier, the reason and the
//     remedy; AWS and the stack's state stay at 10, so the next preview still plans the change.
//   * Two owners: an Interconnect whose bandwidth differs from its ActivationKey's is refused at preview, naming the
//     ActivationKey, with no API call.
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator, type CloudExchange, type RunningEmulator } from "../../emulator/server";
import { cloudApiOf } from "../support/cloud";
import { admin, adminStats } from "../support/emulator";
import { loadInterconnectModel } from "../support/smithy-model";
import { createTestStack, type TestStack } from "../support/engine";

const model = loadInterconnectModel();

describe("e2e: bandwidth owned by the ActivationKey (AWS UpdateConnection)", function () {
  this.timeout(6 * 60_000);
  const exchanges: CloudExchange[] = [];
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 300, onCloudExchange: (e) => exchanges.push(e) });
  });
  after(async () => emulator?.stop());

  /** A portal-flow stack in `environment`, up and activated at the partner's portal at `site`. */
  async function activatedPortalStack(name: string, environment: string, site: string) {
    const stack = await createTestStack("tests/e2e/programs/portal", {
      stackName: `e2e-${name}-${process.pid}`,
      env: providerEnv(emulator),
    });
    await stack.setConfig("environment", environment);
    await stack.setConfig("bandwidthGbps", "10");
    const cloud = cloudApiOf(emulator);
    const known = new Set((await cloud.liveConnections()).map((c) => c.id));
    const up = stack.up();
    // The customer applies the key on the partner's portal while `up` waits for available.
    let requested = (await cloud.liveConnections()).find((c) => !known.has(c.id));
    while (!requested) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      requested = (await cloud.liveConnections()).find((c) => !known.has(c.id));
    }
    const { activationKey } = await cloud.connection(requested.id);
    await admin(emulator, "POST", "portal/activate", { activationKey, site });
    const res = await up;
    expect(res.outputs).to.include({ state: "available", connectionBandwidthGbps: 10 });
    return { stack, id: requested.id };
  }

  describe("portal flow: resize from the program", () => {
    let stack: TestStack;
    let id: string;
    before(async () => ({ stack, id } = await activatedPortalStack("resize", "us-east-1:nyc", "nyc-hq")));
    after(async () => stack?.dispose());

    it("10 => 25 previews as one in-place update, with no API call", async () => {
      await stack.setConfig("bandwidthGbps", "25");
      await admin(emulator, "POST", "stats/reset");
      const preview = await stack.preview();
      expect(preview.changes.map((s) => [s.op, s.diffs])).to.deep.equal([["update", ["bandwidthGbps"]]]);
      expect(preview.stdout).to.match(/bandwidthGbps\s*:\s*10\s*=>\s*25/);
      expect((await adminStats(emulator)).total).to.equal(0);
    });

    it("up sends one model-valid UpdateConnection and AWS reports the same connection at 25Gbps", async () => {
      const before = exchanges.length;
      const res = await stack.up();
      expect(res.changes.map((s) => s.op)).to.deep.equal(["update"]);
      expect(res.outputs).to.include({ connectionId: id, state: "available", connectionBandwidthGbps: 25 });
      const updates = exchanges.slice(before).filter((e) => e.operation === "UpdateConnection");
      expect(updates.map((e) => [e.request, e.status])).to.deep.equal([[{ identifier: id, bandwidth: "25Gbps" }, 200]]);
      expect(model.validateInput("UpdateConnection", updates[0].request)).to.deep.equal([]);
      expect(model.validateOutput("UpdateConnection", updates[0].response)).to.deep.equal([]);
      const live = await cloudApiOf(emulator).connection(id);
      expect([live.bandwidth, live.state]).to.deep.equal(["25Gbps", "available"]);
      expect((await stack.preview()).changes, "nothing left to do").to.deep.equal([]);
    });
  });

  describe("a resize the partner refuses", () => {
    let stack: TestStack;
    let id: string;
    // sjc's ic-1, where the partner places new connections first, has 12 Gbps left on the cloud side.
    before(async () => ({ stack, id } = await activatedPortalStack("refused", "us-west-2:sjc", "sjc-campus")));
    after(async () => stack?.dispose());

    it("fails with the tier, the reason and the remedy; AWS and state stay at 10 Gbps", async () => {
      await stack.setConfig("bandwidthGbps", "25");
      const failure = await stack.up().then(
        () => "up succeeded",
        (e: Error) => e.message,
      );
      expect(failure).to.contain("refused to resize the connection 10 => 25 Gbps");
      expect(failure).to.match(/no room for 25Gbps/);
      expect(failure).to.contain("Choose a tier");
      const live = await cloudApiOf(emulator).connection(id);
      expect([live.bandwidth, live.state]).to.deep.equal(["10Gbps", "available"]);
      const state = await stack.stack.exportStack();
      const key = (
        state.deployment as { resources: { type: string; outputs?: Record<string, unknown> }[] }
      ).resources.find((r) => r.type.endsWith(":ActivationKey"));
      expect(key?.outputs).to.include({ bandwidthGbps: 10, connectionBandwidthGbps: 10 });
      const again = await stack.preview();
      expect(again.changes.map((s) => [s.op, s.diffs])).to.deep.equal([["update", ["bandwidthGbps"]]]);
    });
  });

  describe("two owners for one connection", () => {
    let stack: TestStack;
    before(async () => {
      stack = await createTestStack("tests/e2e/programs/two-owners", {
        stackName: `e2e-two-owners-${process.pid}`,
        env: providerEnv(emulator),
      });
    });
    after(async () => stack?.dispose());

    it("an Interconnect bandwidth that differs from its key's fails the preview, naming the key; no API call", async () => {
      await stack.setConfig("keyGbps", "10");
      await stack.setConfig("interconnectGbps", "25");
      await admin(emulator, "POST", "stats/reset");
      const failure = await stack.preview().then(
        () => "preview succeeded",
        (e: Error) => e.message,
      );
      expect(failure).to.contain('bandwidthGbps: 25 differs from the 10 Gbps that ActivationKey "owner" declares');
      expect(failure).to.contain('change bandwidthGbps on ActivationKey "owner"');
      expect((await adminStats(emulator)).total).to.equal(0);
    });

    it("the same value on both is accepted", async () => {
      await stack.setConfig("interconnectGbps", "10");
      const preview = await stack.preview();
      expect(preview.changes.map((s) => s.op)).to.deep.equal(["create", "create"]);
    });
  });
});
