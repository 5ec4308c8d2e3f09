// examples/bandwidth-change on the real engine against the emulator: up at 10 Gbps, `bandwidthGbps: 25` in stack
// config previews as one in-place update of the Interconnect (bandwidthGbps), up applies it at the partner and the
// cloud follows, destroy removes everything.
import { expect } from "chai";
import { createTestStack, TestStack } from "../e2e/harness";
import { emulatorEnv, emulatorRecords, type Emulator, startTestEmulator } from "../support/emulator";

describe("examples/bandwidth-change", function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator;
  let stack: TestStack;
  let ids: { partner: string; cloud?: string };

  before(async () => {
    emulator = await startTestEmulator();
    stack = await createTestStack("examples/bandwidth-change", {
      stackName: `e2e-bandwidth-change-${process.pid}`,
      env: emulatorEnv(emulator, { transpileOnly: true }),
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("up at 10 Gbps (stack config)", async () => {
    await stack.setConfig("bandwidthGbps", "10");
    const res = await stack.up();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["create", "create"]);
    expect(res.outputs).to.include({ requestedGbps: 10, provisionedGbps: 10, state: "available" });
    ids = { partner: res.outputs.partnerConnectionId as string };
    expect((await emulatorRecords(emulator, ids)).partner?.bandwidthGbps).to.equal(10);
  });

  it("preview at 25 Gbps shows one in-place update of bandwidthGbps", async () => {
    await stack.setConfig("bandwidthGbps", "25");
    const res = await stack.preview();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op, s.diffs])).to.deep.equal([
      ["Interconnect", "update", ["bandwidthGbps"]],
    ]);
    expect(res.stdout).to.match(/bandwidthGbps\s*:\s*10\s*=>\s*25/);
  });

  it("up applies it: the partner connection is 25 Gbps, same connection id", async () => {
    const res = await stack.up();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op])).to.deep.equal([["Interconnect", "update"]]);
    expect(res.outputs).to.include({
      requestedGbps: 25,
      provisionedGbps: 25,
      state: "available",
      partnerConnectionId: ids.partner,
    });
    expect((await emulatorRecords(emulator, ids)).partner?.bandwidthGbps).to.equal(25);
    expect((await stack.preview()).changes, "a second preview is empty").to.deep.equal([]);
  });

  it("destroy removes both", async () => {
    const res = await stack.destroy();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["delete", "delete"]);
    const partner = (await emulatorRecords(emulator, ids)).partner;
    if (partner) expect(partner.state).to.equal("deleted");
  });
});
