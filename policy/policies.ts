// The interconnect guardrails: CrossGuard policies over ActivationKey, Interconnect and RedundantLinkGroup.
// Pure definitions (index.ts starts the pack), so tests can call them without an engine.
//
// What the engine gives a policy (@pulumi/policy 1.21):
//   * resource policies see the resource's inputs after the provider's check (defaults filled in, e.g. macsec);
//   * stack policies see every resource's outputs plus its dependencies per property, after the whole plan;
//   * neither sees the resource's previous state, so the bandwidth-step policy cannot compare old and new
//     bandwidth. It enforces that the provider's own step guard (which does compare against state in check) is on
//     and no looser than the policy's maxBandwidthStepTiers;
//   * during preview, values computed from other resources' outputs are unknown. Reading one throws
//     UnknownValueError, which @pulumi/policy turns into an advisory "can't run policy during preview". The
//     group-membership policy avoids that: it matches members through the group's property dependencies, which
//     are known at preview, and only skips an Interconnect it cannot decide (it is decided again at `up`).
import {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import {
  ACTIVATION_KEY_TYPE,
  BANDWIDTH_TIERS_GBPS,
  DEFAULT_MAX_STEP_TIERS,
  INTERCONNECT_TYPE,
  REDUNDANT_LINK_GROUP_TYPE,
} from "pulumi-interconnect";

// ---------------------------------------------------------------------------------------------------------------------
// Reading values that may be unknown at preview

type Read<T> = { known: true; value: T } | { known: false };

function read<T>(get: () => T): Read<T> {
  try {
    return { known: true, value: get() };
  } catch (e) {
    if (e instanceof UnknownValueError) return { known: false };
    throw e;
  }
}

/** The elements of a list whose elements may be unknown: known values, and whether any was unknown. */
function readList(get: () => unknown): { values: unknown[]; someUnknown: boolean } {
  const list = read(get);
  if (!list.known) return { values: [], someUnknown: true };
  if (!Array.isArray(list.value)) return { values: [], someUnknown: false };
  // Index by index: iterating (map, for-of) reads each element, and an unknown element throws.
  const items = list.value as unknown[];
  const reads: Read<unknown>[] = [];
  // eslint-disable-next-line @typescript-eslint/prefer-for-of -- each element must be read inside read(), see above
  for (let i = 0; i < items.length; i++) reads.push(read(() => items[i]));
  return {
    values: reads.flatMap((r) => (r.known ? [r.value] : [])),
    someUnknown: reads.some((r) => !r.known),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Resource policies

export const macsecRequired: ResourceValidationPolicy = {
  name: "interconnect-macsec-required",
  description: 'Every Interconnect encrypts its links: macsec must be "required" (the default when unset).',
  enforcementLevel: "mandatory",
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (args.type !== INTERCONNECT_TYPE) return;
    const macsec: unknown = args.props.macsec;
    if (macsec === undefined || macsec === "required") return;
    reportViolation(
      `Interconnect "${args.name}" sets macsec: ${JSON.stringify(macsec)}; links must be encrypted. ` +
        `Set macsec: "required" or leave it unset (the default).`,
    );
  },
};

export interface AllowedTiersConfig {
  /** Bandwidth tiers (Gbps) this organisation allows; default: every tier the provider supports. */
  allowedTiersGbps?: number[];
}

export const allowedTiers: ResourceValidationPolicy = {
  name: "interconnect-allowed-tiers",
  description:
    "ActivationKey and Interconnect bandwidth must be one of the allowed tiers (policy config allowedTiersGbps).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedTiersGbps: { type: "array", items: { type: "number", enum: [...BANDWIDTH_TIERS_GBPS] }, minItems: 1 },
    },
  },
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (args.type !== INTERCONNECT_TYPE && args.type !== ACTIVATION_KEY_TYPE) return;
    const allowed = args.getConfig<AllowedTiersConfig>().allowedTiersGbps ?? [...BANDWIDTH_TIERS_GBPS];
    // An Interconnect without bandwidthGbps follows its key's connection, which the ActivationKey's own check covers.
    const bandwidth: unknown = args.props.bandwidthGbps;
    if (bandwidth === undefined || (allowed as readonly unknown[]).includes(bandwidth)) return;
    const kind = args.type === INTERCONNECT_TYPE ? "Interconnect" : "ActivationKey";
    reportViolation(
      `${kind} "${args.name}" asks for bandwidthGbps ${JSON.stringify(bandwidth)}; allowed tiers: ${allowed.join(", ")} Gbps.`,
    );
  },
};

