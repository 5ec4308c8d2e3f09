// The diff a resource derives from its schema's change rules (ChangeRules in ./schema-docs.ts): which arguments
// changed, and which of those replace the resource. Pure: no API call, so previews cost nothing.
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import type { ChangeRules } from "./schema-docs";

/** An empty map and a missing one mean the same (no tags, no timeouts); key order never matters. */
const meaningful = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
    ? undefined
    : value;

export const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(meaningful(a), meaningful(b));

/**
 * Every argument in the rules whose value changed is a change; those under `replace` replace the resource unless
 * `sameObject` says the new value still names the same object (a re-issued key of the same connection, say).
 */
export function diffByRules<Argument extends string>(
  rules: ChangeRules<Argument>,
  olds: Partial<Record<Argument, unknown>>,
  news: Partial<Record<Argument, unknown>>,
  sameObject: Partial<Record<Argument, (before: unknown, after: unknown) => boolean>> = {},
): pulumi.dynamic.DiffResult {
  const changed = [...rules.replace, ...rules.update, ...rules.providerOnly].filter(
    (field) => !sameValue(olds[field], news[field]),
  );
  const replaces = rules.replace.filter(
    (field) => changed.includes(field) && !(sameObject[field]?.(olds[field], news[field]) ?? false),
  );
  return { changes: changed.length > 0, replaces };
}
