// Drift after day one, on the real engine: the partner re-homes a link into another's conduit, turns MACsec off on one
// link, sets odd BGP timers on another and takes a third down. Under each enforcement the next `up` acts on what the
// last read found: "reconcile" relocates the re-homed link and fails naming the rest with their remedies, "fail" fails
// naming them, "warn" warns; the drift job (`refresh --preview-only --expect-no-changes`) fails where a policy breaks.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { LinkSummary } from "../../provider/types";
import {
  admin,
  providerEnv,
  exportDeployment,
  initCliStack,
  removeCliStack,
  runCli,
  type CliRun,
  type CliStack,
} from "../support/reliability";

const PROGRAM = "tests/e2e/programs/drift-pair";
const DRIFT_JOB = ["refresh", "--preview-only", "--expect-no-changes", "--diff"];

interface GroupState {
  compliant: boolean;
  relocations: number;
  blockers: { rule: string; links: string[] }[];
  links: LinkSummary[];
}

interface DriftStack {
  emulator: RunningEmulator;
  stack: CliStack;
  /** drift-a's and drift-b's partner connection ids. */
  ids: [string, string];
}

async function driftStack(enforcement: string): Promise<DriftStack> {
  const emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
  try {
    const stack = await initCliStack(PROGRAM, `e2e-drift-${enforcement}-${process.pid}`, providerEnv(emulator));
    // The site's partner places one pair of links in a shared conduit: a reconcile group starts by relocating it, and
    // then takes the enforcement under test, compliant.
    await runCli(stack, ["up", "--yes", "--skip-preview"]);
    if (enforcement !== "reconcile") {
      await runCli(stack, ["config", "set", "enforcement", enforcement]);
      await runCli(stack, ["up", "--yes", "--skip-preview"]);
    }
    const outputs = JSON.parse((await runCli(stack, ["stack", "output", "connectionIds", "--json"])).stdout) as [
      string,
      string,
    ];
    return { emulator, stack, ids: outputs };
  } catch (e) {
    await emulator.stop();
    throw e;
  }
}

async function disposeDriftStack(s: DriftStack | undefined): Promise<void> {
  if (!s) return;
  removeCliStack(s.stack); // resources live only in this emulator, stopped next: no destroy run needed
  await s.emulator.stop();
}

async function groupState(stack: CliStack): Promise<GroupState> {
  const group = (await exportDeployment(stack)).resources?.find((r) => r.type.endsWith(":RedundantLinkGroup"));
  return group?.outputs as unknown as GroupState;
}

const said = (run: CliRun) => `${run.stdout}\n${run.stderr}`;

/** The partner's repair crew moves drift-b's ch1 into drift-a's ch1 conduit. */
const rehome = ({ emulator, ids: [a, b] }: DriftStack) =>
  admin(emulator, "POST", "rehome", {
    connectionId: b,
    link: "ch1",
    shareWith: { connectionId: a, link: "ch1", dimensions: ["conduit"] },
  });

/** MACsec off on drift-a/ch2, BGP timers 30/10 on drift-a/ch4 (the others run 90/30), drift-b/ch4 admin down. */
async function breakThreeLinks({ emulator, ids: [a, b] }: DriftStack): Promise<void> {
  await admin(emulator, "POST", "drift", { connectionId: a, macsecOffLink: "ch2" });
  await admin(emulator, "POST", "link-health", {
    connectionId: a,
    link: "ch4",
    holdTimeSeconds: 30,
    keepaliveSeconds: 10,
  });
  await admin(emulator, "POST", "drift", { connectionId: b, linkAdminDown: "ch4" });
}

/** Each of the three drifts, named with its link and its remedy. */
function expectNamesTheThree(text: string): void {
  expect(text).to.match(/MACsec is not active on drift-a\/ch2[^\n]*order the connection with macsec "required"/);
  expect(text).to.match(/BGP timers differ within the group[^\n]*ask the partner to set[^\n]*on drift-a\/ch4/);
  expect(text).to.match(/drift-b\/ch4 is oper DOWN[^\n]*bring it back up or add links/);
}

const conduitOf = (group: GroupState, link: string) => group.links.find((l) => l.link === link)?.path.conduit;

