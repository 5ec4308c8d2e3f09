// Fiber-cut drill: cut the conduit of one link of a stack's interconnects (through the emulator's admin API), show
// which links went down and whether every interconnect kept at least one link up, then repair the conduit.
//
// `npm run drill` (toolchain/demo.js) runs it on the root demo stack's outputs; tests/e2e/redundant-link-group.test.ts
// runs the same function on examples/redundant-pair stacks. Works on any stack that exports
//   interconnects: { [name]: { connectionId, links: [{ name, conduit, ... }] } }
//   diversity?:    { links: [{ interconnect, connectionId, name, path: { conduit } }], survivesSingleFailure? }
// (the group's link paths are preferred: the group may have relocated links after the Interconnects were read).
import { lineString, point, pointToLineDistance } from "@turf/turf";
import { PartnerClient } from "pulumi-interconnect/clients";

type PartnerConnection = Awaited<ReturnType<PartnerClient["getConnection"]>>;

export interface DrillOptions {
  /** The emulator's base URL (its admin API is under /_admin, the partner role under /partner). */
  emulatorUrl: string;
  /** The stack's outputs (`pulumi stack output --json`, or the Automation API's outputs). */
  outputs: Record<string, unknown>;
  log: (line: string) => void;
  /** Conduit to cut; by default the one carrying the most links of the stack (the worst single cut). */
  conduit?: string;
  /**
   * Cut an area instead of a conduit: every link whose route passes within radiusMeters of point goes down. "worst":
   * the group's worstCut (policy cutRadiusMeters), the place one cut of that radius hurts most.
   */
  area?: { point: [number, number]; radiusMeters: number } | "worst";
  /** Partner customer token; INTERCONNECT_PARTNER_TOKEN or the emulator's development token by default. */
  partnerToken?: string;
  /** Runs while the conduit is cut, after the report (e.g. a `pulumi refresh`); the conduit is repaired afterwards. */
  whileCut?: (report: DrillReport) => Promise<void>;
}

export interface DrillLink {
  interconnect: string;
  connectionId: string;
  name: string;
  conduit: string;
  operState: "UP" | "DOWN";
  bgpState: string;
}

export interface DrillInterconnect {
  name: string;
  connectionId: string;
  up: string[];
  down: string[];
}

export interface DrillReport {
  conduit: string;
  /** Links that were on the conduit before the cut, as "interconnect/link". */
  onConduit: string[];
  links: DrillLink[];
  interconnects: DrillInterconnect[];
  /** Every interconnect kept at least one link UP. */
  everyInterconnectUp: boolean;
  /** At least one link of the whole stack stayed UP. */
  anyLinkUp: boolean;
  /** What the group predicted before the cut (survivesSingleFailure.conduit), when the stack has a group. */
  predictedSurvival?: boolean;
}

const DEV_PARTNER_TOKEN = "dev-partner-token"; // emulator/defaults.ts PARTNER_CUSTOMER_TOKEN

interface PlannedLink {
  interconnect: string;
  connectionId: string;
  name: string;
  conduit: string;
  route?: { coordinates: [number, number][] };
}

/** The drill as `npm run drill` runs it: logs a readable report and leaves the conduit repaired. */
export async function runFiberCutDrill(options: DrillOptions): Promise<void> {
  await fiberCutDrill(options);
}

/** The drill's core: cut, observe, report, (whileCut), repair. Returns what it observed. */
export async function fiberCutDrill(options: DrillOptions): Promise<DrillReport> {
  const { emulatorUrl, outputs, log } = options;
  const planned = plannedLinks(outputs);
  if (planned.length === 0)
    throw new Error("fiber-cut drill: the stack outputs name no interconnect links (run `up` first)");
  const area = areaOf(options.area, outputs);
  const conduit = area
    ? `area ${area.point.join(",")} (${area.radiusMeters} m)`
    : (options.conduit ?? busiestConduit(planned));
  const onConduit = planned
    .filter((l) => (area ? inArea(l, area) : l.conduit === conduit))
    .map((l) => `${l.interconnect}/${l.name}`);
  const predictedSurvival = prediction(outputs, area !== undefined);
  const partner = new PartnerClient({
    baseUrl: `${trimSlash(emulatorUrl)}/partner`,
    token: options.partnerToken ?? process.env.INTERCONNECT_PARTNER_TOKEN ?? DEV_PARTNER_TOKEN,
    retry: { retries: 2, maxElapsedMs: 10_000 },
  });

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
  const target = area ? { point: area.point, radiusMeters: area.radiusMeters } : { conduit };
  await admin(emulatorUrl, target);
  try {
    const report = await observe(partner, planned, conduit, onConduit, predictedSurvival);
    printReport(report, log);
    if (options.whileCut) await options.whileCut(report);
    return report;
  } finally {
    await admin(emulatorUrl, { ...target, restore: true });
    log(`  ${area ? "" : "conduit "}${conduit} repaired`);
  }
}

