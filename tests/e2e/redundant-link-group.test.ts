// Issue 5 end to end: RedundantLinkGroup on the real engine against the emulator's traps, and the fiber-cut drill.
// Every stack is examples/redundant-pair (so the example is exercised), configured per scenario:
//   conduit trap: nyc ic-1 and ic-2 both route ch3 through nyc-cdt-river; the partner places the pair there;
//   single entrance: nyc-annex has one building entrance, so 'entrance' cannot be satisfied by any move.
// Each scenario has its own emulator, so placements (and request statistics) do not depend on the others.
import * as fs from "node:fs";
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { fiberCutDrill, type DrillReport } from "../../examples/drills/fiber-cut";
import { maintenanceDrill } from "../../examples/drills/maintenance";
import type { LinkSummary } from "../../provider/types";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { createTestStack, type TestStack } from "../support/engine";
import { admin, adminStats } from "../support/emulator";

const PROGRAM = "examples/redundant-pair";
const RIVER = "nyc-cdt-river";

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

interface GroupOutputs {
  compliant: boolean;
  blockers: { rule: string; links: string[]; shared?: string; explanation: string }[];
  survivesSingleFailure: Record<string, boolean>;
  relocations: number;
  links: LinkSummary[];
}

interface Scenario {
  emulator: Emulator;
  stack: TestStack;
}

async function scenario(name: string, config: Record<string, string>): Promise<Scenario> {
  const emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
  try {
    const stack = await createTestStack(PROGRAM, {
      stackName: `e2e-rlg-${name}-${process.pid}`,
      env: providerEnv(emulator),
    });
    await stack.stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])));
    return { emulator, stack };
  } catch (e) {
    await emulator.stop(); // a running emulator would keep mocha from exiting
    throw e;
  }
}

/**
 * Removes the stack (its config file next to the program, and its temp backend) without `destroy`: the resources live
 * only in this scenario's emulator, which stops here too. Saves an engine run per scenario on CI's two cores.
 */
async function disposeScenario(s: Scenario | undefined): Promise<void> {
  if (!s) return;
  try {
    await s.stack.stack.workspace.removeStack(s.stack.stack.name, { force: true });
  } finally {
    fs.rmSync(s.stack.backendDir, { recursive: true, force: true });
    await s.emulator.stop();
  }
}

/** The group's outputs as the state holds them now (refresh does not rerun the program, so stack outputs lag). */
async function groupState(stack: TestStack): Promise<GroupOutputs> {
  const deployment = await stack.stack.exportStack();
  const resources = (deployment.deployment?.resources ?? []) as { urn: string; outputs?: Record<string, unknown> }[];
  const group = resources.filter((r) => r.urn.endsWith("-pair"));
  expect(group, "one RedundantLinkGroup in the state").to.have.length(1);
  return group[0].outputs as unknown as GroupOutputs;
}

/** Runs `up` expecting it to fail; resolves to everything the engine printed (the provider's error is in it). */
async function upFails(stack: TestStack): Promise<string> {
  let output = "";
  try {
    await stack.stack.up({ onOutput: (s: string) => (output += s) });
  } catch (e) {
    return `${output}\n${(e as Error).message}`;
  }
  throw new Error(`expected up to fail; it succeeded:\n${output}`);
}

/** Inputs of the group in the state, for checking that a refresh leaves them as declared. */
async function groupInputs(stack: TestStack): Promise<Record<string, unknown>> {
  const deployment = await stack.stack.exportStack();
  const resources = (deployment.deployment?.resources ?? []) as { urn: string; inputs?: Record<string, unknown> }[];
  return resources.find((r) => r.urn.endsWith("-pair"))!.inputs!;
}

/** The provider's progress and warning lines (the engine reports them as diagnostics, not in stdout). */
const diagnostics = (outcome: { events: EngineEvent[] }): string =>
  outcome.events.map((e) => e.diagnosticEvent?.message ?? "").join("");

const byLink = (links: LinkSummary[]) => new Map(links.map((l) => [l.link, l]));

