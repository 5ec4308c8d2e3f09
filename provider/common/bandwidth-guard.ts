// The bandwidth guard rails, the same for whichever resource owns a connection's bandwidth (an ActivationKey resizing
// at AWS, or an Interconnect resizing at the partner): the step guard refuses a raise of more than
// `maxBandwidthStepTiers` tiers in one change (capacity is billed by tier, and an unmonitored step spikes opex) and
// says what the step costs per month when a price table is given. Checked at preview, so a refused step costs no call.
import { z } from "zod";
import { BANDWIDTH_TIERS_GBPS } from "../../schema/aws";
import { DEFAULT_MAX_STEP_TIERS } from "../types";
import { documented } from "./schema-docs";
import { isBandwidthTier } from "./validation";

/** The guard's arguments, shared by every resource that owns bandwidth (all change nothing at AWS or the partner). */
export const bandwidthGuardInputs = {
  allowLargeBandwidthStep: z
    .boolean()
    .optional()
    .describe("Allow one change to raise bandwidth by more than `maxBandwidthStepTiers`"),
  maxBandwidthStepTiers: z
    .number()
    .int()
    .min(1, "must be at least 1 tier")
    .optional()
    .describe(
      `The step guard: how many tiers one change may raise bandwidth by (${DEFAULT_MAX_STEP_TIERS} when unset)`,
    ),
  priceTable: documented(
    z.record(
      z
        .string()
        .refine((tier) => isBandwidthTier(Number(tier)), `keys must be tiers: ${BANDWIDTH_TIERS_GBPS.join(", ")}`),
      z.number().nonnegative(),
    ),
    { label: "{ tier: monthly price }" },
  )
    .optional()
    .describe('Monthly price per tier, keyed by Gbps, e.g. `{ "10": 1200, "25": 2600 }`; shown when a step is refused'),
};

export const BANDWIDTH_GUARD_ARGUMENTS = Object.keys(bandwidthGuardInputs) as (keyof typeof bandwidthGuardInputs)[];

export interface BandwidthGuard {
  bandwidthGbps?: unknown;
  allowLargeBandwidthStep?: boolean;
  maxBandwidthStepTiers?: number;
  priceTable?: Record<string, number>;
}

/** Why `oldBandwidth` => `news.bandwidthGbps` is refused, or undefined when the guard lets it through. */
export function bandwidthStepFailure(oldBandwidth: unknown, news: BandwidthGuard): string | undefined {
  const newBandwidth = news.bandwidthGbps;
  const limit = news.maxBandwidthStepTiers ?? DEFAULT_MAX_STEP_TIERS;
  if (news.allowLargeBandwidthStep === true || !isBandwidthTier(oldBandwidth) || !isBandwidthTier(newBandwidth))
    return undefined;
  if (!Number.isInteger(limit)) return undefined;
  const from = BANDWIDTH_TIERS_GBPS.indexOf(oldBandwidth);
  const to = BANDWIDTH_TIERS_GBPS.indexOf(newBandwidth);
  const steps = to - from;
  if (steps <= limit) return undefined;
  const path = BANDWIDTH_TIERS_GBPS.slice(from, to + 1).join(" → ");
  const intermediate = BANDWIDTH_TIERS_GBPS.slice(from + 1, to).join(", ");
  return (
    `bandwidthGbps: ${oldBandwidth} => ${newBandwidth} raises the connection ${steps} tiers at once (${path}); ` +
    `the limit is ${limit} (maxBandwidthStepTiers). Unmonitored step changes spike opex: ` +
    `step through ${intermediate} and watch utilisation, or set allowLargeBandwidthStep: true.` +
    monthlyCostDelta(oldBandwidth, newBandwidth, news.priceTable)
  );
}

/** " Monthly cost: 1200 => 2600 (+1400 per month)." when the price table knows both tiers. */
export function monthlyCostDelta(from: number, to: number, priceTable: Record<string, number> | undefined): string {
  const before = priceTable?.[String(from)];
  const after = priceTable?.[String(to)];
  if (typeof before !== "number" || typeof after !== "number") return "";
  const delta = after - before;
  return ` Monthly cost: ${before} => ${after} (${delta >= 0 ? "+" : ""}${delta} per month).`;
}
