// What both drills share: the links a stack's outputs name, the partner client that reads them live, and which of
// them carry traffic (oper UP, BGP established and not in maintenance: a RedundantLinkGroup's `carriesTraffic`).
import { PartnerClient } from "pulumi-interconnect/clients";

/** The options every drill takes. */
export interface DrillTarget {
  /** The emulator's base URL (its admin API is under /_admin, the partner role under /partner). */
  emulatorUrl: string;
  /** The stack's outputs (`pulumi stack output --json`, or the Automation API's outputs). */
  outputs: Record<string, unknown>;
  log: (line: string) => void;
  /** Partner customer token; INTERCONNECT_PARTNER_TOKEN or the emulator's development token by default. */
  partnerToken?: string;
}

export interface PlannedLink {
  interconnect: string;
  connectionId: string;
  name: string;
  conduit: string;
  route?: { coordinates: [number, number][] };
}

export interface DrillLink {
  interconnect: string;
  connectionId: string;
  name: string;
  conduit: string;
  operState: "UP" | "DOWN";
  bgpState: string;
  inMaintenance: boolean;
  carriesTraffic: boolean;
}

export interface DrillInterconnect {
  name: string;
  connectionId: string;
  up: string[];
  down: string[];
}

/** The links as the partner reports them at one moment. */
export interface Observation {
  links: DrillLink[];
  interconnects: DrillInterconnect[];
  /** "interconnect/link" of the links that carry traffic. */
  carryingTraffic: string[];
}

const DEV_PARTNER_TOKEN = "dev-partner-token"; // emulator/identities.ts PARTNER_CUSTOMER_TOKEN

export const refOf = (link: { interconnect: string; name: string }) => `${link.interconnect}/${link.name}`;
export const trimSlash = (url: string) => url.replace(/\/+$/, "");

export function partnerClient(target: DrillTarget): PartnerClient {
  return new PartnerClient({
    baseUrl: `${trimSlash(target.emulatorUrl)}/partner`,
    token: target.partnerToken ?? process.env.INTERCONNECT_PARTNER_TOKEN ?? DEV_PARTNER_TOKEN,
    retry: { retries: 2, maxElapsedMs: 10_000 },
  });
}

/**
 * The links to watch, with their conduits as the group (else the Interconnect) last saw them. Works on any stack that
 * exports
 *   interconnects: { [name]: { connectionId, links: [{ name, conduit, ... }] } }
 *   diversity?:    { links: [{ interconnect, connectionId, name, path: { conduit } }], survivesSingleFailure? }
 * (the group's link paths are preferred: the group may have relocated links after the Interconnects were read).
 */
export function plannedLinks(outputs: Record<string, unknown>): PlannedLink[] {
  const interconnects = (outputs.interconnects ?? {}) as Record<
    string,
    { connectionId?: string; links?: { name: string; conduit: string }[] }
  >;
  const groupLinks = ((outputs.diversity as { links?: unknown[] } | undefined)?.links ?? []) as {
    connectionId: string;
    name: string;
    path: { conduit: string | null };
    route?: { coordinates: [number, number][] };
  }[];
  const fromGroup = new Map(groupLinks.map((l) => [`${l.connectionId}/${l.name}`, l]));
  const planned = Object.entries(interconnects).flatMap(([name, ic]) =>
    ic.connectionId === undefined
      ? []
      : (ic.links ?? []).map((link) => {
          const seen = fromGroup.get(`${ic.connectionId}/${link.name}`);
          return {
            interconnect: name,
            connectionId: ic.connectionId!,
            name: link.name,
            conduit: seen?.path.conduit ?? link.conduit,
            route: seen?.route,
          };
        }),
  );
  if (planned.length === 0) throw new Error("drill: the stack outputs name no interconnect links (run `up` first)");
  return planned;
}

/** The group's prediction for one kind of failure (`diversity.survivesSingleFailure`), when the stack has a group. */
export function predicted(outputs: Record<string, unknown>, failure: string): boolean | undefined {
  const diversity = outputs.diversity as { survivesSingleFailure?: Record<string, boolean> } | undefined;
  return diversity?.survivesSingleFailure?.[failure];
}

