// Offset pagination with opaque tokens, shared by every list endpoint.
import { invalidArgument } from "./errors";

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export interface PageQuery {
  pageSize?: string | number;
  pageToken?: string;
}

export function paginate<T>(items: T[], query: PageQuery): { items: T[]; nextPageToken?: string } {
  const requested = query.pageSize === undefined || query.pageSize === "" ? DEFAULT_PAGE_SIZE : Number(query.pageSize);
  if (!Number.isInteger(requested) || requested < 0) throw invalidArgument(`pageSize must be a non-negative integer`);
  const size = Math.min(requested === 0 ? DEFAULT_PAGE_SIZE : requested, MAX_PAGE_SIZE);
  const offset = query.pageToken ? decodeToken(query.pageToken) : 0;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return next < items.length ? { items: page, nextPageToken: encodeToken(next) } : { items: page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset?: unknown };
    if (typeof offset === "number" && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument("pageToken is not a token this server issued");
}
