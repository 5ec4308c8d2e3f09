// Maintenance drill: put one traffic-bearing link of a stack into a partner maintenance window (through the emulator's
// admin API: the partner drains its BGP session for the window), show which links carry traffic before and during
// the window and whether every interconnect kept carrying traffic, against what the group predicted
// (survivesSingleFailure.maintenance), then cancel the window.
//
// `npm run drill` (toolchain/demo.js) runs it after the fiber-cut drill; tests/e2e/redundant-link-group.test.ts runs
// it on examples/redundant-pair stacks. Works on any stack with the outputs ./observe.ts reads.
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
  type DrillLink,
  type DrillTarget,
} from "./observe";

export interface MaintenanceDrillOptions extends DrillTarget {
  /** The link to drain, "interconnect/link"; by default the stack's first link that carries traffic. */
  link?: string;
  /** Runs while the link is in maintenance, after the report (e.g. a `pulumi refresh`); the window is cancelled after. */
  whileInMaintenance?: (report: MaintenanceDrillReport) => Promise<void>;
}

export interface MaintenanceDrillReport {
  /** The drained link, "interconnect/link". */
  link: string;
  maintenanceId: string;
  links: DrillLink[];
  /** "interconnect/link" of the links that carried traffic before the window, and during it. */
  carryingTrafficBefore: string[];
  carryingTrafficAfter: string[];
  /** Every interconnect still has a link that carries traffic. */
  everyInterconnectCarries: boolean;
  /** What the group predicted (survivesSingleFailure.maintenance), when the stack has a group. */
  predictedSurvival?: boolean;
}

/** How long the drill's window lasts on the emulated clock; it is cancelled as soon as the drill has looked. */
const WINDOW_MS = 60 * 60 * 1000;

export async function runMaintenanceDrill(options: MaintenanceDrillOptions): Promise<void> {
  await maintenanceDrill(options);
}

/** The drill's core: observe, start a window on one link, observe, report, (whileInMaintenance), cancel it. */
export async function maintenanceDrill(options: MaintenanceDrillOptions): Promise<MaintenanceDrillReport> {
  const { outputs, log } = options;
  const planned = plannedLinks(outputs);
  const partner = partnerClient(options);
  const before = await observe(partner, planned);
  const drained = chooseLink(before.links, options.link);
  const predictedSurvival = predicted(outputs, "maintenance");

  log("");
  log(`Maintenance drill: the partner takes ${refOf(drained)} into maintenance`);
  if (predictedSurvival !== undefined)
    log(
      `  the group predicted: ${predictedSurvival ? "any one link can go into maintenance, BGP failing over within the group's timers" : "one link in maintenance can stop traffic, or fail over slower than the group's timers"}`,
    );
  const { now } = await adminCall<{ now: string }>(options, "GET", "clock");
  const address = { connectionId: drained.connectionId, link: drained.name };
  const window = { startTime: now, endTime: new Date(Date.parse(now) + WINDOW_MS).toISOString() };
  const { maintenanceId } = await adminCall<{ maintenanceId: string }>(options, "POST", "maintenance", {
    ...address,
    ...window,
  });
  const cancel = async () => {
    await adminCall(options, "DELETE", "maintenance", { ...address, maintenanceId });
    log(`  maintenance on ${refOf(drained)} cancelled`);
  };
  return undoAfter(
    async () => {
      const after = await observe(partner, planned);
      const dark = after.interconnects.filter(
        (ic) => !after.links.some((l) => l.connectionId === ic.connectionId && l.carriesTraffic),
      );
      const report: MaintenanceDrillReport = {
        link: refOf(drained),
        maintenanceId,
        links: after.links,
        carryingTrafficBefore: before.carryingTraffic,
        carryingTrafficAfter: after.carryingTraffic,
        everyInterconnectCarries: dark.length === 0,
        ...(predictedSurvival === undefined ? {} : { predictedSurvival }),
      };
      const state = after.links.find((l) => l.connectionId === drained.connectionId && l.name === drained.name);
      log(
        `  ${report.link}: ${state?.inMaintenance ? "in maintenance" : "NOT in maintenance"}, BGP ${state?.bgpState}`,
      );
      logTraffic(before, after, log);
      log(
        resultLine(
          after.carryingTraffic.length,
          dark.map((ic) => ic.name),
        ),
      );
      if (options.whileInMaintenance) await options.whileInMaintenance(report);
      return report;
    },
    cancel,
    log,
  );
}

/**
 * The group's prediction counts links, not interconnects: traffic that fails over to another interconnect's link
 * survives the window, but an interconnect left dark is worth saying.
 */
function resultLine(carrying: number, dark: readonly string[]): string {
  if (carrying === 0) return "  result: NO link carries traffic during the window — reschedule or add links first";
  const flowing = `traffic kept flowing on ${carrying === 1 ? "1 link" : `${carrying} links`}`;
  return dark.length === 0
    ? `  result: ${flowing}; every interconnect kept carrying traffic`
    : `  result: ${flowing}, but ${dark.join(", ")} carries none during the window (its traffic fails over to the others)`;
}

function chooseLink(links: readonly DrillLink[], wanted: string | undefined): DrillLink {
  const link = wanted ? links.find((l) => refOf(l) === wanted) : links.find((l) => l.carriesTraffic);
  if (!link)
    throw new Error(
      wanted
        ? `maintenance drill: no link ${wanted} in the stack (links: ${links.map(refOf).join(", ")})`
        : "maintenance drill: no link of the stack carries traffic",
    );
  return link;
}

/**
 * By hand, on any stack with the outputs ./observe.ts reads (the emulator running):
 *   npm run pulumi -- -C examples/redundant-pair stack output --json \
 *     | npx ts-node --transpile-only examples/drills/maintenance.ts [--emulator URL] [--link interconnect/link]
 */
if (require.main === module) {
  runFromCommandLine(process.argv.slice(2), (target, flag) =>
    runMaintenanceDrill({ ...target, link: flag("link") }),
  ).catch((e: Error) => {
    console.error(`maintenance drill: ${e.message}`);
    process.exit(1);
  });
}
