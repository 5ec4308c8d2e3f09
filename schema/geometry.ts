// Route geometry for physical diversity, on @turf/turf: how close two fiber routes run, over what length, and where.
// Shared by the policy (provider) and the emulator's placement, so what the partner promises is what we check.
import {
  along,
  bbox,
  distance,
  earthRadius,
  geojsonRbush,
  length,
  lineString,
  point,
  pointToLineDistance,
} from "@turf/turf";
import type { Feature, GeoJsonProperties, Geometry, LineString as GeoLineString, Point } from "geojson";

export type Position = [number, number];
export interface Route {
  type: "LineString";
  coordinates: Position[];
}

/** Where convergence is unavoidable: near a facility or entrance both routes reach, closeness is not a defect. */
export const DEFAULT_CONVERGENCE_RADIUS_METERS = 150;

export interface SeparationOptions {
  /** Routes closer than this are one trench for a backhoe. */
  thresholdMeters: number;
  /** Radius around shared endpoints that is ignored. */
  convergenceRadiusMeters?: number;
  /** Sampling step along the first route; defaults to half the threshold, between 1 and 10 m. */
  stepMeters?: number;
}

/** A stretch of route A that runs closer than the threshold to route B. */
export interface CloseRun {
  /** Length along route A, in meters (0 for a single crossing point). */
  lengthMeters: number;
  /** The smallest distance between the routes over the run. */
  minDistanceMeters: number;
  /** Route A's positions over the run, first to last. */
  coordinates: Position[];
}

const METERS = { units: "meters" } as const;

const asFeature = (route: Route): Feature<GeoLineString> => lineString(route.coordinates);

export const metersBetween = (a: Position, b: Position): number => distance(point(a), point(b), METERS);

// Planar distance to each segment: at city scale it matches the geodesic one to centimetres, several times faster.
const PLANAR = { ...METERS, method: "planar" } as const;
export const metersToRoute = (p: Position, route: Route): number =>
  pointToLineDistance(point(p), asFeature(route), PLANAR);

/** The route's two ends, facility first. */
export const endsOf = (route: Route): [Position, Position] => [
  route.coordinates[0],
  route.coordinates[route.coordinates.length - 1],
];

/** Ends of A and B that lie within the radius of each other: the places both routes must reach. */
export function sharedEnds(a: Route, b: Route, radiusMeters: number): Position[] {
  const shared: Position[] = [];
  for (const pa of endsOf(a)) {
    for (const pb of endsOf(b)) if (metersBetween(pa, pb) <= radiusMeters) shared.push(pa, pb);
  }
  return shared;
}

// Routes are immutable values read once per evaluation; sampling each once saves most of a pairwise comparison.
const sampleCache = new WeakMap<Route, Map<number, { at: number; position: Position }[]>>();

/** Positions every `step` meters along the route, both ends included, with their distance from the start. */
export function samples(route: Route, stepMeters: number): { at: number; position: Position }[] {
  const cached = sampleCache.get(route)?.get(stepMeters);
  if (cached) return cached;
  const computed = sampleRoute(route, stepMeters);
  if (!sampleCache.has(route)) sampleCache.set(route, new Map());
  sampleCache.get(route)!.set(stepMeters, computed);
  return computed;
}

function sampleRoute(route: Route, stepMeters: number): { at: number; position: Position }[] {
  const feature = asFeature(route);
  const total = length(feature, METERS);
  const count = Math.max(1, Math.ceil(total / stepMeters));
  return Array.from({ length: count + 1 }, (_, i) => {
    const at = Math.min(total, i * stepMeters);
    return { at, position: along(feature, at, METERS).geometry.coordinates as Position };
  });
}

type Box = [number, number, number, number];

/** The route's bounding box grown by the margin (turf bbox; degrees per meter from turf distance at its latitude). */
export function grownBox(route: Route, marginMeters: number): Box {
  const [w, s, e, n] = bbox(asFeature(route));
  const lat = (s + n) / 2;
  const lonDeg = marginMeters / metersBetween([0, lat], [1, lat]);
  const latDeg = marginMeters / metersBetween([0, lat], [0, lat + 1]);
  return [w - lonDeg, s - latDeg, e + lonDeg, n + latDeg];
}

const inBox = ([lon, lat]: Position, [w, s, e, n]: Box): boolean => lon >= w && lon <= e && lat >= s && lat <= n;

