// Input validation shared by the resources' check methods: zod issues become CheckFailures that name the field,
// the value that was given and what is allowed; values the engine does not know yet (preview) are accepted.
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  BANDWIDTH_TIERS_GBPS,
  BandwidthGbps,
  decodeActivationKey,
  SUPPORTED_ACTIVATION_KEY_VERSIONS,
} from "../../schema/aws";
import { SUPPORTED_SPEC_VERSIONS } from "../../schema/customer";
import { isDuration, parseDuration } from "./duration";
import { documented } from "./schema-docs";
import { describeIssue, valueAt } from "../zod-issues";
import type { ConnectionTimeouts } from "../types";

/** The engine's placeholder for a value not known until apply (runtime/rpc `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (value: unknown): boolean => value === UNKNOWN;

export const isBandwidthTier = (value: unknown): value is BandwidthGbps =>
  (BANDWIDTH_TIERS_GBPS as readonly unknown[]).includes(value);

/** Accepts any value and reports the full list of tiers, whatever was wrong (type or value). */
export const bandwidthTierInput = documented(
  z.custom<BandwidthGbps>(isBandwidthTier, { message: `must be one of ${BANDWIDTH_TIERS_GBPS.join(", ")} (Gbps)` }),
  { tsType: "BandwidthGbps", jsonSchema: () => z.toJSONSchema(z.literal(BANDWIDTH_TIERS_GBPS)) },
);

/** Shortest wait a timeout may set: "0s" would fail every create after its first API call. */
export const MIN_TIMEOUT_MS = 1000;

export const durationInput = z
  .string('must be a duration such as "30s", "20m" or "1h30m"')
  .refine(isDuration, 'must be a duration such as "30s", "20m" or "1h30m"')
  .refine((text) => !isDuration(text) || parseDuration(text) >= MIN_TIMEOUT_MS, "must be at least 1s");

/** How long create, update and delete wait when `timeouts` does not say. */
export const DEFAULT_TIMEOUTS = { create: "30m", update: "30m", delete: "20m" } as const;

/** Milliseconds `operation` may wait: its duration in `timeouts`, else the default. */
export const timeoutMs = (timeouts: ConnectionTimeouts | undefined, operation: keyof ConnectionTimeouts) =>
  parseDuration(timeouts?.[operation] ?? DEFAULT_TIMEOUTS[operation]);

/** create / update / delete durations, as Interconnect, ActivationKey and ConnectionProposalAccepter take them. */
export const timeoutsInput = documented(
  z.strictObject({
    create: durationInput.optional().describe(`How long create waits. Default: \`"${DEFAULT_TIMEOUTS.create}"\`.`),
    update: durationInput.optional().describe(`How long update waits. Default: \`"${DEFAULT_TIMEOUTS.update}"\`.`),
    delete: durationInput.optional().describe(`How long delete waits. Default: \`"${DEFAULT_TIMEOUTS.delete}"\`.`),
  }),
  {
    tsType: "ConnectionTimeouts",
    label:
      `{ create, update, delete }: durations (defaults ${DEFAULT_TIMEOUTS.create}, ${DEFAULT_TIMEOUTS.update}, ` +
      `${DEFAULT_TIMEOUTS.delete})`,
  },
).optional();

/**
 * An id or name the APIs accept: visible ASCII only (no blanks, control characters or emoji), 1 to `max` characters.
 * Refused at preview, so a stray space or a pasted character never costs an API call.
 */
export const identifierInput = (what: string, max: number) =>
  z
    .string(`must be ${what}`)
    .min(1, `must be ${what}, not empty`)
    .max(max, `must be at most ${max} characters`)
    .regex(/^[\x21-\x7e]+$/, `must be ${what}: visible ASCII characters only (no spaces, control characters or emoji)`);

const hasUnknownAlongPath = (root: unknown, path: readonly PropertyKey[]): boolean =>
  path.some((_, i) => isUnknown(valueAt(root, path.slice(0, i + 1))));

/** Validates `inputs`, ignoring issues on values unknown during preview; `redacted` values are never echoed. */
export function checkFailures(
  schema: z.ZodTypeAny,
  inputs: unknown,
  redacted: readonly string[] = [],
): pulumi.dynamic.CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => !hasUnknownAlongPath(inputs, issue.path))
    .map((issue) => describeIssue(issue, inputs, redacted));
}

/** The inputs among `props` (outputs carry more): exactly the schema's keys, so no field list is typed twice. */
export const inputsOf = <T extends object>(schema: z.ZodObject, props: T): T =>
  withoutUndefined(
    Object.fromEntries(Object.keys(schema.shape).map((key) => [key, (props as Record<string, unknown>)[key]])),
  ) as T;

/** Protobuf structs cannot carry `undefined`; optional inputs that were not given are left out of state. */
export const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * Why this package cannot work with a partner that reports `specVersion` (undefined when it can, or none was
 * recorded): the version seen, the versions spoken and what to upgrade.
 */
export function specVersionProblem(specVersion: string | undefined): string | undefined {
  if (specVersion === undefined || SUPPORTED_SPEC_VERSIONS.includes(specVersion)) return undefined;
  return (
    `the partner reports Connection Coordinator spec ${specVersion}; this package speaks ` +
    `${SUPPORTED_SPEC_VERSIONS.join(", ")}. Upgrade pulumi-interconnect to a release that speaks ${specVersion} ` +
    `(npm install pulumi-interconnect@latest), or ask the partner for its ${SUPPORTED_SPEC_VERSIONS.at(-1)} endpoint`
  );
}

/**
 * A key of a version this package does not read is refused at preview, before any API call: provisioning it anyway
 * could complete without what the newer version carries (the key itself is never echoed).
 */
export function keyVersionFailures(activationKey: unknown): pulumi.dynamic.CheckFailure[] {
  if (typeof activationKey !== "string" || isUnknown(activationKey)) return [];
  const version = decodeActivationKey(activationKey)?.version;
  if (version === undefined || SUPPORTED_ACTIVATION_KEY_VERSIONS.includes(version)) return [];
  const supported = SUPPORTED_ACTIVATION_KEY_VERSIONS.join(", ");
  return [
    {
      property: "activationKey",
      reason:
        `activationKey: key version ${version} is not supported; this package reads version ${supported}. ` +
        `The cloud that issued it speaks a newer API: upgrade pulumi-interconnect to a release that supports key ` +
        `version ${version} (npm install pulumi-interconnect@latest)`,
    },
  ];
}
