// Emulator restart during provisioning: `pulumi up` (Automation API) creates two Interconnects against an
// emulator persisting to a temp data dir; while the creates wait for provisioning the emulator is stopped, stays
// down for a few seconds and starts again on the same port and data dir. The provider's client retries connection
// errors, so the same `up` completes; nothing the emulator had accepted is lost or duplicated.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createTestStack, readAllFiles, type TestStack } from "../support/engine";
import {
  duplicatesIn,
  idsInState,
  inventory,
  orphansIn,
  scanForSecrets,
  settled,
  type Deployment,
  type Inventory,
} from "../support/reliability";
import { adminState, EMULATOR_TOKENS, providerEnv, sleep } from "../support/emulator";

const COUNT = 2;
const DOWN_MS = 4000;

describe("emulator restart while pulumi up waits for provisioning", function () {
  this.timeout(5 * 60_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-restart-"));
  const options = () => ({ dataDir, provisioningDelayMs: 6000 });
  let emulator: RunningEmulator;
  let port = 0;
  let stack: TestStack;
  const started = Date.now();
  let stdout = "";

  const deployment = async () => (await stack.stack.exportStack()).deployment as Deployment;

  before(async () => {
    emulator = await startEmulator({ ...options(), port: 0 });
    port = Number(new URL(emulator.url).port);
    stack = await createTestStack("tests/e2e/programs/fleet", {
      stackName: `e2e-restart-${process.pid}`,
      env: providerEnv(emulator),
    });
    await stack.setConfig("count", String(COUNT));
  });

  after(async function () {
    this.timeout(3 * 60_000);
    if (stack) {
      const leftovers = {
        label: "emulator-restart",
        texts: { "emulator-restart state": readAllFiles(stack.backendDir), "emulator-restart output": stdout },
        secrets: [...(emulator?.secrets() ?? []), ...EMULATOR_TOKENS],
      };
      // Nothing this suite left (state, CLI output) may hold a secret in plaintext.
      expect(
        scanForSecrets(leftovers.texts, leftovers.secrets),
        `secrets in ${leftovers.label} leftovers`,
      ).to.deep.equal([]);
      await stack.dispose();
    }
    await emulator?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`      (emulator restart: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });

  it("completes the same up after the emulator comes back on the same port and data dir", async () => {
    const up = stack.up();
    up.catch(() => undefined); // awaited below; keeps an early failure from being unhandled meanwhile

    // Wait until every partner connection is accepted and provisioning (the creates are in their wait).
    let before: Inventory | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const inv = await inventory(emulator);
      if (
        inv.partner.length === COUNT &&
        inv.partner.every((c) => c.state === "pending" || c.state === "provisioning")
      ) {
        before = inv;
        break;
      }
      await sleep(100);
    }
    expect(before, "both creates reached their provisioning wait").to.not.equal(undefined);

    await emulator.stop();
    const persisted = JSON.parse(fs.readFileSync(path.join(dataDir, "state.json"), "utf8"));
    expect(Object.keys(persisted.partner.connections).sort()).to.deep.equal(before!.partner.map((c) => c.id).sort());
    await sleep(DOWN_MS);
    emulator = await startEmulator({ ...options(), port });
    expect(emulator.url).to.include(`:${port}`);

    const res = await up;
    stdout += res.stdout;
    expect(res.changes.filter((s) => s.op === "create")).to.have.length(2 * COUNT);
    expect(res.outputs.states).to.deep.equal(Array(COUNT).fill("available"));

    const after = await inventory(emulator);
    // Nothing lost, nothing duplicated: the connections from before the restart are the ones in state.
    expect(after.partner.map((c) => c.id).sort()).to.deep.equal(before!.partner.map((c) => c.id).sort());
    expect(after.cloud.map((c) => c.id).sort()).to.deep.equal(before!.cloud.map((c) => c.id).sort());
    expect(after.partner.map((c) => c.state)).to.deep.equal(Array(COUNT).fill("available"));
    expect(duplicatesIn(after)).to.deep.equal([]);
    expect(orphansIn(after, idsInState(await deployment()))).to.deep.equal([]);
  });

  it("previews no change afterwards", async () => {
    const res = await stack.preview();
    expect(res.changes).to.deep.equal([]);
  });

  it("destroys everything (0 orphans, also after another restart)", async () => {
    const res = await stack.destroy();
    stdout += res.stdout;
    expect(res.changes.filter((s) => s.op === "delete")).to.have.length(2 * COUNT);
    await settled(emulator);
    await emulator.stop();
    emulator = await startEmulator({ ...options(), port });
    const inv = await inventory(emulator);
    expect(inv.cloud).to.deep.equal([]);
    expect(inv.partner).to.deep.equal([]);
    expect(Object.keys((await adminState(emulator)).partner.specConnections)).to.deep.equal([]);
  });
});