/** Bounding boxes grown by the margin do not meet: the routes cannot come within the margin of each other. */
export function farApart(a: Route, b: Route, marginMeters: number): boolean {
  const [aw, as, ae, an] = grownBox(a, marginMeters);
  const [bw, bs, be, bn] = bbox(asFeature(b));
  return aw > be || bw > ae || as > bn || bs > an;
}

/**
 * The stretches of A that run within the threshold of B, outside the convergence radius of their shared ends. Samples
 * A, measures each sample's distance to B and merges consecutive close samples into runs.
 */
export function closeRuns(a: Route, b: Route, options: SeparationOptions): CloseRun[] {
  if (farApart(a, b, options.thresholdMeters)) return []; // most pairs placement and plans compare: no tree needed
  return closeRunsAmong([a, b], options)[0]?.runs ?? [];
}

/** Routes `a` and `b` (indices, a < b) and the close runs of a along b. */
export interface RoutePairRuns {
  a: number;
  b: number;
  runs: CloseRun[];
}

/**
 * closeRuns for every pair of the routes (a before b) that has any, in pair order. One R-tree of all the segments
 * finds, for each sample, the few routes within the threshold: a metro's pairs mostly overlap in bounding box, but
 * each sample is near few routes, so the work grows with the samples and the close pairs rather than with all pairs.
 */
export function closeRunsAmong(routes: readonly Route[], options: SeparationOptions): RoutePairRuns[] {
  const index = new RouteIndex(routes);
  return routes.flatMap((_, a) => closeRunsFrom(a, routes, index, options));
}

function closeRunsFrom(a: number, routes: readonly Route[], index: RouteIndex, options: SeparationOptions) {
  const { thresholdMeters } = options;
  const radius = options.convergenceRadiusMeters ?? DEFAULT_CONVERGENCE_RADIUS_METERS;
  const step = options.stepMeters ?? Math.min(10, Math.max(1, thresholdMeters / 2));
  const pairs = new Map<number, PairRuns>(); // by b, made when b first comes within the threshold
  for (const { at, position } of samples(routes[a], step)) {
    const closeNow = new Set<number>();
    for (const [b, gap] of index.distancesWithin(position, thresholdMeters, a + 1)) {
      const pair = pairs.get(b) ?? new PairRuns(routes[a], routes[b], thresholdMeters, radius);
      pairs.set(b, pair);
      if (pair.counts(position, gap)) {
        pair.extend(at, position, gap);
        closeNow.add(b);
      }
    }
    for (const [b, pair] of pairs) if (!closeNow.has(b)) pair.breakRun();
  }
  return [...pairs]
    .filter(([, pair]) => pair.runs.length > 0)
    .sort(([b1], [b2]) => b1 - b2)
    .map(([b, pair]): RoutePairRuns => ({ a, b, runs: pair.rounded() }));
}

/** The runs of route A close to route B, fed sample by sample along A. */
class PairRuns {
  readonly runs: (CloseRun & { start: number })[] = [];
  private current: (CloseRun & { start: number }) | undefined;
  private readonly apart: boolean;
  private readonly near: Box;
  private readonly zones: Position[];

  constructor(
    a: Route,
    b: Route,
    private readonly thresholdMeters: number,
    private readonly radiusMeters: number,
  ) {
    this.apart = farApart(a, b, thresholdMeters);
    this.near = grownBox(b, thresholdMeters);
    this.zones = sharedEnds(a, b, radiusMeters);
  }

  /** Whether a sample at this distance from B is close: not exempted by the boxes or a shared end. */
  counts(position: Position, gap: number): boolean {
    if (this.apart || !inBox(position, this.near)) return false;
    if (this.zones.some((zone) => metersBetween(zone, position) <= this.radiusMeters)) return false;
    return gap < this.thresholdMeters;
  }

  extend(at: number, position: Position, gap: number): void {
    if (!this.current) {
      this.current = { start: at, lengthMeters: 0, minDistanceMeters: gap, coordinates: [position] };
      this.runs.push(this.current);
      return;
    }
    this.current.coordinates.push(position);
    this.current.lengthMeters = at - this.current.start;
    this.current.minDistanceMeters = Math.min(this.current.minDistanceMeters, gap);
  }

  breakRun(): void {
    this.current = undefined;
  }

  rounded(): CloseRun[] {
    return this.runs.map(({ lengthMeters, minDistanceMeters, coordinates }) => ({
      lengthMeters: Math.round(lengthMeters),
      minDistanceMeters: Math.round(minDistanceMeters * 10) / 10,
      coordinates: coordinates.map(roundPosition),
    }));
  }
}

