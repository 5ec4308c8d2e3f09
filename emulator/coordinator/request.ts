// How the spec (Connection Coordinator) handlers receive a request: the body read by the operation's request schema
// (schema/spec.ts SPEC_OPERATIONS), leniently: a field of the wrong type reads as absent, and the handler answers with
// the spec's own message for that field where it checks it, after the path lookups (a 404 for the path comes before a
// 400 for the body). Only CreateIssue asks for the body as its schema requires it (SpecCall.request).
import type { z } from "zod";
import type { SpecOperation, SpecOperationId, SpecRequest } from "../../schema/spec";
import type { PageQuery } from "../http/paging";

/** A request as read leniently: every field may be absent, and so may an array item of the wrong type. */
export type Lenient<T> = T extends readonly (infer E)[]
  ? (Lenient<E> | undefined)[]
  : T extends object
    ? { [K in keyof T]?: Lenient<T[K]> }
    : T;

export interface SpecCall<Id extends SpecOperationId = SpecOperationId> {
  params: Record<string, string>;
  query: Record<string, string | undefined> & PageQuery;
  /** The body as read by the operation's request schema (readLeniently); undefined for operations without a body. */
  body: Lenient<SpecRequest<Id>>;
  /** The body as the request schema requires it; throws the schema's issues (answered 400) when it does not conform. */
  request: () => SpecRequest<Id>;
  /**
   * The caller's Idempotency-Key header, if it sent one (an extension: the spec's requests carry no request id). A
   * caller repeating a request whose answer it lost sends the same key again.
   */
  idempotencyKey?: string;
}
/** Returns the response body, or a promise of it. */
export type SpecHandler<Id extends SpecOperationId> = (call: SpecCall<Id>) => unknown;
/** One handler per spec operation. */
export type SpecHandlers = { [Id in SpecOperationId]: SpecHandler<Id> };

const isRecord = (value: unknown): value is Record<PropertyKey, unknown> => typeof value === "object" && value !== null;

/** Issues that mean "not a value of the field's type": the field reads as absent. Other checks (a time's format, a
 * number's range) are the handler's, with the spec's message. */
const WRONG_TYPE = new Set(["invalid_type", "invalid_value", "invalid_union"]);

/**
 * The body as sent (fields in their order, unknown ones kept: UpdateConnection's default update mask is the fields the
 * body names), except that a field or array item of the wrong type is undefined. A body that is not a JSON object
 * reads as its own properties: none, or the indices of a string or an array.
 */
export function readLeniently<S extends z.ZodType>(schema: S, body: unknown): Lenient<z.output<S>> {
  const own: object = isRecord(body) && !Array.isArray(body) ? body : { ...(Object(body) as object) };
  const fields = structuredClone(own) as Record<PropertyKey, unknown>;
  for (const issue of schema.safeParse(fields).error?.issues ?? []) {
    if (!WRONG_TYPE.has(issue.code) || issue.path.length === 0) continue;
    const key = issue.path[issue.path.length - 1];
    const parent = issue.path
      .slice(0, -1)
      .reduce<unknown>((node, step) => (isRecord(node) ? node[step] : undefined), fields);
    if (isRecord(parent) && key in parent) parent[key] = undefined;
  }
  return fields as Lenient<z.output<S>>;
}

/**
 * Calls the operation's handler with the request read by the operation's own schema. The casts pair them: handlers
 * are keyed by operationId, and what `op.request` reads is the body that handler's type names.
 */
export function callSpecHandler(
  handlers: SpecHandlers,
  op: SpecOperation,
  req: {
    params: Record<string, string>;
    query: Record<string, string | undefined>;
    body: unknown;
    idempotencyKey?: string;
  },
): unknown {
  const handler = handlers[op.operationId] as SpecHandler<SpecOperationId>;
  const schema: z.ZodType | undefined = "request" in op ? op.request : undefined;
  const call = {
    params: req.params,
    query: req.query,
    body: schema ? readLeniently(schema, req.body) : undefined,
    request: () => schema?.parse(req.body ?? {}),
    idempotencyKey: req.idempotencyKey,
  };
  return handler(call as SpecCall);
}
