// The public types of the package, in plain TypeScript. What `index.d.ts` reaches must compile in any Pulumi
// project (strict, no skipLibCheck, no esModuleInterop), so nothing here may import zod, fastify, axios or the
// schema modules. Most are generated from the schemas (./generated/types.ts, `npm run schema`), what a
// RedundantLinkGroup reports is written by hand (./report-types.ts), and the few below are the settings' own.

import type { ConnectionTimeouts } from "./generated/types";

export * from "./generated/types";
export * from "./report-types";

/** How many tiers one Interconnect update may raise bandwidth by, unless maxBandwidthStepTiers says otherwise. */
export const DEFAULT_MAX_STEP_TIERS = 2;

export type InterconnectTimeouts = ConnectionTimeouts;

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
