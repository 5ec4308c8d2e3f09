// The catalog's geometry: facilities, building entrances and structures as points, and every conduit's route to each
// site of its metro as a GeoJSON LineString through its manholes. Deterministic (no seed): tests rely on it.
//
// Each (facility, site) pair has a base street path (an L along the street grid). Every conduit leaving the facility
// for that site gets its own lane, offset 12-16 m from its neighbours (turf lineOffset), so conduits with different ids
// are normally more than 10 m apart outside the 150 m around the facility and the building. Traps, on top of that:
//   nyc-midtown: the primary conduits of ch1 (ic-1, ic-2, ic-3) jog into one trench for the last ~500 m (2 m apart);
//   nyc-hq and sjc-campus: the primary conduits of ch2 (nyc) / ch1 (sjc) all pass through one shared manhole;
//   nyc-cdt-river (the shared conduit of nyc ic-1/ic-2 ch3) crosses a bridge.
import {
  along,
  destination,
  length,
  lineOffset,
  lineSliceAlong,
  lineString,
  nearestPointOnLine,
  point,
  pointToLineDistance,
} from "@turf/turf";
import type { LineString, Structure } from "../../schema/customer";
import type { InterconnectSpec, LinkPath } from "./catalog";
import type { CutRecord } from "../state/store";

type Position = [number, number];
export interface Place {
  id: string;
  lon: number;
  lat: number;
}
export interface ConduitRoute {
  conduit: string;
  site: string;
  facility: string;
  /** Lane only: the route of a link is facility + lane + entrance. */
  coordinates: Position[];
  structures: Structure[];
}
export interface Geography {
  facilities: Place[];
  entrances: (Place & { site: string })[];
  structures: Structure[];
  conduits: ConduitRoute[];
}

const LANE_SPACING_M = 16; // lineOffset works in degrees, so north-south lanes end up ~12 m apart in New York
const FAN_M = 70; // lanes start and end this far along the base, so the connectors fan out from shared ends
const MANHOLE_EVERY_M = 300;
const M = { units: "meters" } as const;

interface SiteLayout {
  center: Position;
  /** Entrance offsets from the center, meters north (+) / east (+): [dLat, dLon]. */
  entrances: Record<string, Position>;
  /** Per facility: the corner of the L from the facility to the site. */
  corners: Record<string, "lat-first" | "lon-first">;
}

const FACILITIES: Record<string, Position> = {
  "nyc-fac-a": [-74.00865, 40.7177], // 60 Hudson St
  "nyc-fac-b": [-74.0031, 40.74105], // 111 8th Ave
  "sjc-fac-a": [-121.782, 37.242], // Great Oaks Blvd
  "sjc-fac-b": [-121.947, 37.377], // Santa Clara
};
const SITES: Record<string, SiteLayout> = {
  "nyc-hq": {
    center: [-74.0125, 40.7105],
    entrances: { "nyc-hq-north": [40, 0], "nyc-hq-south": [-40, 0] },
    corners: { "nyc-fac-a": "lon-first", "nyc-fac-b": "lat-first" },
  },
  "nyc-annex": {
    center: [-73.9975, 40.7265],
    entrances: { "nyc-annex-main": [0, 0] },
    corners: { "nyc-fac-a": "lon-first", "nyc-fac-b": "lat-first" },
  },
  "nyc-midtown": {
    center: [-73.984, 40.7545],
    entrances: { "nyc-midtown-43rd": [40, 0], "nyc-midtown-42nd": [-40, 0] },
    corners: { "nyc-fac-a": "lon-first", "nyc-fac-b": "lat-first" },
  },
  "sjc-campus": {
    center: [-121.889, 37.335],
    entrances: { "sjc-campus-east": [0, 40], "sjc-campus-west": [0, -40] },
    corners: { "sjc-fac-a": "lat-first", "sjc-fac-b": "lat-first" },
  },
};
/** Channels whose primary conduits meet a trap at a site: one trench (midtown) or one manhole (hq, sjc). */
const TRAPS: Record<string, { channel: string; kind: "trench" | "manhole"; name: string }> = {
  "nyc-midtown": { channel: "ch1", kind: "trench", name: "nyc-midtown-trench-42nd-st" },
  "nyc-hq": { channel: "ch2", kind: "manhole", name: "nyc-mh-greenwich-st" },
  "sjc-campus": { channel: "ch1", kind: "manhole", name: "sjc-mh-first-st" },
};