// ---- R-tree prefilter: measure only what the boxes say can be within reach ----------------------------------------
// Exact, not approximate: a segment or place is left out only when it cannot be within the distance, and what is
// measured is measured as before (turf, segment by segment), so every distance and every comparison with a limit
// comes out as measuring everything would give.

/** Widens search boxes a little, so floating-point rounding never leaves out a segment exactly at the limit. */
const BOX_SLACK = 1.0001;
const ROUNDING_DEGREES = 1e-9;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * Half-widths in degrees of a box around a point at `lat` that holds everything within `meters` of it, by both
 * metrics used here: haversine (metersBetween) and rhumb line (metersToRoute). Neither is shorter than the latitude
 * difference; the haversine formula bounds the longitude difference at the most poleward latitude in reach (the rhumb
 * line's bound is tighter). Near a pole, any longitude is in reach.
 */
function degreesWithin(meters: number, lat: number): { lat: number; lon: number } {
  const latRadians = (meters / earthRadius) * BOX_SLACK;
  const poleward = Math.min(Math.PI / 2, Math.abs((lat * Math.PI) / 180) + latRadians);
  const ratio = Math.sin(Math.min(Math.PI / 2, meters / (2 * earthRadius))) / Math.cos(poleward);
  const lonRadians = ratio < 1 ? 2 * Math.asin(ratio) * BOX_SLACK : Infinity;
  return { lat: toDegrees(latRadians) + ROUNDING_DEGREES, lon: toDegrees(lonRadians) + ROUNDING_DEGREES };
}

/** What the tree holds within `meters` of the position; longitudes wrap, so near ±180° it looks on both sides. */
function searchAround<G extends Geometry, P extends GeoJsonProperties>(
  tree: Tree<G, P>,
  [lon, lat]: Position,
  meters: number,
) {
  const reach = degreesWithin(meters, lat);
  const [south, north] = [lat - reach.lat, lat + reach.lat];
  if (reach.lon === Infinity) return tree.search([-Infinity, south, Infinity, north]).features;
  return [0, 360, -360].flatMap(
    (shift) => tree.search([lon + shift - reach.lon, south, lon + shift + reach.lon, north]).features,
  );
}

type Tree<G extends Geometry, P extends GeoJsonProperties> = ReturnType<typeof geojsonRbush<G, P>>;

/** The segments of several routes in one R-tree (turf's geojson-rbush), tagged with their route's index. */
export class RouteIndex {
  private readonly tree = geojsonRbush<GeoLineString, { route: number }>();

  constructor(routes: readonly Route[]) {
    this.tree.load(
      routes.flatMap(({ coordinates }, route) =>
        coordinates.slice(1).map((end, i) => lineString([coordinates[i], end], { route })),
      ),
    );
  }

  /**
   * metersToRoute(position, route) by route index, for the routes (from `firstRoute` on) no farther than `meters`.
   * A route's distance is its nearest segment's, and every segment that near is among those searched.
   */
  distancesWithin(position: Position, meters: number, firstRoute = 0): Map<number, number> {
    const found = new Map<number, number>();
    const at = point(position);
    for (const segment of searchAround(this.tree, position, meters)) {
      const { route } = segment.properties;
      if (route < firstRoute) continue;
      const gap = pointToLineDistance(at, segment, PLANAR);
      if (gap <= meters && gap < (found.get(route) ?? Infinity)) found.set(route, gap);
    }
    return found;
  }
}

/** Places (route ends) in an R-tree. */
export class PlaceIndex {
  private readonly tree = geojsonRbush<Point>();

  constructor(places: readonly Position[]) {
    this.tree.load(places.map((place) => point(place)));
  }

  /** nearAny(position, places, meters), measuring only the places near enough to matter. */
  anyWithin(position: Position, meters: number): boolean {
    const nearby = searchAround(this.tree, position, meters);
    return nearby.some((place) => metersBetween(place.geometry.coordinates as Position, position) <= meters);
  }
}

/** Six decimals of a degree is about 0.1 m: enough for a map, and stable output. */
export const roundPosition = ([lon, lat]: Position): Position => [round6(lon), round6(lat)];
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Whether the position lies within the radius of any of the places. */
export const nearAny = (position: Position, places: readonly Position[], radiusMeters: number): boolean =>
  places.some((place) => metersBetween(place, position) <= radiusMeters);
