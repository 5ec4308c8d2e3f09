// The diff a resource derives from its schema's change rules (ChangeRules in ./schema-docs.ts): which arguments
// changed, and which of those replace the resource. Pure: no API call, so previews cost nothing.
import type * as pulumi from "@pulumi/pulumi";
import { isDeepStrictEqual } from "node:util";
import { decodeActivationKey } from "../../schema/aws";
import type { ChangeRules } from "./schema-docs";
import { isUnknown } from "./validation";

/** An empty map and a missing one mean the same (no tags, no timeouts); key order never matters. */
const meaningful = (value: unknown) =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
    ? undefined
    : value;

export const sameValue = (a: unknown, b: unknown) => isDeepStrictEqual(meaningful(a), meaningful(b));

/**
 * Two activation keys name the same object when they name the same shared connection (a key re-issued after a resize
 * still does). A key not known until apply (preview) is taken as the same: the real run decides.
 */
export function sameSharedConnection(before: unknown, after: unknown): boolean {
  if (before === after || isUnknown(after)) return true;
  const [a, b] = [decodeActivationKey(String(before)), decodeActivationKey(String(after))];
  return a !== undefined && a.sharedConnectionUuid === b?.sharedConnectionUuid;
}

type Comparisons<Argument extends string> = Partial<Record<Argument, (before: unknown, after: unknown) => boolean>>;

/** Where an argument's own rules of sameness differ from plain equality. */
export interface DiffOptions<Argument extends string> {
  /** The values are the same (nothing changed): a list whose order means nothing, say. */
  sameValue?: Comparisons<Argument>;
  /** The value changed but still names the same object, so it changes in place: a re-issued key, say. */
  sameObject?: Comparisons<Argument>;
}

/**
 * Every argument in the rules whose value changed is a change; those under `replace` replace the resource unless
 * `sameObject` says the new value still names the same object.
 */
export function diffByRules<Argument extends string>(
  rules: ChangeRules<Argument>,
  olds: Partial<Record<Argument, unknown>>,
  news: Partial<Record<Argument, unknown>>,
  { sameValue: same = {}, sameObject = {} }: DiffOptions<Argument> = {},
): pulumi.dynamic.DiffResult {
  const changed = [...rules.replace, ...rules.update, ...rules.providerOnly].filter(
    (field) => !(same[field] ?? sameValue)(olds[field], news[field]),
  );
  const replaces = rules.replace.filter(
    (field) => changed.includes(field) && !(sameObject[field]?.(olds[field], news[field]) ?? false),
  );
  const deleteFirst = rules.deleteBeforeReplace ? { deleteBeforeReplace: replaces.length > 0 } : {};
  return { changes: changed.length > 0, replaces, ...deleteFirst };
}
