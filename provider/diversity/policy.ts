// The diversity policy a RedundantLinkGroup declares, validated with messages that name the field, the value given
// and what is allowed.
import { z } from "zod";
import { documented } from "../common/schema-docs";
import { DEFAULT_CONVERGENCE_RADIUS_METERS } from "../../schema/geometry";
import { POLICY_DIMENSIONS } from "./dimensions";

/** The policy's fields, from its schema (read when a message is built, after the schema exists). */
const fields = (): string => Object.keys(DiversityPolicySchema.shape).join(", ");
const ALLOWED_DIMENSIONS = POLICY_DIMENSIONS.join(", ");

const show = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value));

/** A whole number with a lower bound; every failure (type, fraction, too small) gets the same complete message. */
function wholeNumberAtLeast(field: string, minimum: number, why: string) {
  const error = (issue: { input?: unknown }) =>
    `${field} must be a whole number of at least ${minimum} (${why}); got ${show(issue.input)}`;
  return z.number({ error }).int({ error }).min(minimum, { error });
}

/** A distance in meters within (min, max]; min itself is allowed when inclusive. */
function meters(field: string, min: number, max: number, inclusive: boolean, why: string) {
  const error = (issue: { input?: unknown }) =>
    `${field} must be a number of meters ${inclusive ? "from" : "above"} ${min} up to ${max} (${why}); ` +
    `got ${show(issue.input)}`;
  const base = z.number({ error }).refine(Number.isFinite, { error });
  return (inclusive ? base.min(min, { error }) : base.gt(min, { error })).max(max, { error });
}

const DistinctSchema = z
  .array(
    z.enum(POLICY_DIMENSIONS, {
      error: (issue) => `distinct: ${show(issue.input)} is not a dimension; allowed: ${ALLOWED_DIMENSIONS}`,
    }),
    {
      error: (issue) =>
        issue.input === undefined
          ? `distinct is required: a non-empty list of ${ALLOWED_DIMENSIONS}`
          : `distinct must be a list of ${ALLOWED_DIMENSIONS}; got ${show(issue.input)}`,
    },
  )
  .min(1, { error: `distinct must name at least one dimension; allowed: ${ALLOWED_DIMENSIONS}` })
  .superRefine((dimensions, ctx) => {
    dimensions.forEach((dimension, index) => {
      if (dimensions.indexOf(dimension) !== index) {
        ctx.addIssue({ code: "custom", path: [index], message: `distinct lists "${dimension}" more than once` });
      }
    });
  });

export const DiversityPolicySchema = documented(
  z.strictObject(
    {
      minLinks: wholeNumberAtLeast("minLinks", 2, "a redundant group needs two links")
        .default(4)
        .describe("Links the group must have UP"),
      distinct: DistinctSchema.describe(
        "Dimensions in which no single failure may take down every link (`structure`: no two links through one " +
          "manhole, handhole, vault or bridge)",
      ),
      maxConcurrentMaintenance: wholeNumberAtLeast(
        "maxConcurrentMaintenance",
        0,
        "links of the group allowed in maintenance at once",
      )
        .default(1)
        .describe("Links of the group allowed in maintenance at once"),
      requireMacsec: z
        .boolean({ error: (issue) => `requireMacsec must be true or false; got ${show(issue.input)}` })
        .default(true)
        .describe("Every link must have MACsec active"),
      requireConsistentBgpTimers: z
        .boolean({ error: (issue) => `requireConsistentBgpTimers must be true or false; got ${show(issue.input)}` })
        .default(true)
        .describe(
          "Every link must run the same BGP hold time and keepalive, so the group's sessions fail over alike " +
            "(a link with a longer hold time is declared dead later, and traffic keeps going to it)",
        ),
      minSeparationMeters: meters(
        "minSeparationMeters",
        0,
        10_000,
        false,
        "the least distance between the routes of any two links",
      )
        .optional()
        .describe(
          "Least distance between the routes of any two links; closer stretches are reported with their length, " +
            "coordinates and the structures on them",
        ),
      convergenceRadiusMeters: meters(
        "convergenceRadiusMeters",
        0,
        5_000,
        true,
        `around a facility or entrance two routes share, closeness is ignored; default ${DEFAULT_CONVERGENCE_RADIUS_METERS}`,
      )
        .optional()
        .describe(
          "Around a facility or entrance two routes share, closeness is ignored " +
            `(${DEFAULT_CONVERGENCE_RADIUS_METERS} m when not set)`,
        ),
      cutRadiusMeters: meters(
        "cutRadiusMeters",
        0,
        10_000,
        false,
        "survivesSingleFailure.cut: does one cut of this radius anywhere along the routes leave a link up",
      )
        .optional()
        .describe(
          "Adds `survivesSingleFailure.cut` and `worstCut`: one cut of this radius anywhere along the routes (outside " +
            "the convergence radius of route ends)",
        ),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `unknown policy field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}; ` +
            `allowed: ${fields()}`
          : `the diversity policy must be an object with ${fields()}; got ${show(issue.input)}`,
    },
  ),
  { tsType: "DiversityPolicyInput", label: "DiversityPolicy (below)", fieldsTable: "policy field" },
);

/** The policy as written by the user (defaults optional). */
export type DiversityPolicyInput = z.input<typeof DiversityPolicySchema>;
/** The policy with defaults applied; what evaluatePolicy and planRelocations take. */
export type DiversityPolicy = z.output<typeof DiversityPolicySchema>;

/** Shaped like a Pulumi CheckFailure, so a dynamic provider's check() can return these as they are. */
export interface PolicyFailure {
  property: string;
  reason: string;
}

export type PolicyValidation = { ok: true; policy: DiversityPolicy } | { ok: false; failures: PolicyFailure[] };

export function validatePolicy(input: unknown): PolicyValidation {
  const result = DiversityPolicySchema.safeParse(input);
  if (result.success) return { ok: true, policy: result.data };
  return {
    ok: false,
    failures: result.error.issues.map((issue) => ({
      // An unknown field has no path of its own; naming it points the user at the typo.
      property: issue.code === "unrecognized_keys" ? issue.keys.join(", ") : propertyPath(issue.path),
      reason: issue.message,
    })),
  };
}

/** ["distinct", 1] → "distinct[1]". */
function propertyPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : `${i ? "." : ""}${String(part)}`)).join("");
}
