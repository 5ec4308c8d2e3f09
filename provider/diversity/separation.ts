// Geometric diversity: routes that run too close (one trench), structures two links pass through (one manhole), and
// the worst single cut of a given radius. Pure: reads the routes and structures the partner (or carrier) reports.
import type { Structure } from "../../schema/customer";
import { listWords, refsOf, type Blocker } from "./blockers";
import {
  closeRunsAmong,
  DEFAULT_CONVERGENCE_RADIUS_METERS,
  endsOf,
  farApart,
  metersToRoute,
  nearAny,
  PlaceIndex,
  RouteIndex,
  roundPosition,
  samples,
  sharedEnds,
  type CloseRun,
  type Position,
  type Route,
} from "../../schema/geometry";
import { isOperUp, type GroupLink } from "./members";
import type { DiversityPolicy } from "./policy";
import type { WorstCut } from "../report-types";

/** The place where one cut of the policy's radius takes down the most UP links: its public type. */
export type { WorstCut } from "../report-types";

export const routeOf = (groupLink: GroupLink): Route | undefined => groupLink.link.route;
const radiusOf = (policy: DiversityPolicy) => policy.convergenceRadiusMeters ?? DEFAULT_CONVERGENCE_RADIUS_METERS;
export const needsRoutes = (policy: DiversityPolicy): boolean =>
  policy.minSeparationMeters !== undefined || policy.cutRadiusMeters !== undefined;

/** Never treat a missing route as far from the others: unreported geometry blocks until it is reported. */
export function unknownRouteBlockers(policy: DiversityPolicy, links: readonly GroupLink[]): Blocker[] {
  const blockers: Blocker[] = [];
  const noRoute = links.filter((groupLink) => !routeOf(groupLink));
  if (needsRoutes(policy) && noRoute.length > 0) {
    blockers.push({
      rule: "unknownPath:route",
      links: refsOf(noRoute),
      explanation:
        `the partner did not report the fiber route of ${listWords(refsOf(noRoute))}, so their separation cannot be ` +
        `verified; ask the partner for the route, or give it in carrierRoutes`,
    });
  }
  const noStructures = links.filter((groupLink) => groupLink.link.structures === undefined);
  if (policy.distinct.includes("structure") && noStructures.length > 0) {
    blockers.push({
      rule: "unknownPath:structure",
      links: refsOf(noStructures),
      explanation:
        `the partner did not report the manholes and other structures along ${listWords(refsOf(noStructures))}, so ` +
        `'structure' diversity cannot be verified; ask the partner to report them, or drop 'structure' from distinct`,
    });
  }
  return blockers;
}

/** One blocker per pair of links whose routes run closer than minSeparationMeters outside their shared ends. */
export function separationBlockers(policy: DiversityPolicy, links: readonly GroupLink[]): Blocker[] {
  const threshold = policy.minSeparationMeters;
  if (threshold === undefined) return [];
  const radius = radiusOf(policy);
  const routed = links.filter((groupLink) => routeOf(groupLink));
  const routes = routed.map((groupLink) => routeOf(groupLink)!);
  const options = { thresholdMeters: threshold, convergenceRadiusMeters: radius };
  // All pairs at once, in pair order: one R-tree of the segments instead of a full measure of each pair.
  return closeRunsAmong(routes, options).map(({ a, b, runs }) =>
    separationBlocker(routed[a], routed[b], runs, threshold, radius),
  );
}

function separationBlocker(a: GroupLink, b: GroupLink, runs: CloseRun[], threshold: number, radius: number): Blocker {
  const longest = runs.reduce((best, run) => (run.lengthMeters > best.lengthMeters ? run : best));
  const total = runs.reduce((sum, run) => sum + run.lengthMeters, 0);
  const closest = Math.min(...runs.map((run) => run.minDistanceMeters));
  const passed = structuresAlong(longest, [a, b], threshold);
  const first = longest.coordinates[0];
  const last = longest.coordinates[longest.coordinates.length - 1];
  const where =
    longest.lengthMeters === 0
      ? `cross at ${showPosition(first)}`
      : `run within ${closest} m of each other for ${longest.lengthMeters} m, between ${showPosition(first)} and ` +
        `${showPosition(last)}`;
  const past = passed.length > 0 ? ` past ${listWords(passed.map(describeStructure))}` : "";
  const more = runs.length > 1 ? ` (${runs.length} stretches, ${total} m in all)` : "";
  const conduits =
    a.link.conduit !== b.link.conduit ? ` on different conduits (${a.link.conduit}, ${b.link.conduit})` : "";
  return {
    rule: "minSeparation",
    links: [a.ref, b.ref],
    shared: `trench of ${total} m`,
    explanation:
      `links ${a.ref} and ${b.ref}${conduits} ${where}${past}${more}: the policy wants their routes at least ` +
      `${threshold} m apart outside ${radius} m of a facility or entrance they share, or one dig cuts both; ` +
      `relocate ${b.ref} to a route at least ${threshold} m from ${a.ref}`,
    place: {
      segments: runs.map(({ coordinates, lengthMeters, minDistanceMeters }) => ({
        coordinates,
        lengthMeters,
        minDistanceMeters,
      })),
      ...(passed.length > 0 ? { structures: passed } : {}),
    },
  };
}

