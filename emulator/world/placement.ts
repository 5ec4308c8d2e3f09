// Choosing physical paths for a connection's links: each link rides one channel (device + facility fixed by the
// channel), one of the channel's two conduits, and one of the customer site's building entrances.
import type { DiversityDimension, LineString, Structure } from "../../schema/customer";
import { closeRuns } from "../../schema/geometry";
import type { Inventory } from "./inventory";
import type { InterconnectSpec, LinkPath, SiteSpec } from "./catalog";
import type { PartnerLinkRecord } from "../state/store";

/** Path elements to avoid, per dimension. */
export type AvoidSets = Partial<Record<DiversityDimension, Set<string>>>;

/** Dimensions diverseFrom is judged on when the request names none. */
export const DEFAULT_DIVERSE_FROM_DIMENSIONS: DiversityDimension[] = ["device", "conduit"];

export function avoidSetsOf(paths: LinkPath[], dimensions: DiversityDimension[]): AvoidSets {
  const sets: AvoidSets = {};
  for (const dim of dimensions) sets[dim] = new Set(paths.map((p) => p[dim]));
  return sets;
}

const clashes = (path: LinkPath, avoid: AvoidSets): DiversityDimension[] =>
  (Object.keys(avoid) as DiversityDimension[]).filter((dim) => avoid[dim]?.has(path[dim]));

/** Candidate paths for one channel; entrances are rotated by the link index so links alternate entrances. */
export function candidatePaths(ic: InterconnectSpec, channelId: string, site: SiteSpec, linkIndex: number): LinkPath[] {
  const ch = ic.channels.find((c) => c.id === channelId);
  if (!ch) return [];
  const n = site.entrances.length;
  const entrances = site.entrances.map((_, i) => site.entrances[(i + linkIndex) % n]);
  return entrances.flatMap((entrance) =>
    ch.conduits.map((conduit) => ({ entrance, conduit, device: ch.device, facility: ch.facility })),
  );
}

/** Why no path exists, in plain words. */
function explain(ic: InterconnectSpec, channelId: string, site: SiteSpec, avoid: AvoidSets): string {
  const ch = ic.channels.find((c) => c.id === channelId);
  if (avoid.entrance && site.entrances.every((e) => avoid.entrance?.has(e))) {
    return site.entrances.length === 1
      ? `site ${site.id} has a single building entrance (${site.entrances[0]}), so no path can avoid it`
      : `every building entrance of ${site.id} (${site.entrances.join(", ")}) is already used by the links to avoid`;
  }
  if (ch && avoid.device?.has(ch.device))
    return `${channelId} of ${ic.id} terminates on device ${ch.device}, which is shared with the links to avoid`;
  if (ch && avoid.facility?.has(ch.facility))
    return `${channelId} of ${ic.id} sits in facility ${ch.facility}, which is shared with the links to avoid`;
  if (ch && avoid.conduit)
    return `both conduits of ${channelId} on ${ic.id} (${ch.conduits.join(", ")}) are shared with the links to avoid`;
  return `no path for ${channelId} on ${ic.id} avoids the given links`;
}

/** Geometric asks of a relocation: keep the route away from other routes, and out of given structures. */
export interface GeoAvoid {
  routeOf: (path: LinkPath) => { route: LineString; structures: Structure[] } | undefined;
  routes: LineString[];
  minSeparationMeters?: number;
  convergenceRadiusMeters?: number;
  structures: Set<string>;
}

/** What is wrong with the candidate's route, in words; undefined when it meets the asks. */
function geoClash(path: LinkPath, geo: GeoAvoid): string | undefined {
  const mine = geo.routeOf(path);
  if (!mine) return `no surveyed route for conduit ${path.conduit}`;
  const through = mine.structures.find((s) => geo.structures.has(s.id));
  if (through) return `its route on ${path.conduit} passes through ${through.kind} ${through.id}`;
  const threshold = geo.minSeparationMeters;
  if (threshold === undefined) return undefined;
  const options = { thresholdMeters: threshold, convergenceRadiusMeters: geo.convergenceRadiusMeters };
  const close = geo.routes.map((other) => closeRuns(mine.route, other, options)).find((runs) => runs.length > 0);
  if (!close) return undefined;
  return `its route on ${path.conduit} runs within ${close[0].minDistanceMeters} m of a route to avoid`;
}

/** The geometric asks of a relocate request, with the avoided links' routes and structures; undefined when none. */
export function relocationGeometry(
  inventory: Inventory,
  site: string,
  others: { path: LinkPath; site: string }[],
  req: { minSeparationMeters?: number; convergenceRadiusMeters?: number; avoidStructures?: string[] },
): GeoAvoid | undefined {
  if (req.minSeparationMeters === undefined && req.avoidStructures === undefined) return undefined;
  const theirs = others.map((o) => inventory.route(o.site, o.path)).filter((r) => r !== undefined);
  // A structure list was asked for: the avoided links' own structures are to be avoided too.
  const structures = new Set([
    ...(req.avoidStructures ?? []),
    ...(req.avoidStructures ? theirs.flatMap((r) => r.structures.map((s) => s.id)) : []),
  ]);
  return {
    routeOf: (path) => inventory.route(site, path),
    routes: theirs.map((r) => r.route),
    minSeparationMeters: req.minSeparationMeters,
    convergenceRadiusMeters: req.convergenceRadiusMeters,
    structures,
  };
}

export function choosePath(
  ic: InterconnectSpec,
  channelId: string,
  site: SiteSpec,
  linkIndex: number,
  avoid: AvoidSets,
  geo?: GeoAvoid,
): LinkPath | string {
  const candidates = candidatePaths(ic, channelId, site, linkIndex).filter((p) => clashes(p, avoid).length === 0);
  if (candidates.length === 0 || !geo) return candidates[0] ?? explain(ic, channelId, site, avoid);
  const reasons = candidates.map((p) => geoClash(p, geo));
  const fit = candidates.find((_, i) => reasons[i] === undefined);
  if (fit) return fit;
  const unique = [...new Set(reasons)];
  return `no route for ${channelId} on ${ic.id} meets the separation asked (${unique.join("; ")})`;
}

/**
 * Paths for all links of a connection on an interconnect, or the reason there are none. `diversity` asks that the
 * links do not all share one element in each listed dimension (no single point of failure).
 */
export function placeLinks(
  ic: InterconnectSpec,
  site: SiteSpec,
  diversity: DiversityDimension[],
  avoid: AvoidSets,
): PartnerLinkRecord[] | string {
  const links: PartnerLinkRecord[] = [];
  for (const [i, ch] of ic.channels.entries()) {
    const path = choosePath(ic, ch.id, site, i, avoid);
    if (typeof path === "string") return path;
    links.push({ name: ch.id, path, adminDown: false });
  }
  for (const dim of diversity) {
    if (new Set(links.map((l) => l.path[dim])).size < 2) {
      return dim === "entrance" && site.entrances.length === 1
        ? `site ${site.id} has a single building entrance (${site.entrances[0]}), so its links cannot be entrance-diverse`
        : `all links on ${ic.id} would share one ${dim}`;
    }
  }
  return links;
}
