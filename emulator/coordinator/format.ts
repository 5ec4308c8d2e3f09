// How both sides of the spec write what they answer: provider ids, times, generated ids and pages of a list.
import { randomBytes } from "node:crypto";
import { ROLES, type RoleName } from "../identities";
import { paginate, type PageQuery } from "../http/paging";

export const providerIdOf = (role: RoleName) => ROLES[role].providerId;

export const iso = (ms: number) => new Date(ms).toISOString();
export const randomId = (prefix: string, bytes = 6) => `${prefix}-${randomBytes(bytes).toString("hex")}`;

/** One page of a list in the spec's shape: { [key]: items, nextPageToken? }. */
export function page<T>(key: string, items: T[], query: PageQuery): Record<string, unknown> {
  const { items: slice, nextPageToken } = paginate(items, query);
  return { [key]: slice, ...(nextPageToken ? { nextPageToken } : {}) };
}
