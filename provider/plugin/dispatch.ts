// Which implementation serves a request: the type token `interconnect:index:<Type>` in its URN names the resource,
// and ../registry.ts `load` gives the same provider the dynamic face uses. Also the internal inputs the resource
// classes of the TypeScript face set: here the URN comes from the request, and neither ever leaves the plugin.
import type * as pulumi from "@pulumi/pulumi";
import { INTERNAL_INPUTS } from "../common/schema-docs";
import { load } from "../registry";
import { RESOURCE_TYPES, type ResourceTypeName } from "../stub";

export const TOKEN_PREFIX = "interconnect:index:";

/** The type token of `type`, e.g. "interconnect:index:ActivationKey". */
export const typeToken = (type: ResourceTypeName): string => `${TOKEN_PREFIX}${type}`;

/** The resource type a URN names: `urn:pulumi:<stack>::<project>::<parent$…$type>::<name>`. */
export function typeOfUrn(urn: string): ResourceTypeName {
  const parts = urn.split("::");
  const token = parts.length >= 4 ? (parts[2].split("$").pop() ?? "") : "";
  const type = token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : "";
  if (!(RESOURCE_TYPES as readonly string[]).includes(type))
    throw new Error(
      `the interconnect provider has no resource type "${token}" (known: ${RESOURCE_TYPES.map(typeToken).join(", ")})`,
    );
  return type as ResourceTypeName;
}

export function implementationOf(urn: string): { type: ResourceTypeName; provider: pulumi.dynamic.ResourceProvider } {
  const type = typeOfUrn(urn);
  return { type, provider: load(type) };
}

type Bag = Record<string, unknown>;

/** `bag` without the internal inputs, whoever set them. */
export function withoutInternal(bag: Bag): Bag {
  return Object.fromEntries(
    Object.entries(bag).filter(([key]) => !(INTERNAL_INPUTS as readonly string[]).includes(key)),
  );
}

/** `bag` as the implementation expects it: the request's URN as `resourceUrn`, nothing else internal. */
export const withUrn = (urn: string, bag: Bag): Bag => ({ ...withoutInternal(bag), resourceUrn: urn });
