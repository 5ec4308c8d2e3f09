// Issue 13 end to end: diversity on route geometry at nyc-midtown (two entrances, but the ch1 conduits of every
// interconnect share one trench along 42nd St), on the real engine. One stack walks the policies in turn:
//   conduit only, reconcile: the shared-id river conduit is moved; the group is compliant;
//   + minSeparationMeters 10, warn: the trench is reported, with its length; fail: nothing moves, up fails;
//   reconcile: the partner moves the trench link to a route 10 m clear; the group ends compliant.
// Then the map tool draws the warn and the reconciled group, carrier path data is checked, and the geometric cut drill
// cuts at the group's worst single cut.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { fiberCutDrill } from "../../examples/drills/fiber-cut";
import { createTestStack, REPO_ROOT, type TestStack } from "../support/engine";

const PROGRAM = "tests/e2e/programs/geometry-pair";
type Emulator = Awaited<ReturnType<typeof startEmulator>>;
interface Blocker {
  rule: string;
  links: string[];
  explanation: string;
  place?: { segments?: { lengthMeters: number; coordinates: [number, number][] }[] };
}
interface Group {
  compliant: boolean;
  blockers: Blocker[];
  relocations: number;
  survivesSingleFailure: Record<string, boolean>;
  links: { link: string; operUp: boolean; path: { conduit: string }; route?: { coordinates: [number, number][] } }[];
  worstCut?: { point: [number, number]; radiusMeters: number; links: string[] };
}

async function stats(emulator: Emulator): Promise<Record<string, number>> {
  const body = (await (await fetch(`${emulator.url}/_admin/stats`)).json()) as { byOperation: Record<string, number> };
  return body.byOperation;
}

/** Runs the map bin on the outputs (as `pulumi stack output diversity --json` prints them); returns the HTML. */
function drawMap(group: Group, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-map-"));
  const input = path.join(dir, `${name}.json`);
  fs.writeFileSync(input, JSON.stringify(group));
  const out = path.join(dir, `${name}.html`);
  execFileSync(process.execPath, [path.join(REPO_ROOT, "dist/provider/map/cli.js"), input, "--out", out]);
  return fs.readFileSync(out, "utf8");
}

const violations = (html: string) => (html.match(/data-violation=/g) ?? []).length;