export interface BandwidthStepConfig {
  /** The largest bandwidth step, in tiers, an Interconnect may allow itself; default 2 (the provider's default). */
  maxBandwidthStepTiers?: number;
}

export const bandwidthStepGuard: ResourceValidationPolicy = {
  name: "interconnect-bandwidth-step-guard",
  description:
    "No ActivationKey or Interconnect (whichever owns the bandwidth) may loosen the provider's bandwidth step guard: " +
    "allowLargeBandwidthStep is not set and maxBandwidthStepTiers is at most the policy's maxBandwidthStepTiers " +
    "(default 2).",
  enforcementLevel: "mandatory",
  configSchema: { properties: { maxBandwidthStepTiers: { type: "integer", minimum: 1 } } },
  validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    if (args.type !== INTERCONNECT_TYPE && args.type !== ACTIVATION_KEY_TYPE) return;
    const kind = args.type === INTERCONNECT_TYPE ? "Interconnect" : "ActivationKey";
    const limit = args.getConfig<BandwidthStepConfig>().maxBandwidthStepTiers ?? DEFAULT_MAX_STEP_TIERS;
    if (args.props.allowLargeBandwidthStep === true) {
      reportViolation(
        `${kind} "${args.name}" sets allowLargeBandwidthStep: true, which lets one change raise bandwidth by any ` +
          `number of tiers. Remove it and step through the tiers (at most ${limit} per change).`,
      );
    }
    const step: unknown = args.props.maxBandwidthStepTiers ?? DEFAULT_MAX_STEP_TIERS;
    if (typeof step === "number" && step > limit) {
      reportViolation(
        `${kind} "${args.name}" sets maxBandwidthStepTiers: ${step}; the most this policy allows is ${limit}.`,
      );
    }
  },
};

// ---------------------------------------------------------------------------------------------------------------------
// Stack policy: every Interconnect is protected by a conduit-diverse RedundantLinkGroup

type Answer = "yes" | "no" | "unknown";

/** Is `interconnect` a member of `group`: by property dependency (URN) or by its connection id in `interconnects`? */
function isMember(group: PolicyResource, interconnect: PolicyResource): Answer {
  const dependencies = group.propertyDependencies?.interconnects ?? [];
  if (dependencies.some((d) => d.urn === interconnect.urn)) return "yes";
  const id = read((): unknown => interconnect.props.connectionId);
  const members = readList(() => group.props.interconnects);
  if (id.known && typeof id.value === "string" && members.values.includes(id.value)) return "yes";
  return members.someUnknown || !id.known ? "unknown" : "no";
}

function requiresConduit(group: PolicyResource): Answer {
  const distinct = readList((): unknown => (group.props as { policy?: { distinct?: unknown } }).policy?.distinct);
  if (distinct.values.includes("conduit")) return "yes";
  return distinct.someUnknown ? "unknown" : "no";
}

export const conduitDiverseGroup: StackValidationPolicy = {
  name: "interconnect-in-conduit-diverse-group",
  description:
    'Every Interconnect is a member of a RedundantLinkGroup whose policy.distinct includes "conduit", so no ' +
    "single fiber cut takes down all of its redundancy.",
  enforcementLevel: "mandatory",
  validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const groups = args.resources.filter((r) => r.type === REDUNDANT_LINK_GROUP_TYPE);
    for (const interconnect of args.resources.filter((r) => r.type === INTERCONNECT_TYPE)) {
      const verdicts = groups.map((group) => ({
        group,
        member: isMember(group, interconnect),
        conduit: requiresConduit(group),
      }));
      if (verdicts.some((v) => v.member === "yes" && v.conduit === "yes")) continue;
      // Undecidable at preview (ids or policy computed from unknown outputs): decided when the values are known.
      if (verdicts.some((v) => v.member !== "no" && v.conduit !== "no")) continue;
      const without = verdicts.filter((v) => v.member === "yes").map((v) => `"${v.group.name}"`);
      const detail = without.length
        ? `its group${without.length > 1 ? "s" : ""} ${without.join(", ")} do${without.length > 1 ? "" : "es"} not require conduit diversity`
        : 'no RedundantLinkGroup that requires "conduit" lists it';
      reportViolation(
        `Interconnect "${interconnect.name}" is not protected against a shared fiber conduit: ${detail}. Add its ` +
          `connectionId to a RedundantLinkGroup whose policy.distinct includes "conduit".`,
        interconnect.urn,
      );
    }
  },
};

export const policies = [macsecRequired, allowedTiers, bandwidthStepGuard, conduitDiverseGroup];
