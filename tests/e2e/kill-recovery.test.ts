// kill -9 recovery: `pulumi up` runs as a child process (the CLI directly, in its own process group) and is
// SIGKILLed together with its plugins at chosen points — while a create waits for provisioning, during a bandwidth
// update, during a delete. Then the stack is recovered as docs/recovery.md says:
//   1. `pulumi cancel --yes`                          the killed run's lock file stays in the file backend;
//   2. `pulumi refresh --clear-pending-creates --yes`  reconciles state with the APIs, drops pending operations;
//   3. `pulumi up --yes`                              finishes the change (a re-run create adopts the in-flight
//                                                     connection through its clientToken).
// and the emulator must hold exactly what the program declares: 0 duplicates, 0 orphans.
// CI: 3 kill points. INTERCONNECT_STRESS_CONNECTIONS set: a loop over 10 kill points. Then, on its own stack, a
// ConnectionProposalAccepter killed while its create waits.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  backendDirOf,
  duplicatesIn,
  exportDeployment,
  filesUnder,
  idsInState,
  initCliStack,
  inventory,
  killGroup,
  processesOf,
  orphansIn,
  removeCliStack,
  runCli,
  scanForSecrets,
  settled,
  startCli,
  type CliStack,
  type Inventory,
} from "../support/reliability";
import {
  admin,
  adminState,
  adminStats,
  awsCalls,
  EMULATOR_TOKENS,
  providerEnv,
  eventually,
  sleep,
} from "../support/emulator";
import type { EmulatorState } from "../../emulator/state/store";

const STRESS = Boolean(process.env.INTERCONNECT_STRESS_CONNECTIONS);

interface Observation {
  before: Inventory;
  state: EmulatorState;
  now: Inventory;
  elapsedMs: number;
}

interface KillPoint {
  name: string;
  /** Stack config for this run; the command is `pulumi up` unless destroy is set. */
  count: number;
  bandwidthGbps: number;
  destroy?: boolean;
  /** True when the run should be killed now. */
  when: (o: Observation) => boolean;
  /** Creates and updates one at a time (`--parallel 1`), so members are out of step and "one done, one not" happens. */
  oneAtATime?: boolean;
  /** Customer-API latency during the run: widens a window that is otherwise a few milliseconds. */
  latencyMs?: number;
}

const partnerRecords = (o: Observation) => Object.values(o.state.partner.connections);
const isNew = (o: Observation, id: string) => !o.before.partner.some((c) => c.id === id);
const newPartner = (o: Observation) => partnerRecords(o).filter((c) => isNew(o, c.id));
const oldPartner = (o: Observation) => partnerRecords(o).filter((c) => !isNew(o, c.id));

const inCreateWait = (o: Observation) => newPartner(o).some((c) => c.state === "pending" || c.state === "provisioning");
const updating = (o: Observation) => oldPartner(o).some((c) => c.state === "updating" || c.state === "migrating");
const deleting = (o: Observation) => oldPartner(o).some((c) => c.state === "deleting" || c.state === "deleted");

/** Holds `ms` after `condition` first held: for a window that opens a known time after a visible event. */
function heldFor(ms: number, condition: (o: Observation) => boolean): (o: Observation) => boolean {
  let since: number | undefined;
  return (o) => {
    if (since === undefined && condition(o)) since = o.elapsedMs;
    return since !== undefined && o.elapsedMs - since >= ms;
  };
}

const CI_POINTS: KillPoint[] = [
  { name: "create: waiting for provisioning", count: 2, bandwidthGbps: 1, when: inCreateWait },
  { name: "update: bandwidth change in flight", count: 2, bandwidthGbps: 2, when: updating },
  { name: "delete: interconnect being deleted", count: 1, bandwidthGbps: 2, when: deleting },
];

const STRESS_POINTS: KillPoint[] = [
  {
    name: "create: first activation key issued",
    count: 2,
    bandwidthGbps: 1,
    when: (o) => o.now.cloud.length > o.before.cloud.length,
  },
  { name: "create: waiting for provisioning", count: 4, bandwidthGbps: 1, when: inCreateWait },
  {
    name: "create: one member available, one still provisioning",
    count: 6,
    bandwidthGbps: 1,
    oneAtATime: true,
    when: (o) => newPartner(o).some((c) => c.state === "available") && inCreateWait(o),
  },
  { name: "update: bandwidth change in flight", count: 6, bandwidthGbps: 2, when: updating },
  {
    name: "update: one member resized, others still updating",
    count: 6,
    bandwidthGbps: 5,
    oneAtATime: true,
    when: (o) => oldPartner(o).some((c) => c.state === "available" && c.bandwidthGbps === 5) && updating(o),
  },
  {
    name: "update: 1.5 s after start (engine still starting)",
    count: 6,
    bandwidthGbps: 10,
    when: (o) => o.elapsedMs > 1500,
  },
  { name: "delete: interconnect being deleted", count: 4, bandwidthGbps: 10, when: deleting },
  {
    // The partner's deletion ends the cloud side's spec connection too, so the moment between the two resource deletes
    // shows in no emulator state; 1.5 s per customer call makes the Interconnect's last poll and the key's DELETE
    // each last that long, and 2 s after the partner record is deleted the key's delete is under way.
    name: "delete: interconnect gone, its activation key being deleted",
    count: 2,
    bandwidthGbps: 10,
    latencyMs: 1500,
    when: heldFor(2000, (o) => oldPartner(o).some((c) => c.state === "deleted")),
  },
  {
    name: "create + delete in one run: new key issued",
    count: 3,
    bandwidthGbps: 10,
    when: (o) => o.now.cloud.length > o.before.cloud.length,
  },
  { name: "destroy: first deletion", count: 3, bandwidthGbps: 10, destroy: true, when: deleting },
];

