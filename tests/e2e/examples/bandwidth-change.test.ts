// examples/bandwidth-change on the real engine against the emulator, on both paths a connection's bandwidth can be
// owned from. The key's (AWS customer's): up at 10 Gbps, `bandwidthGbps: 25` in stack config previews as one in-place
// update of the ActivationKey, up sends one UpdateConnection and both AWS and the partner end at 25 Gbps. The
// Interconnect's (a key handed over): the same change previews as one update of the Interconnect and is applied at
// the partner, which AWS reflects. Destroy removes everything.
import { expect } from "chai";
import { createTestStack, TestStack } from "../../support/engine";
import { cloudApiOf } from "../../support/cloud";
import {
  admin,
  adminStats,
  awsCalls,
  providerEnv,
  emulatorRecords,
  type Emulator,
  startTestEmulator,
} from "../../support/emulator";

const ownerOf = (res: { changes: { type: string; op: string; diffs: string[] }[] }) =>
  res.changes.map((s) => [s.type.split(":").pop(), s.op, s.diffs]);

describe("examples/bandwidth-change", function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => emulator?.stop());

  describe("the ActivationKey owns the bandwidth (AWS UpdateConnection)", () => {
    let stack: TestStack;
    let partnerId: string;
    before(async () => {
      stack = await createTestStack("examples/bandwidth-change", {
        stackName: `e2e-bandwidth-key-${process.pid}`,
        env: providerEnv(emulator),
      });
    });
    after(async () => stack?.dispose());

    it("up at 10 Gbps (stack config)", async () => {
      await stack.setConfig("bandwidthGbps", "10");
      const res = await stack.up();
      expect(res.changes.map((s) => s.op)).to.deep.equal(["create", "create"]);
      expect(res.outputs).to.include({ owner: "ActivationKey", requestedGbps: 10, provisionedGbps: 10 });
      partnerId = res.outputs.partnerConnectionId as string;
    });

    it("preview at 25 Gbps shows one in-place update of the ActivationKey's bandwidthGbps", async () => {
      await stack.setConfig("bandwidthGbps", "25");
      const res = await stack.preview();
      expect(ownerOf(res)).to.deep.equal([["ActivationKey", "update", ["bandwidthGbps"]]]);
      expect(res.stdout).to.match(/bandwidthGbps\s*:\s*10\s*=>\s*25/);
    });

    it("up performs that one step with one UpdateConnection: AWS and the partner at 25 Gbps", async () => {
      await admin(emulator, "POST", "stats/reset");
      const res = await stack.up();
      expect(ownerOf(res)).to.deep.equal([["ActivationKey", "update", ["bandwidthGbps"]]]);
      expect(res.outputs).to.include({ provisionedGbps: 25, state: "available", partnerConnectionId: partnerId });
      expect(awsCalls(await adminStats(emulator), "UpdateConnection")).to.equal(1);
      expect((await emulatorRecords(emulator, { partner: partnerId })).partner?.bandwidthGbps).to.equal(25);
      const [cloud] = await cloudApiOf(emulator).liveConnections();
      expect([cloud.bandwidth, cloud.state]).to.deep.equal(["25Gbps", "available"]);
      expect((await stack.preview()).changes, "a second preview is empty").to.deep.equal([]);
    });

    it("destroy removes both", async () => {
      const res = await stack.destroy();
      expect(res.changes.map((s) => s.op)).to.deep.equal(["delete", "delete"]);
    });
  });

  describe("the Interconnect owns the bandwidth (a key handed over)", () => {
    let stack: TestStack;
    let keyId: string;
    before(async () => {
      const cloud = cloudApiOf(emulator);
      const { connection } = await cloud.client.call("CreateConnection", {
        environmentId: "us-east-1:nyc",
        bandwidth: "10Gbps",
        attachPoint: { directConnectGateway: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01" },
        remoteAccount: { identifier: "partner-acct-1" },
      });
      keyId = connection!.id;
      stack = await createTestStack("examples/bandwidth-change", {
        stackName: `e2e-bandwidth-partner-${process.pid}`,
        env: providerEnv(emulator),
      });
      await stack.setConfig("activationKey", connection!.activationKey, true);
    });
    after(async () => {
      await stack?.dispose();
      await cloudApiOf(emulator).client.call("DeleteConnection", { identifier: keyId });
    });

    it("up at 10, then 25 Gbps previews and performs one update of the Interconnect; AWS reflects it", async () => {
      await stack.setConfig("bandwidthGbps", "10");
      const first = await stack.up();
      expect(first.outputs).to.include({ owner: "Interconnect", provisionedGbps: 10 });
      await stack.setConfig("bandwidthGbps", "25");
      expect(ownerOf(await stack.preview())).to.deep.equal([["Interconnect", "update", ["bandwidthGbps"]]]);
      const res = await stack.up();
      expect(ownerOf(res)).to.deep.equal([["Interconnect", "update", ["bandwidthGbps"]]]);
      expect(res.outputs).to.include({ provisionedGbps: 25, state: "available" });
      expect((await cloudApiOf(emulator).connection(keyId)).bandwidth).to.equal("25Gbps");
    });
  });
});