/** A point `north` and `east` meters from `from`. */
function offset(from: Position, north: number, east: number): Position {
  const moved = north === 0 ? point(from) : destination(from, Math.abs(north), north > 0 ? 0 : 180, M);
  const moved2 = east === 0 ? moved : destination(moved, Math.abs(east), east > 0 ? 90 : -90, M);
  return moved2.geometry.coordinates as Position;
}

export function entrancePoint(site: string, entrance: string): Position | undefined {
  const layout = SITES[site];
  const d = layout?.entrances[entrance];
  return layout && d ? offset(layout.center, d[0], d[1]) : undefined;
}

function basePath(facility: Position, site: SiteLayout, facilityId: string): Position[] {
  const [lon, lat] = site.center;
  const corner: Position = site.corners[facilityId] === "lat-first" ? [facility[0], lat] : [lon, facility[1]];
  return [facility, corner, site.center];
}

/** Conduits of a facility's channels: the trap channel's primaries first, so their lanes are neighbours. */
function conduitsOf(interconnects: InterconnectSpec[], facility: string, trapChannel?: string): string[] {
  const channels = interconnects.flatMap((ic) => ic.channels).filter((ch) => ch.facility === facility);
  const trapped = channels.filter((ch) => ch.id === trapChannel).map((ch) => ch.conduits[0]);
  const rest = channels.flatMap((ch) => ch.conduits).filter((c) => !trapped.includes(c));
  return [...new Set([...trapped, ...[...new Set(rest)].sort()])];
}

function lane(base: Position[], offsetMeters: number): Position[] {
  const shifted = offsetMeters === 0 ? lineString(base) : lineOffset(lineString(base), offsetMeters, M);
  const total = length(shifted, M);
  return lineSliceAlong(shifted, FAN_M, total - FAN_M, M).geometry.coordinates as Position[];
}

const slice = (coordinates: Position[], from: number, to: number): Position[] =>
  lineSliceAlong(lineString(coordinates), Math.max(0, from), to, M).geometry.coordinates as Position[];
const pointAt = (coordinates: Position[], at: number): Position =>
  along(lineString(coordinates), at, M).geometry.coordinates as Position;
const laneLength = (coordinates: Position[]) => length(lineString(coordinates), M);

function manholes(coordinates: Position[], prefix: string, from = 0, to = Infinity): Structure[] {
  const total = laneLength(coordinates);
  const out: Structure[] = [];
  for (let at = MANHOLE_EVERY_M, k = 1; at < total - MANHOLE_EVERY_M / 2; at += MANHOLE_EVERY_M, k++) {
    if (at < from || at > to) continue;
    const [lon, lat] = pointAt(coordinates, at);
    out.push({ id: `${prefix}-mh${k}`, kind: k % 3 === 0 ? "handhole" : "manhole", lon, lat });
  }
  return out;
}

/** The trench trap: the lane jogs into the first trapped lane's trench (2 m per rank) for the last 500 m. */
function intoTrench(own: Position[], trench: Position[], rank: number): Position[] {
  const jogStart = Math.min(laneLength(own), laneLength(trench)) - 600;
  const inTrench = lineString(slice(trench, jogStart + 100, laneLength(trench)));
  const shifted = rank === 0 ? inTrench : lineOffset(inTrench, rank * 2, M);
  return [...slice(own, 0, jogStart), ...(shifted.geometry.coordinates as Position[])];
}

/** The shared-manhole trap: the lanes converge on one manhole halfway along, then part again. */
function throughManhole(own: Position[], hole: Position, id: string): { coordinates: Position[]; hole: Structure } {
  const mid = laneLength(own) / 2;
  const coordinates = [...slice(own, 0, mid - 40), hole, ...slice(own, mid + 40, laneLength(own))];
  return { coordinates, hole: { id, kind: "manhole", lon: hole[0], lat: hole[1] } };
}

