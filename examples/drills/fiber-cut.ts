// Fiber-cut drill: cut the conduit of one link of a stack's interconnects (through the emulator's admin API), show
// which links went down, which carry traffic before and after, and whether every interconnect kept at least one link
// up, then repair the conduit.
//
// `npm run drill` (toolchain/demo.js) runs it on the root demo stack's outputs; tests/e2e/redundant-link-group.test.ts
// runs the same function on examples/redundant-pair stacks. Works on any stack with the outputs ./observe.ts reads.
import { lineString, point, pointToLineDistance } from "@turf/turf";
import {
  adminCall,
  logTraffic,
  observe,
  partnerClient,
  plannedLinks,
  predicted,
  refOf,
  runFromCommandLine,
  undoAfter,
  type DrillInterconnect,
  type DrillLink,
  type DrillTarget,
  type PlannedLink,
} from "./observe";

export type { DrillInterconnect, DrillLink } from "./observe";

export interface DrillOptions extends DrillTarget {
  /** Conduit to cut; by default the one carrying the most links of the stack (the worst single cut). */
  conduit?: string;
  /**
   * Cut an area instead of a conduit: every link whose route passes within radiusMeters of point goes down. "worst":
   * the group's worstCut (policy cutRadiusMeters), the place one cut of that radius hurts most.
   */
  area?: { point: [number, number]; radiusMeters: number } | "worst";
  /** Runs while the conduit is cut, after the report (e.g. a `pulumi refresh`); the conduit is repaired afterwards. */
  whileCut?: (report: DrillReport) => Promise<void>;
}

export interface DrillReport {
  conduit: string;
  /** Links that were on the conduit before the cut, as "interconnect/link". */
  onConduit: string[];
  links: DrillLink[];
  interconnects: DrillInterconnect[];
  /** "interconnect/link" of the links that carried traffic before the cut, and while it lasts. */
  carryingTrafficBefore: string[];
  carryingTrafficAfter: string[];
  /** Every interconnect kept at least one link UP. */
  everyInterconnectUp: boolean;
  /** At least one link of the whole stack stayed UP. */
  anyLinkUp: boolean;
  /** What the group predicted before the cut (survivesSingleFailure.conduit, or .cut), when the stack has a group. */
  predictedSurvival?: boolean;
}

/** The drill as `npm run drill` runs it: logs a readable report and leaves the conduit repaired. */
export async function runFiberCutDrill(options: DrillOptions): Promise<void> {
  await fiberCutDrill(options);
}

/** The drill's core: observe, cut, observe, report, (whileCut), repair. Returns what it observed. */
export async function fiberCutDrill(options: DrillOptions): Promise<DrillReport> {
  const { outputs, log } = options;
  const planned = plannedLinks(outputs);
  const area = areaOf(options.area, outputs);
  const conduit = area
    ? `area ${area.point.join(",")} (${area.radiusMeters} m)`
    : (options.conduit ?? busiestConduit(planned));
  const onConduit = planned.filter((l) => (area ? inArea(l, area) : l.conduit === conduit)).map(refOf);
  const predictedSurvival = predicted(outputs, area ? "cut" : "conduit");
  const partner = partnerClient(options);

  log("");
  log(`Fiber-cut drill: cutting ${area ? "" : "conduit "}${conduit}`);
  log(
    onConduit.length > 0
      ? `  it carries ${onConduit.length === 1 ? "1 link" : `${onConduit.length} links`}: ${onConduit.join(", ")}`
      : "  no link of this stack runs through it",
  );
  if (predictedSurvival !== undefined) {
    const what = area ? `cut of ${area.radiusMeters} m` : "conduit cut";
    log(
      `  the group predicted: ${predictedSurvival ? `survives any single ${what}` : `a single ${what} can take every link down`}`,
    );
  }
  const before = await observe(partner, planned);
  const target = area ? { point: area.point, radiusMeters: area.radiusMeters } : { conduit };
  await adminCall(options, "POST", "cut", target);
  const repair = async () => {
    await adminCall(options, "POST", "cut", { ...target, restore: true });
    log(`  ${area ? "" : "conduit "}${conduit} repaired`);
  };
  return undoAfter(
    async () => {
      const after = await observe(partner, planned);
      const report: DrillReport = {
        conduit,
        onConduit,
        links: after.links,
        interconnects: after.interconnects,
        carryingTrafficBefore: before.carryingTraffic,
        carryingTrafficAfter: after.carryingTraffic,
        everyInterconnectUp: after.interconnects.every((ic) => ic.up.length > 0),
        anyLinkUp: after.links.some((l) => l.operState === "UP"),
        ...(predictedSurvival === undefined ? {} : { predictedSurvival }),
      };
      printReport(report, log);
      logTraffic(before, after, log);
      if (options.whileCut) await options.whileCut(report);
      return report;
    },
    repair,
    log,
  );
}