describe("e2e RedundantLinkGroup: diversity enforcement and the fiber-cut drill (examples/redundant-pair)", function () {
  this.timeout(5 * 60_000);
  // Three scenarios, each with its own emulator and stack. The two whose first `up` only has to fail start it at
  // once, next to the reconcile scenario's engine runs; CI has two cores and most of an engine run is waiting.
  let reconcile: Scenario;
  let failWarn: Scenario;
  let annex: Scenario;
  let failUp: Promise<{ text: string; relocateCalls: number }>;
  let annexUp: Promise<string>;

  before(async () => {
    [reconcile, failWarn, annex] = await Promise.all([
      scenario("reconcile", { site: "nyc-hq", enforcement: "reconcile", distinct: "conduit" }),
      scenario("fail-warn", { site: "nyc-hq", enforcement: "fail", distinct: "conduit" }),
      scenario("annex", { site: "nyc-annex", enforcement: "reconcile", distinct: "entrance,conduit" }),
    ]);
    failUp = upFails(failWarn.stack).then(async (text) => ({
      text,
      relocateCalls: (await adminStats(failWarn.emulator)).byOperation["partner.RelocateLink"] ?? 0,
    }));
    annexUp = upFails(annex.stack);
    // Settle both even if a test that awaits them never runs (no unhandled rejection).
    failUp.catch(() => undefined);
    annexUp.catch(() => undefined);
  });
  after(async () => {
    await Promise.allSettled([failUp, annexUp]);
    await Promise.all([disposeScenario(reconcile), disposeScenario(failWarn), disposeScenario(annex)]);
  });

  describe("shared-conduit trap under reconcile (nyc-hq, distinct conduit)", () => {
    let outputs: Record<string, unknown>;
    let group: GroupOutputs;

    it("relocates the co-located ch3 through the partner and comes up compliant", async () => {
      await admin(reconcile.emulator, "POST", "stats/reset");
      const res = await reconcile.stack.up();
      const stats = await adminStats(reconcile.emulator);
      expect(stats.byOperation["partner.RelocateLink"], "relocate calls").to.equal(1);
      expect(stats.byStatus["409"] ?? 0, "no refused call").to.equal(0);
      outputs = res.outputs;
      group = (res.outputs.diversity ?? {}) as GroupOutputs;
      expect(group.compliant).to.equal(true);
      expect(group.blockers).to.deep.equal([]);
      expect(group.relocations).to.equal(1);
      const conduits = group.links.map((l) => l.path.conduit);
      expect(new Set(conduits).size, `conduits ${conduits.join(", ")}`).to.equal(8);
      // The earlier member's ch3 stays on the shared conduit; the later one's is moved to its channel's alternate.
      const links = byLink(group.links);
      expect(links.get("nyc-hq-a/ch3")!.path.conduit).to.equal(RIVER);
      expect(links.get("nyc-hq-b/ch3")!.path.conduit).to.match(/^nyc-cdt-ic-[12]-ch3-alt$/);
      expect(diagnostics(res)).to.include(
        "RedundantLinkGroup nyc-hq-pair: relocating nyc-hq-b/ch3 (1 of 1), distinct conduit",
      );
    });

    it("fiber-cut drill: a compliant group keeps links up, and a refresh reports the cut link DOWN", async () => {
      const lines: string[] = [];
      let during: GroupOutputs | undefined;
      let refreshChanges: string[] = [];
      const report: DrillReport = await fiberCutDrill({
        emulatorUrl: reconcile.emulator.url,
        outputs,
        log: (line) => lines.push(line),
        whileCut: async () => {
          const refresh = await reconcile.stack.refresh();
          refreshChanges = refresh.changes.filter((c) => c.op !== "refresh").map((c) => `${c.op} ${c.urn}`);
          during = await groupState(reconcile.stack);
        },
      });
      // Every conduit carries one link, so whichever the drill cuts, exactly that link goes down.
      expect(report.onConduit).to.have.length(1);
      const down = report.links.filter((l) => l.operState === "DOWN").map((l) => `${l.interconnect}/${l.name}`);
      expect(down).to.deep.equal(report.onConduit);
      expect(report.everyInterconnectUp).to.equal(true);
      expect(lines.join("\n")).to.match(/every interconnect kept at least one link up/);
      // Traffic before and after: all eight links, then all but the cut one.
      expect(report.carryingTrafficBefore).to.have.length(8);
      expect(report.carryingTrafficAfter).to.deep.equal(
        report.carryingTrafficBefore.filter((ref) => !report.onConduit.includes(ref)),
      );
      expect(lines.join("\n")).to.include(`carrying traffic after:  7 of 8 links; stopped: ${report.onConduit[0]}`);
      expect(refreshChanges, "refresh changes nothing but state").to.deep.equal([]);
      const cut = byLink(during!.links).get(report.onConduit[0])!;
      expect(cut.operUp, `${cut.link} in the refreshed group outputs`).to.equal(false);
      expect(during!.links.filter((l) => !l.operUp)).to.have.length(1);
      // Seven links still up: more than minLinks (4), so the group still meets its policy.
      expect(during!.compliant).to.equal(true);
      expect(
        (await admin<{ cuts: unknown[] }>(reconcile.emulator, "GET", "cut")).cuts,
        "repaired afterwards",
      ).to.deep.equal([]);
    });

    it("maintenance drill: one link drained, BGP fails over to the others, as the group predicted", async () => {
      expect(group.survivesSingleFailure.maintenance, "the group's prediction").to.equal(true);
      const lines: string[] = [];
      let during: GroupOutputs | undefined;
      const report = await maintenanceDrill({
        emulatorUrl: reconcile.emulator.url,
        outputs,
        log: (line) => lines.push(line),
        link: "nyc-hq-b/ch2",
        whileInMaintenance: async () => {
          await reconcile.stack.refresh();
          during = await groupState(reconcile.stack);
        },
      });
      expect(report.predictedSurvival).to.equal(true);
      expect(report.carryingTrafficBefore).to.have.length(8);
      expect(report.carryingTrafficAfter).to.deep.equal(
        report.carryingTrafficBefore.filter((ref) => ref !== "nyc-hq-b/ch2"),
      );
      expect(report.everyInterconnectCarries).to.equal(true);
      const drained = report.links.find((l) => `${l.interconnect}/${l.name}` === "nyc-hq-b/ch2")!;
      expect([drained.operState, drained.bgpState, drained.inMaintenance]).to.deep.equal(["UP", "IDLE", true]);
      expect(lines.join("\n"))
        .to.include("the group predicted: any one link can go into maintenance")
        .and.include("carrying traffic after:  7 of 8 links; stopped: nyc-hq-b/ch2")
        .and.include("result: traffic kept flowing on 7 links; every interconnect kept carrying traffic");
      // The refreshed group sees the drained link as in maintenance and carrying nothing; the rest still carry.
      const link = byLink(during!.links).get("nyc-hq-b/ch2")!;
      expect([link.inMaintenance, link.carriesTraffic]).to.deep.equal([true, false]);
      expect(during!.links.filter((l) => l.carriesTraffic)).to.have.length(7);
      expect(during!.survivesSingleFailure.maintenance).to.equal(true);
      // Cancelled afterwards: the link carries traffic again.
      await reconcile.stack.refresh();
      const after = await groupState(reconcile.stack);
      expect(after.links.filter((l) => l.carriesTraffic)).to.have.length(8);
    });

    it("refresh re-evaluates drift (MACsec off on a member) without a diff on the group's inputs", async () => {
      const secondary = byLink(group.links).get("nyc-hq-b/ch1")!.connectionId;
      const declared = await groupInputs(reconcile.stack);
      await admin(reconcile.emulator, "POST", "drift", { connectionId: secondary, macsec: false });
      const refresh = await reconcile.stack.refresh();
      const after = await groupState(reconcile.stack);
      expect(after.compliant).to.equal(false);
      const macsec = after.blockers.find((b) => b.rule === "requireMacsec");
      expect(macsec, JSON.stringify(after.blockers)).to.not.equal(undefined);
      expect(macsec!.links).to.deep.equal(["nyc-hq-b/ch1", "nyc-hq-b/ch2", "nyc-hq-b/ch3", "nyc-hq-b/ch4"]);
      expect(after.links.filter((l) => !l.macsecActive).map((l) => l.link)).to.deep.equal(macsec!.links);
      expect(diagnostics(refresh) + refresh.stdout).to.include("MACsec is not active on nyc-hq-b/ch1");
      // Drift shows in the outputs only: the group's inputs stay as declared, so the program still matches them.
      expect(await groupInputs(reconcile.stack)).to.deep.equal(declared);
    });
  });

  describe("shared-conduit trap under fail, then warn (nyc-hq, distinct conduit)", () => {
    it("fail: up fails, naming the links and the shared conduit, and moves nothing", async () => {
      const { text, relocateCalls } = await failUp;
      expect(text).to.include('enforcement "fail" moves no links');
      expect(text).to.include(`links nyc-hq-a/ch3 and nyc-hq-b/ch3 share conduit ${RIVER}`);
      expect(text).to.include("relocate nyc-hq-b/ch3 to a different conduit");
      expect(relocateCalls).to.equal(0);
    });

    let outputs: Record<string, unknown>;
    it("warn: up succeeds and the outputs carry the blockers", async () => {
      await failWarn.stack.setConfig("enforcement", "warn");
      const res = await failWarn.stack.up();
      outputs = res.outputs;
      const group = res.outputs.diversity as GroupOutputs;
      expect(group.compliant).to.equal(false);
      expect(group.relocations).to.equal(0);
      expect(group.blockers.map((b) => [b.rule, b.shared, b.links])).to.deep.equal([
        ["distinct:conduit", `conduit ${RIVER}`, ["nyc-hq-a/ch3", "nyc-hq-b/ch3"]],
      ]);
      expect(res.stdout).to.include(`share conduit ${RIVER}`);
    });

    it("fiber-cut drill: the co-located pair loses both its links on the shared conduit", async () => {
      const lines: string[] = [];
      const report = await fiberCutDrill({
        emulatorUrl: failWarn.emulator.url,
        outputs,
        log: (line) => lines.push(line),
      });
      expect(report.conduit, "the busiest conduit").to.equal(RIVER);
      expect(report.onConduit).to.deep.equal(["nyc-hq-a/ch3", "nyc-hq-b/ch3"]);
      const down = report.links.filter((l) => l.operState === "DOWN").map((l) => `${l.interconnect}/${l.name}`);
      expect(down).to.deep.equal(report.onConduit);
      expect(lines.join("\n")).to.include("not conduit-diverse");
      expect(
        (await admin<{ cuts: unknown[] }>(failWarn.emulator, "GET", "cut")).cuts,
        "repaired afterwards",
      ).to.deep.equal([]);
    });
    it("mismatched BGP timers on one link: a blocker with both timer pairs and the remedy, cleared by the fix", async () => {
      const odd = byLink((outputs.diversity as GroupOutputs).links).get("nyc-hq-b/ch2")!;
      const timers = { connectionId: odd.connectionId, link: "ch2" };
      await admin(failWarn.emulator, "POST", "link-health", { ...timers, holdTimeSeconds: 180, keepaliveSeconds: 60 });
      await failWarn.stack.refresh();
      const mismatched = await groupState(failWarn.stack);
      const blocker = mismatched.blockers.find((b) => b.rule === "requireConsistentBgpTimers");
      expect(blocker, JSON.stringify(mismatched.blockers)).to.not.equal(undefined);
      expect(blocker!.links).to.deep.equal(["nyc-hq-b/ch2"]);
      expect(blocker!.explanation)
        .to.contain("hold 90 s / keepalive 30 s")
        .and.contain("nyc-hq-b/ch2 hold 180 s / keepalive 60 s")
        .and.contain("ask the partner to set hold 90 s / keepalive 30 s on nyc-hq-b/ch2");
      expect(byLink(mismatched.links).get("nyc-hq-b/ch2")!.blockedBy).to.include("requireConsistentBgpTimers");
      // A session held 180 s where the others are dropped after 90 s does not fail over within the group's timers.
      expect(mismatched.survivesSingleFailure.maintenance).to.equal(false);

      // The partner sets the group's timers again (the emulator's clear stands for it): the blocker is gone.
      await admin(failWarn.emulator, "POST", "link-health", { ...timers, clear: true });
      await failWarn.stack.refresh();
      const fixed = await groupState(failWarn.stack);
      expect(fixed.blockers.map((b) => b.rule)).to.deep.equal(["distinct:conduit"]);
      expect(fixed.survivesSingleFailure.maintenance).to.equal(true);
    });
  });

  describe("single building entrance (nyc-annex, distinct entrance and conduit)", () => {
    it("reconcile: up fails with the remedy — order a second entrance", async () => {
      const text = await annexUp;
      expect(text).to.include("share building entrance nyc-annex-main");
      expect(text).to.include("order a second entrance to satisfy 'entrance'");
    });
  });
});
