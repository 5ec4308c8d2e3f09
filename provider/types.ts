// The public types of the package, in plain TypeScript. What `index.d.ts` reaches must compile in any Pulumi
// project (strict, no skipLibCheck, no esModuleInterop), so nothing here may import zod, fastify, axios or the
// schema modules. Most are generated from the schemas (./generated/types.ts, `npm run schema`); the ones below
// describe what the diversity evaluation reports, and tests/unit/stub-public-types.test.ts proves at compile time
// that the provider's own types can be read through them.

import type { ConnectionTimeouts, DiversityDimension } from "./generated/types";

export * from "./generated/types";

/** How many tiers one Interconnect update may raise bandwidth by, unless maxBandwidthStepTiers says otherwise. */
export const DEFAULT_MAX_STEP_TIERS = 2;

export type Dimension = DiversityDimension;
export type InterconnectTimeouts = ConnectionTimeouts;

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

/** AWS credentials handed in-process instead of the default credential chain. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Retries of one API call: jittered exponential backoff within a total budget. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, randomized ×1–2 (jitter). */
  minDelayMs: number;
  /** Cap on one delay, Retry-After included. */
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  maxElapsedMs: number;
}