describe("e2e drift: the next up acts on what the last read found, per enforcement", function () {
  this.timeout(8 * 60_000);
  let reconcile: DriftStack;
  let fail: DriftStack;
  let warn: DriftStack;

  before(async () => {
    // Three stacks, each with its own emulator; most of an engine run is waiting, so they start side by side.
    [reconcile, fail, warn] = await Promise.all([driftStack("reconcile"), driftStack("fail"), driftStack("warn")]);
  });
  after(async () => {
    await Promise.all([disposeDriftStack(reconcile), disposeDriftStack(fail), disposeDriftStack(warn)]);
  });

  it("a healthy stack: refresh then preview --expect-no-changes, and the drift job, pass", async () => {
    await runCli(fail.stack, ["refresh", "--yes", "--skip-preview"]);
    await runCli(fail.stack, ["preview", "--expect-no-changes"]);
    await runCli(reconcile.stack, DRIFT_JOB);
  });

  it("a link re-homed into a shared conduit: the drift job fails under reconcile and fail, naming it", async () => {
    await Promise.all([rehome(reconcile), rehome(fail), rehome(warn)]);
    const [underReconcile, underFail, underWarn] = await Promise.all(
      [reconcile, fail, warn].map((s) => runCli(s.stack, DRIFT_JOB, { allowFailure: true })),
    );
    for (const run of [underReconcile, underFail]) {
      expect(run.code, said(run)).to.not.equal(0);
      expect(said(run)).to.contain("RedundantLinkGroup drift-pair").and.contain("(distinct:conduit)");
      expect(said(run)).to.match(/links drift-a\/ch1 and drift-b\/ch1 share conduit [^\n]*relocate drift-b\/ch1/);
    }
    expect(underWarn.code, `warn reports only:\n${said(underWarn)}`).to.equal(0);
    expect(said(underWarn)).to.contain("links drift-a/ch1 and drift-b/ch1 share conduit");
  });

  it("reconcile: up --refresh relocates the re-homed link, and the next preview is clean", async () => {
    const before = await groupState(reconcile.stack);
    const run = await runCli(reconcile.stack, ["up", "--refresh", "--yes", "--skip-preview"]);
    expect(said(run)).to.contain("relocating drift-b/ch1 (1 of 1), distinct conduit");
    const after = await groupState(reconcile.stack);
    expect(after.compliant).to.equal(true);
    expect(after.blockers).to.deep.equal([]);
    expect(after.relocations).to.equal(1);
    expect(conduitOf(after, "drift-b/ch1")).to.not.equal(conduitOf(after, "drift-a/ch1"));
    expect(new Set(after.links.map((l) => l.path.conduit)).size, "every link on a conduit of its own").to.equal(8);
    expect(
      after.links.every((l) => l.blockedBy.length === 0),
      "the map marks no link",
    ).to.equal(true);
    expect(before.links.length).to.equal(8);
    await runCli(reconcile.stack, ["preview", "--expect-no-changes"]);
  });

  it("fail and warn: a refresh records it; plain up fails naming the link under fail, warns under warn", async () => {
    await Promise.all([fail, warn].map((s) => runCli(s.stack, ["refresh", "--yes", "--skip-preview"])));
    const [underFail, underWarn] = await Promise.all(
      [fail, warn].map((s) => runCli(s.stack, ["up", "--yes", "--skip-preview"], { allowFailure: true })),
    );
    expect(underFail.code, said(underFail)).to.not.equal(0);
    expect(said(underFail)).to.contain('enforcement "fail" moves no links');
    expect(said(underFail)).to.match(/links drift-a\/ch1 and drift-b\/ch1 share conduit [^\n]*relocate drift-b\/ch1/);
    expect(underWarn.code, said(underWarn)).to.equal(0);
    expect((await groupState(warn.stack)).compliant, "warn records the drift").to.equal(false);
    expect((await groupState(fail.stack)).relocations, "fail moved nothing").to.equal(0);
  });

  it("MACsec off, odd BGP timers, a link down: reconcile and fail fail naming each link and remedy", async () => {
    await Promise.all([reconcile, fail, warn].map(breakThreeLinks));
    const job = await runCli(fail.stack, DRIFT_JOB, { allowFailure: true });
    expect(job.code, said(job)).to.not.equal(0);
    expectNamesTheThree(said(job));
    // One run (up --refresh) under reconcile; a refresh, then plain up, under fail.
    await runCli(fail.stack, ["refresh", "--yes", "--skip-preview"]);
    const [underReconcile, underFail] = await Promise.all([
      runCli(reconcile.stack, ["up", "--refresh", "--yes", "--skip-preview"], { allowFailure: true }),
      runCli(fail.stack, ["up", "--yes", "--skip-preview"], { allowFailure: true }),
    ]);
    for (const run of [underReconcile, underFail]) {
      expect(run.code, said(run)).to.not.equal(0);
      expectNamesTheThree(said(run));
    }
    expect(said(underReconcile)).to.contain("does not meet its diversity policy after 0 relocations");
    expect(said(underFail)).to.contain('enforcement "fail" moves no links');
  });

  it("warn: up --refresh exits 0, warning of each", async () => {
    const run = await runCli(warn.stack, ["up", "--refresh", "--yes", "--skip-preview"]);
    expectNamesTheThree(said(run));
    expect(said(run)).to.contain("warning");
  });
});
