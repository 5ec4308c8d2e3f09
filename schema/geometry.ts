// Route geometry for physical diversity, on @turf/turf: how close two fiber routes run, over what length, and where.
// Shared by the policy (provider) and the emulator's placement, so what the partner promises is what we check.
import { along, bbox, distance, length, lineString, point, pointToLineDistance } from "@turf/turf";
import type { Feature, LineString as GeoLineString } from "geojson";

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

export const routeLengthMeters = (route: Route): number => length(asFeature(route), METERS);

export const metersBetween = (a: Position, b: Position): number => distance(point(a), point(b), METERS);

// Planar distance to each segment: at city scale it matches the geodesic one to centimetres, several times faster.
export const metersToRoute = (p: Position, route: Route): number =>
  pointToLineDistance(point(p), asFeature(route), { ...METERS, method: "planar" });

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
  const { thresholdMeters } = options;
  const radius = options.convergenceRadiusMeters ?? DEFAULT_CONVERGENCE_RADIUS_METERS;
  if (farApart(a, b, thresholdMeters)) return [];
  const step = options.stepMeters ?? Math.min(10, Math.max(1, thresholdMeters / 2));
  const zones = sharedEnds(a, b, radius);
  const near = grownBox(b, thresholdMeters); // a sample outside it cannot be close: skip the distance
  const runs: CloseRun[] = [];
  let current: (CloseRun & { start: number }) | undefined;
  for (const { at, position } of samples(a, step)) {
    const exempt = !inBox(position, near) || zones.some((zone) => metersBetween(zone, position) <= radius);
    const gap = exempt ? Infinity : metersToRoute(position, b);
    if (gap >= thresholdMeters) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { start: at, lengthMeters: 0, minDistanceMeters: gap, coordinates: [position] };
      runs.push(current);
    } else {
      current.coordinates.push(position);
      current.lengthMeters = at - current.start;
      current.minDistanceMeters = Math.min(current.minDistanceMeters, gap);
    }
  }
  return runs.map(({ lengthMeters, minDistanceMeters, coordinates }) => ({
    lengthMeters: Math.round(lengthMeters),
    minDistanceMeters: Math.round(minDistanceMeters * 10) / 10,
    coordinates: coordinates.map(roundPosition),
  }));
}

/** Six decimals of a degree is about 0.1 m: enough for a map, and stable output. */
export const roundPosition = ([lon, lat]: Position): Position => [round6(lon), round6(lat)];
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/** Whether the position lies within the radius of any of the places. */
export const nearAny = (position: Position, places: readonly Position[], radiusMeters: number): boolean =>
  places.some((place) => metersBetween(place, position) <= radiusMeters);