const POINTS = STRESS ? STRESS_POINTS : CI_POINTS;

/** Starts `pulumi <args>` and SIGKILLs it with its plugins once `when` holds; fails if the run ends first. */
async function killWhen(stack: CliStack, args: string[], point: string, when: () => Promise<boolean>): Promise<void> {
  const run = startCli(stack, args);
  let exited = false;
  void run.done.then(() => (exited = true));
  while (!exited) {
    if (await when()) {
      killGroup(run.child, stack);
      break;
    }
    await sleep(50);
  }
  const result = await run.done;
  // SIGKILL is delivered asynchronously: poll until the process group is gone.
  const left = await eventually(
    () => processesOf(stack),
    (p) => p.length === 0,
  );
  expect(left, "processes left running after the kill").to.deep.equal([]);
  expect(
    result.signal,
    `run ended (${result.code}) before the kill point "${point}" was reached:\n${result.stdout}\n${result.stderr}`,
  ).to.equal("SIGKILL");
}

/** docs/recovery.md, steps 1-3; returns the operations the killed run left pending. */
async function recover(stack: CliStack, destroy = false): Promise<string[]> {
  const locks = filesUnder(backendDirOf(stack)).filter(([file]) => file.includes(".pulumi/locks/"));
  expect(locks, "the killed run leaves its lock file").to.not.be.empty;
  await runCli(stack, ["cancel", "--yes"]);
  const interrupted = await exportDeployment(stack);
  await runCli(stack, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
  const repaired = await exportDeployment(stack);
  expect(repaired.pending_operations ?? [], "pending operations after refresh").to.deep.equal([]);
  await runCli(stack, destroy ? ["destroy", "--yes", "--skip-preview"] : ["up", "--yes", "--skip-preview"]);
  return (interrupted.pending_operations ?? []).map((op) => `${op.type} ${op.resource.urn.split("::").pop()}`);
}

describe(`kill -9 recovery: pulumi up SIGKILLed at ${POINTS.length} points`, function () {
  this.timeout(4 * 60_000);
  let emulator: RunningEmulator;
  let stack: CliStack;
  const started = Date.now();

  async function configure(point: Pick<KillPoint, "count" | "bandwidthGbps">) {
    await runCli(stack, [
      "config",
      "set-all",
      "--plaintext",
      `count=${point.count}`,
      "--plaintext",
      `bandwidthGbps=${point.bandwidthGbps}`,
    ]);
  }

  /** Starts the run and SIGKILLs it once `when` holds; fails if the run ends first. */
  async function killDuring(point: KillPoint): Promise<string> {
    const before = await inventory(emulator);
    const args = point.destroy ? ["destroy", "--yes", "--skip-preview"] : ["up", "--yes", "--skip-preview"];
    if (point.oneAtATime) args.push("--parallel", "1");
    if (point.latencyMs) await admin(emulator, "POST", "faults", { scope: ["customer"], latencyMs: point.latencyMs });
    const t0 = Date.now();
    await killWhen(stack, args, point.name, async () => {
      const state = await adminState(emulator);
      const now = await inventory(emulator);
      return point.when({ before, state, now, elapsedMs: Date.now() - t0 });
    });
    if (point.latencyMs) await admin(emulator, "DELETE", "faults");
    return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  }

  async function assertConverged(point: KillPoint) {
    const deployment = await exportDeployment(stack);
    expect(deployment.pending_operations ?? []).to.deep.equal([]);
    const inv = await settled(emulator);
    const expected = point.destroy ? 0 : point.count;
    expect(inv.cloud, "live cloud connections").to.have.length(expected);
    expect(inv.partner, "live partner connections").to.have.length(expected);
    expect(duplicatesIn(inv)).to.deep.equal([]);
    expect(orphansIn(inv, idsInState(deployment))).to.deep.equal([]);
    expect(inv.partner.map((c) => [c.state, c.bandwidthGbps])).to.deep.equal(
      Array(expected).fill(["available", point.bandwidthGbps]),
    );
    // What the state records is what AWS has: the keys own the bandwidth (outputs written by the recovery up).
    const recorded = (deployment.resources ?? [])
      .filter((r) => r.type.endsWith(":ActivationKey"))
      .map((r) => [r.outputs?.bandwidthGbps, r.outputs?.connectionBandwidthGbps]);
    expect(recorded).to.deep.equal(Array(expected).fill([point.bandwidthGbps, point.bandwidthGbps]));
    if (point.name.startsWith("update")) {
      // The killed run and the recovery together asked AWS once per member: a resumed resize only waits.
      const resized = awsCalls(await adminStats(emulator), "UpdateConnection");
      expect(resized, "UpdateConnection calls, killed run and recovery together").to.equal(point.count);
    }
  }

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 3000 });
    // Every provider call takes a little longer, so each kill lands inside an operation rather than between two.
    await admin(emulator, "POST", "faults", { scope: ["customer"], latencyMs: 300 });
    stack = await initCliStack("tests/e2e/programs/fleet", `e2e-kill-${process.pid}`, providerEnv(emulator));
  });

  after(async function () {
    this.timeout(3 * 60_000);
    if (stack) {
      const state = filesUnder(backendDirOf(stack))
        .map(([, text]) => text)
        .join("\n");
      const leftovers = {
        label: "kill-recovery",
        texts: { "kill-recovery state": state, "kill-recovery output": stack.output.join("\n") },
        secrets: [...(emulator?.secrets() ?? []), ...EMULATOR_TOKENS],
      };
      // Nothing this suite left (state, CLI output) may hold a secret in plaintext.
      expect(
        scanForSecrets(leftovers.texts, leftovers.secrets),
        `secrets in ${leftovers.label} leftovers`,
      ).to.deep.equal([]);
      await runCli(stack, ["cancel", "--yes"], { allowFailure: true });
      await runCli(stack, ["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      removeCliStack(stack);
    }
    await emulator?.stop();
    console.log(`      (kill recovery, ${POINTS.length} points: ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });

  for (const point of POINTS) {
    it(`converges after a kill -9 at "${point.name}"`, async () => {
      await configure(point);
      await admin(emulator, "POST", "stats/reset");
      const killedAfter = await killDuring(point);
      const pending = await recover(stack, point.destroy);
      console.log(`      (killed after ${killedAfter}; pending operations: ${pending.join(", ") || "none"})`);
      await assertConverged(point);
    });
  }

  it("leaves 0 orphans after the final destroy", async () => {
    await runCli(stack, ["destroy", "--yes", "--skip-preview"]);
    const inv = await settled(emulator);
    expect(inv.cloud).to.deep.equal([]);
    expect(inv.partner).to.deep.equal([]);
    expect(inv.specConnections).to.deep.equal({ cloud: 0, partner: 0 });
  });
});

// The reverse flow's create: the fleet has no ConnectionProposalAccepter. Its key works once, so a re-run create that
// did not adopt the first accept through its token would fail ("already accepted") rather than duplicate.
describe("kill -9 recovery: a ConnectionProposalAccepter's create", function () {
  this.timeout(3 * 60_000);
  let emulator: RunningEmulator;
  let stack: CliStack;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 3000 });
    await admin(emulator, "POST", "faults", { scope: ["customer"], latencyMs: 300 });
    stack = await initCliStack("tests/e2e/programs/proposal", `e2e-kill-acc-${process.pid}`, providerEnv(emulator));
    const proposal = await admin<{ activationKey: string }>(emulator, "POST", "portal/proposals", {
      environment: "us-east-1:nyc",
      bandwidthGbps: 5,
      site: "nyc-hq",
    });
    await runCli(stack, ["config", "set", "--secret", "partnerKey", proposal.activationKey]);
  });

  after(async function () {
    this.timeout(2 * 60_000);
    if (stack) {
      await runCli(stack, ["cancel", "--yes"], { allowFailure: true });
      await runCli(stack, ["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      removeCliStack(stack);
    }
    await emulator?.stop();
  });

  it("adopts the connection the killed run's accept made: one live connection, the one in state", async () => {
    const accepted = async () =>
      Object.values((await adminState(emulator)).cloud.connections).filter(
        (c) => c.keyIssuer === "partner" && c.deletedAt === undefined,
      );
    // Provisioning takes 3 s, so the run is still waiting for available when the accepted connection shows.
    await killWhen(stack, ["up", "--yes", "--skip-preview"], "accept made", async () => (await accepted()).length > 0);
    const first = (await accepted()).map((c) => c.id);
    expect(first, "connections the killed run made").to.have.length(1);
    const pending = await recover(stack);
    expect(pending).to.deep.equal(["creating from-partner"]);
    const deployment = await exportDeployment(stack);
    const inState = (deployment.resources ?? []).filter((r) => r.type.endsWith(":ConnectionProposalAccepter"));
    expect(inState.map((r) => [r.id, r.outputs?.state])).to.deep.equal([[first[0], "available"]]);
    expect((await accepted()).map((c) => c.id)).to.deep.equal(first);
  });
});