/** Reads every member connection from the partner, once. */
export async function observe(partner: PartnerClient, planned: readonly PlannedLink[]): Promise<Observation> {
  const members = [...new Map(planned.map((l) => [l.connectionId, l.interconnect])).entries()];
  const links: DrillLink[] = [];
  for (const [connectionId, interconnect] of members) {
    const connection = await partner.getConnection({ id: connectionId });
    for (const link of connection.links) {
      links.push({
        interconnect,
        connectionId,
        name: link.name,
        conduit: link.conduit,
        operState: link.operState,
        bgpState: link.bgpState,
        inMaintenance: link.inMaintenance,
        // As a RedundantLinkGroup's links[].carriesTraffic (provider/diversity/members.ts) says it.
        carriesTraffic: link.operState === "UP" && link.bgpState === "ESTABLISHED" && !link.inMaintenance,
      });
    }
  }
  const interconnects = members.map(([connectionId, name]) => {
    const mine = links.filter((l) => l.connectionId === connectionId);
    return {
      name,
      connectionId,
      up: mine.filter((l) => l.operState === "UP").map((l) => l.name),
      down: mine.filter((l) => l.operState === "DOWN").map((l) => l.name),
    };
  });
  return { links, interconnects, carryingTraffic: links.filter((l) => l.carriesTraffic).map(refOf) };
}

/** "carrying traffic before: 8 of 8 links; after: 7 (a/ch2 stopped)" — the traffic-bearing links before and after. */
export function logTraffic(before: Observation, after: Observation, log: (line: string) => void): void {
  const total = after.links.length;
  const stopped = before.carryingTraffic.filter((ref) => !after.carryingTraffic.includes(ref));
  const started = after.carryingTraffic.filter((ref) => !before.carryingTraffic.includes(ref));
  log(`  carrying traffic before: ${before.carryingTraffic.length} of ${total} links`);
  log(
    `  carrying traffic after:  ${after.carryingTraffic.length} of ${total} links` +
      (stopped.length > 0 ? `; stopped: ${stopped.join(", ")}` : "") +
      (started.length > 0 ? `; started: ${started.join(", ")}` : ""),
  );
  for (const ic of after.interconnects) {
    const carrying = after.links.filter((l) => l.connectionId === ic.connectionId && l.carriesTraffic);
    log(
      `  ${ic.name}: ${carrying.length === 0 ? "CARRIES NO TRAFFIC" : `traffic on ${carrying.map((l) => l.name).join(", ")}`}`,
    );
  }
}

/**
 * Runs `work`, then `undo` (repair the conduit, cancel the window) whatever happened. An undo that fails after the work
 * failed is logged and the work's own error is what the caller sees.
 */
export async function undoAfter<T>(
  work: () => Promise<T>,
  undo: () => Promise<void>,
  log: (line: string) => void,
): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (e) {
    await undo().catch((failed: Error) => log(`  could not put things back: ${failed.message}`));
    throw e;
  }
  await undo();
  return result;
}

/** A call on the emulator's admin API; fails with the answer when it is not 2xx. */
export async function adminCall<T>(
  target: DrillTarget,
  method: "POST" | "DELETE" | "GET",
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${trimSlash(target.emulatorUrl)}/_admin/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`drill: ${method} /_admin/${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Reads the stack outputs from stdin and runs a drill from the command line (see the README). */
export async function runFromCommandLine(
  argv: string[],
  drill: (target: DrillTarget, flag: (name: string) => string | undefined) => Promise<unknown>,
): Promise<void> {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const emulatorUrl = flag("emulator") ?? process.env.INTERCONNECT_PARTNER_ENDPOINT?.replace(/\/partner\/?$/, "");
  if (!emulatorUrl) throw new Error("give --emulator <url> or set INTERCONNECT_PARTNER_ENDPOINT");
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const outputs = JSON.parse(input) as Record<string, unknown>;
  await drill({ emulatorUrl, outputs, log: (line) => console.log(line) }, flag);
}
