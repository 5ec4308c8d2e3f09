// Offset pagination with opaque tokens, shared by every list endpoint. A token is sealed (HMAC) to the list it came
// from: the operation and its filters (`scope`), so a forged, altered or foreign token is refused, not served.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { invalidArgument } from "./errors";

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export interface PageQuery {
  pageSize?: string | number;
  pageToken?: string;
}

/** What a token is bound to: the list (operation and filters) and the secret that seals it. */
export interface PageScope {
  scope: string;
  secret: string;
}

/** Lists that bind no scope of their own (the spec's and the partner's) seal with a secret of this process. */
const PROCESS_SCOPE: PageScope = { scope: "", secret: randomBytes(32).toString("hex") };

export function paginate<T>(
  items: T[],
  query: PageQuery,
  scope: PageScope = PROCESS_SCOPE,
): { items: T[]; nextPageToken?: string } {
  const requested = query.pageSize === undefined || query.pageSize === "" ? DEFAULT_PAGE_SIZE : Number(query.pageSize);
  if (!Number.isInteger(requested) || requested < 0) throw invalidArgument(`pageSize must be a non-negative integer`);
  const size = Math.min(requested === 0 ? DEFAULT_PAGE_SIZE : requested, MAX_PAGE_SIZE);
  const offset = query.pageToken ? openToken(query.pageToken, scope) : 0;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: page, nextPageToken: sealToken(next, scope) } : { items: page };
}

const seal = (body: string, { scope, secret }: PageScope) =>
  createHmac("sha256", secret).update(`${scope}\n${body}`).digest("base64url");

function sealToken(offset: number, scope: PageScope): string {
  const body = Buffer.from(JSON.stringify({ offset })).toString("base64url");
  return `${body}.${seal(body, scope)}`;
}

function openToken(token: string, scope: PageScope): number {
  const [body, mac, ...rest] = token.split(".");
  const expected = Buffer.from(seal(body ?? "", scope));
  const given = Buffer.from(mac ?? "");
  if (rest.length === 0 && body && given.length === expected.length && timingSafeEqual(given, expected)) {
    const { offset } = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  }
  throw invalidArgument("the page token was not issued by this server for this list (same operation and filters)");
}
