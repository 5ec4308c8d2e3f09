// The one table of physical diversity dimensions: every per-dimension rule, explanation and plan reads from it.
import { DiversityDimensionSchema, type DiversityDimension, type Link } from "../../schema/customer";

export type Dimension = DiversityDimension;

/** All dimensions in their canonical order; outputs follow this order, whatever order the policy lists them in. */
export const DIMENSIONS: readonly Dimension[] = DiversityDimensionSchema.options;

/**
 * What `distinct` may name: the path dimensions, and "structure" (no two links through one manhole, handhole, vault
 * or bridge). A link passes through many structures, so "structure" is judged on its list, not one path value.
 */
export const POLICY_DIMENSIONS = [...DiversityDimensionSchema.options, "structure"] as const;
export type PolicyDimension = (typeof POLICY_DIMENSIONS)[number];

interface DimensionWords {
  /** What the shared thing is called in explanations, e.g. "building entrance". */
  noun: string;
  plural: string;
  /** Another dimension whose value locates the shared thing for a reader, e.g. a conduit "entering through E-1". */
  context?: { dimension: Dimension; phrase: string };
}

export const DIMENSION_WORDS: Record<Dimension, DimensionWords> = {
  device: { noun: "device", plural: "devices", context: { dimension: "facility", phrase: "in facility" } },
  entrance: { noun: "building entrance", plural: "building entrances" },
  facility: { noun: "facility", plural: "facilities" },
  conduit: { noun: "conduit", plural: "conduits", context: { dimension: "entrance", phrase: "entering through" } },
};

/** Policy dimensions in canonical order, so that output ordering never depends on how the policy lists them. */
export function inCanonicalOrder(dimensions: readonly PolicyDimension[]): Dimension[] {
  return DIMENSIONS.filter((dimension) => dimensions.includes(dimension));
}

// Partners leave a path field empty (or literally "unknown") when they have not surveyed it; such a value must never
// count as "different from the others", or an unsurveyed group would look diverse.
const UNREPORTED = /^\s*(unknown)?\s*$/i;

/** The link's value in a dimension, or undefined when the partner did not report it. */
export function reportedValue(link: Link, dimension: Dimension): string | undefined {
  const value = link[dimension];
  return UNREPORTED.test(value) ? undefined : value;
}

/** Describes the shared thing, e.g. "conduit C-17". */
export function describeThing(dimension: Dimension, value: string): string {
  return `${DIMENSION_WORDS[dimension].noun} ${value}`;
}

/** Builds a record with one entry per dimension. */
export function perDimension<T>(valueFor: (dimension: Dimension) => T): Record<Dimension, T> {
  return Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, valueFor(dimension)])) as Record<Dimension, T>;
}
