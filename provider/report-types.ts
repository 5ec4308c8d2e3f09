// What a RedundantLinkGroup reports (its diversity evaluation), written by hand in plain TypeScript: the generated types
// name these, so this module imports nothing. tests/unit/stub-public-types.test.ts proves at compile time that the
// provider's own types can be read through them, and that Dimension is the generated DiversityDimension.

/** Physical dimensions links can share (the generated DiversityDimension). */
export type Dimension = "device" | "entrance" | "facility" | "conduit";

/** [longitude, latitude]. */
export type Position = [number, number];

/** A link's fiber route, facility to entrance (GeoJSON LineString). */
export interface Route {
  type: "LineString";
  coordinates: Position[];
}

/** A manhole, handhole, vault or bridge a route passes through. */
export interface Structure {
  id: string;
  kind: string;
  lon: number;
  lat: number;
}

/** Where one cut of `policy.cutRadiusMeters` takes down the most UP links (`RedundantLinkGroup.worstCut`). */
export interface WorstCut {
  point: Position;
  radiusMeters: number;
  /** Display references of the links a cut there takes down. */
  links: string[];
}

/**
 * Per dimension: does an UP link survive any single failure in it (`structure`, `cut` when they apply)? `maintenance`:
 * can any one traffic-bearing link go into maintenance with BGP failing over within the group's timers?
 */
export type Survival = Record<Dimension, boolean> & { structure?: boolean; cut?: boolean; maintenance?: boolean };

/** What keeps a RedundantLinkGroup from meeting its policy (`RedundantLinkGroup.blockers`). */
export interface Blocker {
  /** "minLinks" | "distinct:<dimension>" | "requireMacsec" | "requireConsistentBgpTimers" | "maxConcurrentMaintenance" | "unknownPath:<dimension>" | … */
  rule: string;
  /** Display references of the links concerned, e.g. "hq-primary/ch2". */
  links: string[];
  /** The shared physical thing, e.g. "conduit C-17". */
  shared?: string;
  /** Plain words: what is wrong and what to do about it. */
  explanation: string;
}

/** One member link of a RedundantLinkGroup (`RedundantLinkGroup.links`). */
export interface LinkSummary {
  /** Display reference, e.g. "hq-primary/ch2". */
  link: string;
  interconnect: string;
  connectionId: string;
  name: string;
  /** The physical path per dimension; null where the partner did not report it. */
  path: Record<Dimension, string | null>;
  operUp: boolean;
  /** Oper UP, BGP established and not in maintenance: the link carries traffic now (absent in older state). */
  carriesTraffic?: boolean;
  macsecActive: boolean;
  inMaintenance: boolean;
  /** Rules of the blockers that name this link, in blocker order. */
  blockedBy: string[];
  /**
   * MACsec key status, unencrypted frames since turn-up and BGP timers, as the partner reports them, and the
   * unencrypted frames since the group's previous read (absent in older state).
   */
  health?: {
    keyStatus: string;
    framesUnencrypted: number;
    unencryptedSinceLastRead?: number;
    holdTimeSeconds: number;
    keepaliveSeconds: number;
  };
  /** The fiber route (facility to entrance) and the structures along it, when reported. */
  route?: Route;
  structures?: Structure[];
}

/** Maintenance windows overlapping beyond `maxConcurrentMaintenance` (`RedundantLinkGroup.maintenanceConflicts`). */
export interface MaintenanceConflict {
  /** Display references of every link in maintenance during the span, in group order. */
  links: string[];
  /** ISO 8601 (UTC) bounds of the span during which the limit is exceeded. */
  startTime: string;
  endTime: string;
}
