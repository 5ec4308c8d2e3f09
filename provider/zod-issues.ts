// How a zod issue reads in a message: the field, what was given (secrets never echoed) and the rule. Shared by the
// resources' checks (common/validation.ts) and the API clients' response validation, so it sits below both.
import type { z } from "zod";

/** The value at `path` inside `root` (undefined where the path leads nowhere). */
export const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], root);

/** Members never echoed in a message, wherever they sit (an activation key inside a response, say). */
const ALWAYS_REDACTED = ["activationKey"];

/** NaN and ±Infinity by name (JSON would print null), nested ones too; secrets never. */
const show = (value: unknown): string =>
  typeof value === "number" && !Number.isFinite(value)
    ? String(value)
    : JSON.stringify(value, (key, v: unknown) =>
        ALWAYS_REDACTED.includes(key) ? "(redacted)" : typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
      );

/** zod's generic "Invalid input: expected string, received null" says what was given twice: keep only the rule. */
const ruleOf = (message: string): string => {
  const generic = /^Invalid input: expected (\w+), received \w+$/.exec(message);
  return generic ? `must be ${/^[aeiou]/.test(generic[1]) ? "an" : "a"} ${generic[1]}` : message;
};

/** One issue as a check failure: the property it concerns and the reason (what was given, and the rule). */
export const describeIssue = (issue: z.core.$ZodIssue, root: unknown, redacted: readonly string[] = []) => {
  const property = issue.path.map(String).join(".") || "(inputs)";
  const value = valueAt(root, issue.path);
  const secret = issue.path.some((key) => redacted.includes(String(key)) || ALWAYS_REDACTED.includes(String(key)));
  // null and a missing value are not secret: saying "got a value" for them would be wrong.
  const given =
    value === undefined ? "missing" : value === null ? "got null" : secret ? "got a value" : `got ${show(value)}`;
  return { property, reason: `${property}: ${given}; ${ruleOf(issue.message)}` };
};

/** Every issue as one message: the field, what was given and the rule. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string {
  return issues.map((issue) => describeIssue(issue, root).reason).join("; ");
}