describe("e2e RedundantLinkGroup on route geometry (nyc-midtown trench, carrier routes, area cut)", function () {
  this.timeout(6 * 60_000);
  let emulator: Emulator;
  let stack: TestStack;
  let warned: Group;
  let reconciled: Group;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack(PROGRAM, {
      stackName: `e2e-geometry-${process.pid}`,
      env: providerEnv(emulator),
    });
    await stack.setConfig("site", "nyc-midtown");
  });
  after(async () => {
    try {
      await stack?.stack.workspace.removeStack(stack.stack.name, { force: true });
      if (stack) fs.rmSync(stack.backendDir, { recursive: true, force: true });
    } finally {
      await emulator?.stop();
    }
  });

  it("a plain conduit policy passes (reconcile moves the shared river conduit)", async () => {
    await stack.setConfig("enforcement", "reconcile");
    const group = (await stack.up()).outputs.diversity as Group;
    expect(group.compliant, JSON.stringify(group.blockers)).to.equal(true);
    expect(group.relocations).to.equal(1);
    expect(
      group.links.every((l) => l.route && l.route.coordinates.length > 2),
      "routes in the outputs",
    ).to.equal(true);
  });

  it("minSeparationMeters 10 under warn reports the shared trench, with its length and where", async () => {
    await stack.setConfig("minSeparationMeters", "10");
    await stack.setConfig("enforcement", "warn");
    warned = (await stack.up()).outputs.diversity as Group;
    expect(warned.compliant).to.equal(false);
    const trench = warned.blockers.filter((b) => b.rule === "minSeparation");
    expect(trench, JSON.stringify(warned.blockers)).to.have.length(1);
    expect(trench[0].links).to.deep.equal(["nyc-midtown-a/ch1", "nyc-midtown-b/ch1"]);
    // Which of ic-1/ic-2 each connection got depends on which was accepted first; both are in the ch1 trench.
    const length = trench[0].place!.segments!.reduce((sum, s) => sum + s.lengthMeters, 0);
    expect(length, "trench length").to.be.at.least(300);
    expect(trench[0].explanation)
      .to.match(/on different conduits \(nyc-cdt-ic-\d-ch1, nyc-cdt-ic-\d-ch1\) run within [\d.]+ m of each other/)
      .and.to.include(`for ${trench[0].place!.segments![0].lengthMeters} m, between [-73.98`)
      .and.to.include("relocate nyc-midtown-b/ch1 to a route at least 10 m from nyc-midtown-a/ch1");
  });

  it("interconnect-map draws the warn case with the trench highlighted", () => {
    const html = drawMap(warned, "warn");
    expect(violations(html)).to.be.at.least(1);
    expect((html.match(/data-link=/g) ?? []).length).to.equal(8);
  });

  it("fail: up fails naming the trench, and moves nothing", async () => {
    await stack.setConfig("enforcement", "fail");
    await fetch(`${emulator.url}/_admin/stats/reset`, { method: "POST" });
    let message = "";
    await stack.up().then(
      () => expect.fail("up should fail"),
      (e: Error) => (message = e.message),
    );
    expect(message).to.include("links nyc-midtown-a/ch1 and nyc-midtown-b/ch1 on different conduits");
    expect((await stats(emulator))["partner.RelocateLink"] ?? 0).to.equal(0);
  });

  it("reconcile: the partner moves the trench link to a route 10 m clear; the group ends compliant", async () => {
    await stack.setConfig("enforcement", "reconcile");
    await stack.setConfig("cutRadiusMeters", "4");
    const res = await stack.up();
    reconciled = res.outputs.diversity as Group;
    expect(reconciled.compliant, JSON.stringify(reconciled.blockers)).to.equal(true);
    expect(reconciled.relocations).to.equal(1);
    const moved = reconciled.links.find((l) => l.link === "nyc-midtown-b/ch1")!;
    expect(moved.path.conduit).to.match(/^nyc-cdt-ic-\d-ch1-alt$/);
    expect(reconciled.survivesSingleFailure.cut).to.equal(true);
    expect(reconciled.worstCut!.links, "a 4 m cut takes one link at most").to.have.length(1);
    expect(violations(drawMap(reconciled, "reconciled"))).to.equal(0);
  });

  it("geometric cut drill: a cut at the group's worst place takes down exactly the links the group predicted", async () => {
    const outputs = (await stack.up()).outputs; // unchanged: no relocation, same outputs
    const lines: string[] = [];
    const report = await fiberCutDrill({
      emulatorUrl: emulator.url,
      outputs,
      log: (l) => lines.push(l),
      area: "worst",
    });
    const group = outputs.diversity as Group;
    const down = report.links.filter((l) => l.operState === "DOWN").map((l) => `${l.interconnect}/${l.name}`);
    expect(down).to.deep.equal(group.worstCut!.links);
    expect(report.onConduit).to.deep.equal(group.worstCut!.links);
    expect(report.anyLinkUp).to.equal(true);
    expect(lines.join("\n")).to.include("survives any single cut of 4 m");
    const cuts = ((await (await fetch(`${emulator.url}/_admin/cut`)).json()) as { cuts: unknown[] }).cuts;
    expect(cuts, "repaired afterwards").to.deep.equal([]);
  });

  it("area cut on the trench (admin API) takes down both trench links of the warn-time placement", async () => {
    const trench = warned.blockers.find((b) => b.rule === "minSeparation")!;
    const coordinates = trench.place!.segments![0].coordinates;
    const middle = coordinates[Math.floor(coordinates.length / 2)];
    const res = await fetch(`${emulator.url}/_admin/cut`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ point: middle, radiusMeters: 6 }),
    });
    expect(res.status).to.equal(200);
    await stack.refresh();
    const resources = (await stack.stack.exportStack()).deployment.resources as { urn: string; outputs: unknown }[];
    const group = resources.find((r) => r.urn.endsWith("-pair"))!.outputs as Group;
    // After reconcile only a/ch1 is still in the trench: one link down, the rest up.
    expect(group.links.filter((l) => !l.operUp).map((l) => l.link)).to.deep.equal(["nyc-midtown-a/ch1"]);
    await fetch(`${emulator.url}/_admin/cut`, { method: "DELETE" });
  });

  it("carrier path data: used instead of the partner's, a missing route or wrong ends is a blocker", async () => {
    const features = reconciled.links.map((l) => ({
      type: "Feature",
      properties: { link: l.link },
      geometry: { type: "LineString", coordinates: l.route!.coordinates },
    }));
    // a/ch2's route stops 400 m short of the building; b/ch4 has no carrier route at all.
    const short = features.find((f) => f.properties.link === "nyc-midtown-a/ch2")!;
    short.geometry.coordinates = short.geometry.coordinates.slice(0, -2);
    const routes = {
      type: "FeatureCollection",
      features: features.filter((f) => f.properties.link !== "nyc-midtown-b/ch4"),
    };
    await stack.setConfig("enforcement", "warn");
    await stack.setConfig("carrierRoutes", JSON.stringify(routes));
    const group = (await stack.up()).outputs.diversity as Group;
    const rules = group.blockers.map((b) => `${b.rule} ${b.links.join(",")}`);
    expect(rules).to.include("carrierRoute:missing nyc-midtown-b/ch4");
    expect(rules).to.include("carrierRoute:ends nyc-midtown-a/ch2");
    expect(group.blockers.find((b) => b.rule === "carrierRoute:ends")!.explanation).to.match(
      /the entrance \[.*\] is \d+ m away/,
    );
  });

  it("bad carrier data and policy values are refused at preview, naming field and value, with no API call", async () => {
    await stack.setConfig(
      "carrierRoutes",
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { link: "a/ch1", structures: [{ id: "x", kind: "pit", lon: 0, lat: 0 }] },
            geometry: {
              type: "LineString",
              coordinates: [
                [-200, 40],
                [-73.9, 40.7],
              ],
            },
          },
        ],
      }),
    );
    await stack.setConfig("minSeparationMeters", "20000");
    await fetch(`${emulator.url}/_admin/stats/reset`, { method: "POST" });
    let message = "";
    await stack.preview().then(
      () => expect.fail("preview should fail"),
      (e: Error) => (message = e.message),
    );
    expect(message)
      .to.include("minSeparationMeters must be a number of meters above 0 up to 10000")
      .and.include("20000");
    expect(message).to.include('structure kind "pit" is unknown; allowed: manhole, handhole');
    expect(message).to.include("longitude must be a number from -180 to 180");
    const calls = Object.entries(await stats(emulator)).filter(([op]) => op.startsWith("partner."));
    expect(calls, "no partner API call").to.deep.equal([]);
  });
});
