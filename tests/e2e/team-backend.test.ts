// A team on a shared S3 state backend: a real S3-compatible store (SeaweedFS, built from Go modules and started on
// loopback by toolchain/state-store.js) holds the state of one project that several working copies (CI runners and
// laptops) deploy against the emulator. What a team relies on, run for real:
//   - two runners `up` one stack at once: one proceeds, the other fails fast on the lock, the next `up` converges, and
//     `pulumi stack history` shows every update (CLI 3.245.0 once broke history writes on S3-compatible stores);
//   - a runner killed with kill -9 mid-provisioning leaves its lock; a second `up` fails on it without breaking it, and
//     docs/recovery.md's steps recover: no duplicate, no orphan, state and reality agree;
//   - `staging` and `prod` on one bucket stay apart;
//   - the store's credentials (a profile named in the backend URL) stay apart from the provider's (the environment).
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { REPO_ROOT } from "../support/engine";
import {
  admin,
  duplicatesIn,
  EMULATOR_TOKENS,
  providerEnv,
  exportDeployment,
  idsInState,
  initCliStack,
  inventory,
  killGroup,
  orphansIn,
  processesOf,
  runCli,
  scanForSecrets,
  settled,
  sleep,
  startCli,
  type CliRun,
  type CliStack,
} from "../support/reliability";
import { eventually } from "../support/emulator";
import { listKeys, startStateStore, type StateStore } from "../support/state-store";

const PROGRAM = path.join(REPO_ROOT, "tests/e2e/programs/fleet");
const STORE_PROFILE = "pulumi-state";
const LOCKED = /the stack is currently locked/;