/** Structures of the links that lie on the run (within the threshold of it). */
function structuresAlong(run: CloseRun, links: readonly GroupLink[], threshold: number): Structure[] {
  const runRoute: Route | undefined =
    run.coordinates.length > 1 ? { type: "LineString", coordinates: run.coordinates } : undefined;
  const found = new Map<string, Structure>();
  for (const { link } of links) {
    for (const structure of link.structures ?? []) {
      const at: Position = [structure.lon, structure.lat];
      const near = runRoute ? metersToRoute(at, runRoute) <= threshold : nearAny(at, run.coordinates, threshold);
      if (near) found.set(structure.id, structure);
    }
  }
  return [...found.values()];
}

/** One blocker per structure that two or more links pass through, outside the convergence radius of shared ends. */
export function structureBlockers(policy: DiversityPolicy, links: readonly GroupLink[]): Blocker[] {
  if (!policy.distinct.includes("structure")) return [];
  const radius = radiusOf(policy);
  const byId = new Map<string, { structure: Structure; links: GroupLink[] }>();
  for (const groupLink of links) {
    for (const structure of groupLink.link.structures ?? []) {
      const entry = byId.get(structure.id) ?? { structure, links: [] };
      if (!entry.links.includes(groupLink)) entry.links.push(groupLink);
      byId.set(structure.id, entry);
    }
  }
  return [...byId.values()]
    .map(({ structure, links: sharing }) => ({ structure, sharing: unavoidablyShared(structure, sharing, radius) }))
    .filter(({ sharing }) => sharing.length > 1)
    .map(({ structure, sharing }) => structureBlocker(structure, sharing));
}

/** Drops the sharing where the structure sits at a facility or entrance all the sharing links reach anyway. */
function unavoidablyShared(structure: Structure, sharing: GroupLink[], radius: number): GroupLink[] {
  const routes = sharing.map(routeOf);
  if (routes.some((route) => !route)) return sharing;
  const at: Position = [structure.lon, structure.lat];
  const common = routes.slice(1).flatMap((route) => sharedEnds(routes[0]!, route!, radius));
  const allShareEnd = routes.slice(1).every((route) => sharedEnds(routes[0]!, route!, radius).length > 0);
  return allShareEnd && nearAny(at, common, radius) ? [] : sharing;
}

function structureBlocker(structure: Structure, sharing: GroupLink[]): Blocker {
  const refs = refsOf(sharing);
  const toMove = refs.slice(1);
  return {
    rule: "distinct:structure",
    links: refs,
    shared: describeStructure(structure),
    explanation:
      `links ${listWords(refs)} all pass through ${describeStructure(structure)}, so one failure there (flooding, ` +
      `a collapse, street works) takes down ${refs.length === 2 ? "both" : `all ${refs.length}`}; relocate ` +
      `${listWords(toMove)} to ${toMove.length === 1 ? "a route" : "routes"} avoiding ${structure.id}`,
    place: { structures: [structure] },
  };
}

export const describeStructure = (s: Structure): string => `${s.kind} ${s.id} at ${showPosition([s.lon, s.lat])}`;

/** "[-73.98512, 40.75431]" (lon, lat as GeoJSON orders them), five decimals: about a meter. */
export const showPosition = ([lon, lat]: Position): string => `[${lon.toFixed(5)}, ${lat.toFixed(5)}]`;

/** No single structure lies on every UP link's route; undefined when no UP link reports structures. */
export function survivesStructureFailure(links: readonly GroupLink[]): boolean | undefined {
  const up = links.filter(isOperUp).filter((groupLink) => groupLink.link.structures !== undefined);
  if (up.length === 0) return undefined;
  if (up.length < 2) return false;
  const [first, ...rest] = up.map((groupLink) => new Set(groupLink.link.structures!.map((s) => s.id)));
  return ![...first].some((id) => rest.every((ids) => ids.has(id)));
}

/**
 * The cut of the policy's radius that takes down the most UP links, centred anywhere along their routes outside the
 * convergence radius of a route end (the building and the facility are judged by 'entrance' and 'facility').
 */
export function worstCut(policy: DiversityPolicy, links: readonly GroupLink[]): WorstCut | undefined {
  const radiusMeters = policy.cutRadiusMeters;
  if (radiusMeters === undefined) return undefined;
  const up = links.filter(isOperUp).filter((groupLink) => routeOf(groupLink));
  const routes = up.map((groupLink) => routeOf(groupLink)!);
  // R-trees of the ends and the segments: each sample measures only the few of them near it.
  const ends = new PlaceIndex(routes.flatMap(endsOf));
  const segments = new RouteIndex(routes);
  const exempt = radiusOf(policy);
  let worst: WorstCut | undefined;
  routes.forEach((route, mine) => {
    const near = routes.flatMap((other, i) => (i === mine || !farApart(route, other, radiusMeters) ? [i] : []));
    for (const { position } of samples(route, Math.max(5, radiusMeters))) {
      if (ends.anyWithin(position, exempt)) continue;
      const reached = segments.distancesWithin(position, radiusMeters);
      const hit = near.filter((i) => i === mine || reached.has(i)).map((i) => up[i]);
      if (!worst || hit.length > worst.links.length) {
        worst = { point: roundPosition(position), radiusMeters, links: refsOf(hit) };
      }
    }
  });
  return worst;
}

/** The group survives any single cut of the radius when one UP link with a route always stays out of it. */
export function survivesCut(policy: DiversityPolicy, links: readonly GroupLink[], worst: WorstCut | undefined) {
  if (policy.cutRadiusMeters === undefined) return undefined;
  const up = links.filter(isOperUp).filter((groupLink) => routeOf(groupLink));
  return up.length > 1 && (worst === undefined || worst.links.length < up.length);
}