/** The links to watch, with their conduits as the group (else the Interconnect) last saw them. */
function plannedLinks(outputs: Record<string, unknown>): PlannedLink[] {
  const interconnects = (outputs.interconnects ?? {}) as Record<
    string,
    { connectionId?: string; links?: { name: string; conduit: string }[] }
  >;
  const groupLinks = ((outputs.diversity as { links?: unknown[] } | undefined)?.links ?? []) as {
    interconnect: string;
    connectionId: string;
    name: string;
    path: { conduit: string | null };
    route?: { coordinates: [number, number][] };
  }[];
  const fromGroup = new Map(groupLinks.map((l) => [`${l.connectionId}/${l.name}`, l.path.conduit]));
  const routes = new Map(groupLinks.map((l) => [`${l.connectionId}/${l.name}`, l.route]));
  return Object.entries(interconnects).flatMap(([name, ic]) =>
    ic.connectionId === undefined
      ? []
      : (ic.links ?? []).map((link) => ({
          interconnect: name,
          connectionId: ic.connectionId!,
          name: link.name,
          conduit: fromGroup.get(`${ic.connectionId}/${link.name}`) ?? link.conduit,
          route: routes.get(`${ic.connectionId}/${link.name}`),
        })),
  );
}

/** The conduit with the most links on it (the first such in stack order): the cut that hurts most. */
export function busiestConduit(links: readonly { conduit: string }[]): string {
  const counts = new Map<string, number>();
  for (const { conduit } of links) counts.set(conduit, (counts.get(conduit) ?? 0) + 1);
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function prediction(outputs: Record<string, unknown>, area: boolean): boolean | undefined {
  const diversity = outputs.diversity as { survivesSingleFailure?: { conduit?: boolean; cut?: boolean } } | undefined;
  return area ? diversity?.survivesSingleFailure?.cut : diversity?.survivesSingleFailure?.conduit;
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

async function observe(
  partner: PartnerClient,
  planned: readonly PlannedLink[],
  conduit: string,
  onConduit: string[],
  predictedSurvival: boolean | undefined,
): Promise<DrillReport> {
  const members = [...new Map(planned.map((l) => [l.connectionId, l.interconnect])).entries()];
  const live = new Map<string, PartnerConnection>();
  for (const [connectionId] of members) live.set(connectionId, await partner.getConnection({ id: connectionId }));
  const links: DrillLink[] = members.flatMap(([connectionId, interconnect]) =>
    live.get(connectionId)!.links.map((link) => ({
      interconnect,
      connectionId,
      name: link.name,
      conduit: link.conduit,
      operState: link.operState,
      bgpState: link.bgpState,
    })),
  );
  const interconnects = members.map(([connectionId, name]) => {
    const mine = links.filter((l) => l.connectionId === connectionId);
    return {
      name,
      connectionId,
      up: mine.filter((l) => l.operState === "UP").map((l) => l.name),
      down: mine.filter((l) => l.operState === "DOWN").map((l) => l.name),
    };
  });
  return {
    conduit,
    onConduit,
    links,
    interconnects,
    everyInterconnectUp: interconnects.every((ic) => ic.up.length > 0),
    anyLinkUp: links.some((l) => l.operState === "UP"),
    ...(predictedSurvival === undefined ? {} : { predictedSurvival }),
  };
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

async function admin(emulatorUrl: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${trimSlash(emulatorUrl)}/_admin/cut`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`fiber-cut drill: POST /_admin/cut answered ${res.status}: ${await res.text()}`);
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * By hand, on any stack with the outputs above (the emulator running as in examples/redundant-pair/README.md):
 *   npm run pulumi -- -C examples/redundant-pair stack output --json \
 *     | npx ts-node --transpile-only examples/fiber-cut-drill/drill.ts [--emulator URL] [--conduit ID | --worst-cut]
 * The emulator URL defaults to INTERCONNECT_PARTNER_ENDPOINT without its /partner suffix.
 */
async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const emulatorUrl = flag("emulator") ?? process.env.INTERCONNECT_PARTNER_ENDPOINT?.replace(/\/partner\/?$/, "");
  if (!emulatorUrl) throw new Error("give --emulator <url> or set INTERCONNECT_PARTNER_ENDPOINT");
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const outputs = JSON.parse(input) as Record<string, unknown>;
  const area = argv.includes("--worst-cut") ? ("worst" as const) : undefined;
  await runFiberCutDrill({ emulatorUrl, outputs, log: (line) => console.log(line), conduit: flag("conduit"), area });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(`fiber-cut drill: ${e.message}`);
    process.exit(1);
  });
}