describe("a team on a shared S3 state backend (SeaweedFS on loopback)", function () {
  this.timeout(5 * 60_000);
  let scratch: string;
  let store: StateStore;
  let emulator: RunningEmulator;
  const stacks: CliStack[] = [];

  /** A working copy of the project, as a CI runner checks it out (node_modules shared with the repository). */
  function workingCopy(label: string): string {
    const dir = path.join(scratch, label);
    fs.mkdirSync(dir);
    for (const file of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(PROGRAM, file), path.join(dir, file));
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
  }

  /** A runner on the shared backend: the store's keys come from a profile, the provider's from the environment. */
  async function runner(dir: string, stackName: string, existing = false): Promise<CliStack> {
    const backend = { url: store.backendUrl, env: { AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, "credentials") } };
    const stack = await initCliStack(dir, stackName, providerEnv(emulator), { backend, existing });
    stacks.push(stack);
    return stack;
  }

  /** Stack config as a checked-in Pulumi.<stack>.yaml: written in one working copy, copied to the others. */
  async function configure(stack: CliStack, settings: Record<string, number>, ...copies: CliStack[]) {
    const args = Object.entries(settings).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]);
    await runCli(stack, ["config", "set-all", ...args]);
    const file = `Pulumi.${stack.name}.yaml`;
    for (const copy of copies) fs.copyFileSync(path.join(stack.programDir, file), path.join(copy.programDir, file));
  }

  /** Waits until a connection the run is creating is provisioning in the emulator (the run is mid-update). */
  async function untilProvisioning(before: Set<string>, run: { done: Promise<CliRun> }): Promise<void> {
    let ended = false;
    void run.done.then(() => (ended = true));
    for (;;) {
      const inv = await inventory(emulator);
      const fresh = inv.partner.filter((c) => !before.has(c.id));
      if (fresh.some((c) => c.state === "pending" || c.state === "provisioning")) return;
      if (ended) throw new Error(`the run ended before provisioning was seen: ${JSON.stringify(await run.done)}`);
      await sleep(50);
    }
  }

  const liveIds = async () => new Set((await inventory(emulator)).partner.map((c) => c.id));
  const locks = async (project: string) => listKeys(store, `.pulumi/locks/organization/${project}/`);

  /** One connection per resource in state on each side, none twice, none unknown to the state, all settled. */
  async function expectConverged(declared: [CliStack, number][]) {
    const inv = await settled(emulator);
    const expectedIds = { cloud: [] as string[], partner: [] as string[] };
    for (const [stack, count] of declared) {
      const deployment = await exportDeployment(stack);
      expect(deployment.pending_operations ?? [], `${stack.name}: pending operations`).to.deep.equal([]);
      const ids = idsInState(deployment);
      expect(ids.partner, `${stack.name}: interconnects in state`).to.have.length(count);
      expectedIds.cloud.push(...ids.cloud);
      expectedIds.partner.push(...ids.partner);
    }
    expect(duplicatesIn(inv)).to.deep.equal([]);
    expect(orphansIn(inv, expectedIds)).to.deep.equal([]);
    expect(inv.partner.map((c) => c.state)).to.deep.equal(Array(expectedIds.partner.length).fill("available"));
  }

  before(async function () {
    this.timeout(20 * 60_000); // the first run builds SeaweedFS from Go modules
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-team-"));
    store = await startStateStore({
      dataDir: path.join(scratch, "store"),
      profile: STORE_PROFILE,
      credentialsFile: path.join(scratch, "credentials"),
    });
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 3000 });
    await admin(emulator, "POST", "faults", { scope: ["customer"], latencyMs: 200 });
  });

  after(async function () {
    this.timeout(5 * 60_000);
    const output = stacks.flatMap((s) => s.output).join("\n");
    for (const stack of stacks.filter((s, i) => stacks.findIndex((t) => t.name === s.name) === i)) {
      await runCli(stack, ["cancel", "--yes"], { allowFailure: true });
      await runCli(stack, ["destroy", "--yes", "--skip-preview", "--remove"], { allowFailure: true });
    }
    await emulator?.stop();
    await store?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    const secrets = [...EMULATOR_TOKENS, store?.secretAccessKey ?? ""];
    expect(scanForSecrets({ "team CLI output": output }, secrets), "secrets in the CLI's output").to.deep.equal([]);
  });

  it("keeps the store's credentials apart from the provider's: the backend URL names a profile", async () => {
    expect(store.backendUrl)
      .to.match(/^s3:\/\//)
      .and.include(`profile=${STORE_PROFILE}`);
    const a = await runner(workingCopy("runner-a"), "team");
    const run = await runCli(a, ["stack", "ls", "--json"]);
    expect((JSON.parse(run.stdout) as { name: string }[]).map((s) => s.name)).to.include("team");
    // The provider's AWS keys (the emulator's) are in the environment; they are not the store's.
    expect(a.env.AWS_ACCESS_KEY_ID).to.not.equal(store.accessKeyId);
  });

  it("refuses a wrong backend URL, wrong store credentials and a missing bucket with the cause (README Troubleshooting)", async () => {
    const a = stacks[0];
    const url = new URL(store.backendUrl.replace(/^s3:/, "http:"));
    const variant = (edit: (u: URL) => void) => {
      const copy = new URL(url);
      edit(copy);
      return copy.toString().replace(/^http:/, "s3:");
    };
    const cases: [string, string, RegExp][] = [
      [
        "a port nothing listens on",
        variant((u) => u.searchParams.set("endpoint", "http://127.0.0.1:9")),
        /connection refused/,
      ],
      ["no profile: the provider's keys", variant((u) => u.searchParams.delete("profile")), /InvalidAccessKeyId/],
      [
        "a profile that is not there",
        variant((u) => u.searchParams.set("profile", "nope")),
        /failed to get shared config profile, nope/,
      ],
      ["a bucket that is not there", variant((u) => (u.host = "no-such-bucket")), /NoSuchBucket/],
    ];
    for (const [what, backendUrl, cause] of cases) {
      const run = await runCli({ ...a, env: { ...a.env, PULUMI_BACKEND_URL: backendUrl } }, ["stack", "ls"], {
        allowFailure: true,
      });
      expect(run.code, what).to.not.equal(0);
      expect(run.stderr, what).to.match(cause);
    }
  });

  it("two runners up one stack at once: one proceeds, the other fails fast on the lock, the next up converges", async () => {
    const a = stacks[0];
    const b = await runner(workingCopy("runner-b"), "team", true);
    await configure(a, { count: 2, bandwidthGbps: 1 }, b);
    const first = startCli(a, ["up", "--yes", "--skip-preview"]);
    await untilProvisioning(await liveIds(), first);
    const second = await startCli(b, ["up", "--yes", "--skip-preview"]).done;
    let firstEnded = false;
    void first.done.then(() => (firstEnded = true));
    expect(second.code, "the second runner's up").to.not.equal(0);
    expect(second.stderr + second.stdout).to.match(LOCKED);
    expect(firstEnded, "the second runner failed while the first was still running (fast, not queued)").to.equal(false);
    expect((await first.done).code, (await first.done).stderr).to.equal(0);
    expect(await locks("e2e-fleet"), "locks after the first runner finished").to.deep.equal([]);

    const again = await runCli(b, ["up", "--yes", "--skip-preview"]);
    expect(again.stdout).to.not.match(/\+ +\d+ to create/);
    await expectConverged([[b, 2]]);
    const history = JSON.parse((await runCli(b, ["stack", "history", "--json"])).stdout) as {
      kind: string;
      result: string;
    }[];
    expect(history.map((h) => [h.kind, h.result])).to.deep.equal([
      ["update", "succeeded"],
      ["update", "succeeded"],
    ]);
  });

  it("a runner killed mid-provisioning leaves its lock; docs/recovery.md's steps recover it", async () => {
    const [a, b] = stacks;
    await configure(a, { count: 3, bandwidthGbps: 1 }, b);
    const killed = startCli(a, ["up", "--yes", "--skip-preview"]);
    await untilProvisioning(await liveIds(), killed);
    killGroup(killed.child, a);
    expect((await killed.done).signal).to.equal("SIGKILL");
    await eventually(
      () => processesOf(a),
      (left) => left.length === 0,
    );
    expect(await locks("e2e-fleet"), "the killed run's lock").to.have.length(1);

    // Another runner is refused, and the lock stays: a second up never breaks it or queues behind it.
    const refused = await runCli(b, ["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    expect(refused.stderr + refused.stdout).to.match(LOCKED);
    expect(await locks("e2e-fleet"), "the lock after a refused up").to.have.length(1);

    // docs/recovery.md, run by the other runner: cancel, refresh clearing pending creates, up, check.
    await runCli(b, ["cancel", "--yes"]);
    await runCli(b, ["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
    await runCli(b, ["up", "--yes", "--skip-preview"]);
    await runCli(b, ["preview", "--expect-no-changes"]);
    await runCli(b, ["refresh", "--preview-only", "--expect-no-changes"]);
    expect(await locks("e2e-fleet")).to.deep.equal([]);
    await expectConverged([[b, 3]]);
  });

  it("staging and prod on one bucket stay isolated", async () => {
    const dir = workingCopy("runner-c");
    const staging = await runner(dir, "staging");
    const prod = await runner(dir, "prod");
    await configure(staging, { count: 1, bandwidthGbps: 1 });
    await configure(prod, { count: 1, bandwidthGbps: 2 });
    await runCli(staging, ["up", "--yes", "--skip-preview"]);
    await runCli(prod, ["up", "--yes", "--skip-preview"]);
    const [stagingIds, prodIds] = [
      idsInState(await exportDeployment(staging)),
      idsInState(await exportDeployment(prod)),
    ];
    expect(stagingIds.partner.filter((id) => prodIds.partner.includes(id))).to.deep.equal([]);
    await expectConverged([
      [stacks[1], 3],
      [staging, 1],
      [prod, 1],
    ]);

    await runCli(staging, ["destroy", "--yes", "--skip-preview"]);
    await runCli(prod, ["preview", "--expect-no-changes"]);
    const live = (await inventory(emulator)).partner.map((c) => c.id);
    expect(live).to.include.members(prodIds.partner);
    expect(live).to.not.include.members(stagingIds.partner);
    const listed = JSON.parse((await runCli(prod, ["stack", "ls", "--json"])).stdout) as { name: string }[];
    expect(listed.map((s) => s.name).sort()).to.deep.equal(["prod", "staging", "team"]);
  });
});
