// The real engine end to end: an ActivationKey goes up, a no-change preview is empty, a changed input is an
// in-place update, destroy removes it — asserted on the steps the engine reports.
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { createTestStack, TestStack } from "../support/engine";

describe("e2e smoke: ActivationKey on the real engine", function () {
  this.timeout(5 * 60_000);
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let stack: TestStack;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack("tests/e2e/programs/activation-key", {
      stackName: `e2e-smoke-${process.pid}`,
      env: {
        ...providerEnv(emulator),
      },
    });
    console.log(`      (Pulumi CLI v${stack.cliVersion})`);
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("creates the key", async () => {
    const res = await stack.up();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["create"]);
    expect(res.outputs.connectionId).to.be.a("string").and.not.be.empty;
  });

  it("previews no change when nothing changed", async () => {
    const res = await stack.preview();
    expect(res.changes).to.deep.equal([]);
  });

  it("previews and applies a changed description as an in-place update", async () => {
    await stack.setConfig("description", "smoke test renamed");
    const preview = await stack.preview();
    expect(preview.changes.map((s) => [s.op, s.diffs])).to.deep.equal([["update", ["description"]]]);
    const res = await stack.up();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["update"]);
  });

  it("destroys it", async () => {
    const res = await stack.destroy();
    expect(res.changes.map((s) => s.op)).to.deep.equal(["delete"]);
  });
});