function routesFor(interconnects: InterconnectSpec[], facility: string, site: string): ConduitRoute[] {
  const layout = SITES[site];
  const trap = TRAPS[site];
  const conduits = conduitsOf(interconnects, facility, trap?.channel);
  const base = basePath(FACILITIES[facility], layout, facility);
  const lanes = conduits.map((_, i) => lane(base, (i - (conduits.length - 1) / 2) * LANE_SPACING_M));
  const trapped = trap
    ? interconnects.flatMap((ic) => ic.channels).filter((c) => c.id === trap.channel && c.facility === facility)
    : [];
  const trappedIds = [...new Set(trapped.map((c) => c.conduits[0]))];
  const hole =
    trap?.kind === "manhole" && trappedIds.length > 0
      ? pointAt(lanes[Math.floor((trappedIds.length - 1) / 2)], laneLength(lanes[0]) / 2)
      : undefined;
  return conduits.map((conduit, i) => {
    const rank = trappedIds.indexOf(conduit);
    let coordinates = lanes[i];
    let structures = manholes(coordinates, `${conduit}:${site}`);
    if (trap && rank >= 0 && trap.kind === "trench") {
      coordinates = intoTrench(lanes[i], lanes[0], rank);
      // In the trench the conduits share its manholes.
      const trenchFrom = laneLength(lanes[0]) - 500;
      structures = [
        ...manholes(coordinates, `${conduit}:${site}`, 0, laneLength(coordinates) - 700),
        ...manholes(lanes[0], trap.name, trenchFrom).map((s) => ({ ...s, kind: "manhole" as const })),
      ];
    } else if (trap && rank >= 0 && hole) {
      const through = throughManhole(lanes[i], hole, trap.name);
      coordinates = through.coordinates;
      const half = laneLength(coordinates) / 2;
      const own = manholes(coordinates, `${conduit}:${site}`).filter((s) => Math.abs(at(coordinates, s) - half) > 100);
      structures = [...own, through.hole].sort((a, b) => at(coordinates, a) - at(coordinates, b));
    }
    if (conduit.endsWith("-river")) structures = [...structures, bridge(coordinates, site)];
    return { conduit, site, facility, coordinates, structures };
  });
}

/** Distance along the lane of a structure on it. */
const at = (coordinates: Position[], s: Structure): number =>
  nearestPointOnLine(lineString(coordinates), [s.lon, s.lat], M).properties.location ?? 0;

function bridge(coordinates: Position[], site: string): Structure {
  const [lon, lat] = pointAt(coordinates, laneLength(coordinates) * 0.35);
  return { id: `nyc-br-river-${site}`, kind: "bridge", lon, lat };
}

export function buildGeography(environments: { partnerMetro: string; interconnects: InterconnectSpec[] }[]): Geography {
  const conduits = environments.flatMap(({ partnerMetro, interconnects }) =>
    Object.keys(SITES)
      .filter((site) => site.startsWith(`${partnerMetro}-`))
      .flatMap((site) =>
        Object.keys(FACILITIES)
          .filter((f) => f.startsWith(`${partnerMetro}-`))
          .flatMap((facility) => routesFor(interconnects, facility, site)),
      ),
  );
  const structures = [...new Map(conduits.flatMap((c) => c.structures).map((s) => [s.id, s])).values()];
  return {
    facilities: Object.entries(FACILITIES).map(([id, [lon, lat]]) => ({ id, lon, lat })),
    entrances: Object.entries(SITES).flatMap(([site, layout]) =>
      Object.keys(layout.entrances).map((id) => {
        const [lon, lat] = entrancePoint(site, id)!;
        return { id, site, lon, lat };
      }),
    ),
    structures,
    conduits,
  };
}

/** The route of a link on `path` at `site`: facility, the conduit's lane, the building entrance. */
export function linkRoute(
  geography: Geography,
  site: string,
  path: LinkPath,
): { route: LineString; structures: Structure[] } | undefined {
  const lane = geography.conduits.find((c) => c.conduit === path.conduit && c.site === site);
  const facility = geography.facilities.find((f) => f.id === path.facility);
  const entrance = geography.entrances.find((e) => e.id === path.entrance);
  if (!lane || !facility || !entrance) return undefined;
  const coordinates: Position[] = [[facility.lon, facility.lat], ...lane.coordinates, [entrance.lon, entrance.lat]];
  return { route: { type: "LineString", coordinates }, structures: lane.structures };
}

/** Whether a cut takes the link down: it names one of the link's path elements, or its route runs through the area. */
export function isCut(cut: CutRecord, path: LinkPath, route: () => LineString | undefined): boolean {
  if (cut.dimension !== "area") return path[cut.dimension] === cut.id;
  const line = route();
  if (!line || !cut.point || cut.radiusMeters === undefined) return false;
  return pointToLineDistance(point(cut.point), lineString(line.coordinates), M) <= cut.radiusMeters;
}