/** The conduit with the most links on it (the first such in stack order): the cut that hurts most. */
export function busiestConduit(links: readonly { conduit: string }[]): string {
  const counts = new Map<string, number>();
  for (const { conduit } of links) counts.set(conduit, (counts.get(conduit) ?? 0) + 1);
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

type Area = { point: [number, number]; radiusMeters: number };

function areaOf(area: DrillOptions["area"], outputs: Record<string, unknown>): Area | undefined {
  if (area !== "worst") return area;
  const worst = (outputs.diversity as { worstCut?: Area } | undefined)?.worstCut;
  if (!worst) throw new Error("fiber-cut drill: the group has no worstCut (set policy cutRadiusMeters)");
  return { point: worst.point, radiusMeters: worst.radiusMeters };
}

/** The link's route (as the group reported it) passes within the area, as the emulator judges an area cut. */
function inArea(link: PlannedLink, area: Area): boolean {
  if (!link.route) return false;
  const meters = pointToLineDistance(point(area.point), lineString(link.route.coordinates), { units: "meters" });
  return meters <= area.radiusMeters;
}

function printReport(report: DrillReport, log: (line: string) => void): void {
  const down = report.links.filter((l) => l.operState === "DOWN");
  log(
    down.length === 0
      ? "  no link went down"
      : `  went down: ${down.map((l) => `${l.interconnect}/${l.name} (BGP ${l.bgpState})`).join(", ")}`,
  );
  for (const ic of report.interconnects) {
    const total = ic.up.length + ic.down.length;
    const state = ic.up.length === 0 ? "ALL LINKS DOWN" : `${ic.up.length} of ${total} links up (${ic.up.join(", ")})`;
    log(`  ${ic.name}: ${state}`);
  }
  const up = report.links.length - down.length;
  log(`  all interconnects: ${up} of ${report.links.length} links up`);
  const sharedAcross = new Set(down.map((l) => l.connectionId)).size > 1;
  log(
    report.everyInterconnectUp
      ? `  result: every interconnect kept at least one link up${sharedAcross ? ", but one cut hit links of more than one interconnect: they are not conduit-diverse" : ""}`
      : "  result: an interconnect lost every link — this cut is a single point of failure",
  );
}

/**
 * By hand, on any stack with the outputs above (the emulator running as in examples/redundant-pair/README.md):
 *   npm run pulumi -- -C examples/redundant-pair stack output --json \
 *     | npx ts-node --transpile-only examples/drills/fiber-cut.ts [--emulator URL] [--conduit ID | --worst-cut]
 * The emulator URL defaults to INTERCONNECT_PARTNER_ENDPOINT without its /partner suffix.
 */
if (require.main === module) {
  const argv = process.argv.slice(2);
  runFromCommandLine(argv, (target, flag) =>
    runFiberCutDrill({ ...target, conduit: flag("conduit"), area: argv.includes("--worst-cut") ? "worst" : undefined }),
  ).catch((e: Error) => {
    console.error(`fiber-cut drill: ${e.message}`);
    process.exit(1);
  });
}
