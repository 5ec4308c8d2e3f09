// The spec's protocol front for both roles: one route per operation of SPEC_OPERATIONS under /<role>, which checks the
// caller (the peer's token, its own provider prefix), the ids and the Idempotency-Key, reads the request by the
// operation's schema, calls the service's handler and checks the answer against the operation's response schema.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { SPEC_OPERATIONS } from "../../schema/spec";
import { bearer, isKnownToken, PEER_TOKENS } from "../http/auth";
import { checkResponse, invalidArgument, permissionDenied, unauthenticated } from "../http/errors";
import { MAX_ID_LENGTH, type RouteTag } from "../http/hooks";
import { IDEMPOTENCY_KEY_HEADER } from "./peer-client";
import { callSpecHandler } from "./request";
import type { CoordinatorService } from "./service";

/** Query parameters that become part of a resource name. */
const ID_QUERY_PARAMS = ["connectionId", "featureId", "macSecKeyId", "issueId"];

export const toRouterPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

function authorizePeer(req: FastifyRequest, service: CoordinatorService): void {
  const token = bearer(req);
  if (token !== PEER_TOKENS[service.records.name]) {
    if (isKnownToken(token))
      throw permissionDenied(
        `only providers/${service.records.peerId} may call the ${service.records.name} spec endpoints`,
      );
    throw unauthenticated("invalid bearer token");
  }
  const provider = (req.params as Record<string, string>).provider;
  if (
    provider !== undefined &&
    provider !== service.records.peerId &&
    !(provider === service.records.id && req.method === "GET" && req.url.endsWith(`/providers/${service.records.id}`))
  ) {
    throw permissionDenied(`you are providers/${service.records.peerId}; use /providers/${service.records.peerId}/...`);
  }
}

/** Ids from the query end up in resource names: bounded, and free of separators. */
function checkQueryIds(query: Record<string, unknown>): void {
  for (const name of ID_QUERY_PARAMS) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== "string") throw invalidArgument(`${name} must be given once`);
    if (value.length > MAX_ID_LENGTH) throw invalidArgument(`id too long (max ${MAX_ID_LENGTH})`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._~:-]*$/.test(value)) {
      throw invalidArgument(`${name} may hold letters, digits and . _ ~ : - only`);
    }
  }
}

/** The Idempotency-Key header of a spec request (SpecCall.idempotencyKey): once, 1-128 visible ASCII characters. */
function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const value = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[\x21-\x7e]{1,128}$/.test(value))
    throw invalidArgument(`${IDEMPOTENCY_KEY_HEADER} must be given once, as 1 to 128 visible ASCII characters`);
  return value;
}

export function registerSpecRoutes(app: FastifyInstance, service: CoordinatorService): void {
  const handlers = service.specHandlers();
  for (const op of SPEC_OPERATIONS) {
    const config: RouteTag = { role: service.records.name, api: "peer", operation: op.operationId };
    app.route({
      method: op.method,
      url: `/${service.records.name}${toRouterPath(op.path)}`,
      config,
      handler: async (req: FastifyRequest) => {
        authorizePeer(req, service);
        checkQueryIds(req.query as Record<string, unknown>);
        const body = await callSpecHandler(handlers, op, {
          params: req.params as Record<string, string>,
          query: req.query as Record<string, string>,
          body: req.body,
          idempotencyKey: idempotencyKeyOf(req),
        });
        checkResponse(op, body);
        return body;
      },
    });
  }
}
