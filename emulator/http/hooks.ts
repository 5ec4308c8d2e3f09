// The HTTP plumbing every API of the emulator shares: request bodies, the error shape, fault injection, durability
// (a change is committed before it is answered), lost answers, stats, and the peer-response observer. Routes tag
// themselves with a RouteTag (their fastify route config) to be counted and faulted.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ZodError } from "zod";
import type { RoleName } from "../identities";
import { parseJsonSafely, StoreWriteError, type Store } from "../state/store";
import { ApiError, InjectedFault, invalidArgument, permissionDenied, unavailable } from "./errors";
import type { Faults, FaultScope } from "./faults";
import type { Stats } from "./stats";

export interface RouteTag {
  role: RoleName;
  api: FaultScope;
  operation: string;
  /** The operation, when the request names it (AWS: X-Amz-Target or the rpcv2Cbor path) rather than the route. */
  operationOf?: (req: FastifyRequest) => string;
  /** The route reads the raw request bytes and commits its changes in its own responder (the AWS front end). */
  raw?: boolean;
}

export interface PeerResponseRecord {
  role: RoleName;
  operationId: string;
  method: string;
  url: string;
  status: number;
  body: unknown;
}

export interface HookDeps {
  store: Store;
  faults: Faults;
  stats: Stats;
  /** The store's epoch when each request arrived (see Store.commit). */
  epochs: WeakMap<FastifyRequest, number>;
  onPeerResponse?: (response: PeerResponseRecord) => void;
}

/** Longest id accepted in a path or as an id query parameter (fastify's maxParamLength). */
export const MAX_ID_LENGTH = 100;
const STATUS_CODES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "CONFLICT",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "BAD_GATEWAY",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};
const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The admin API answers only requests addressed to a loopback name (no DNS rebinding from a web page). */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const configOf = (req: FastifyRequest) => req.routeOptions.config as Partial<RouteTag>;
const isAdminRoute = (req: FastifyRequest) => (req.routeOptions.url ?? req.url).startsWith("/_admin");
const isJsonType = (type: string | undefined) => (type ?? "").split(";")[0].trim().toLowerCase() === "application/json";

/** The route's stats/fault tag, with the operation the request names when the route serves several. */
function routeTag(req: FastifyRequest): Partial<RouteTag> {
  const tag = configOf(req);
  return tag.operationOf ? { ...tag, operation: tag.operationOf(req) } : tag;
}

/** Request bodies: an empty body is {}, anything else JSON (admin: application/json only); raw routes keep bytes. */
export function installBodyParser(app: FastifyInstance): void {
  // Spec and admin POSTs often carry no body (and clients then send no or a form content type).
  app.removeAllContentTypeParsers();
  // The raw bytes are kept on the request: SigV4 signs them, and the AWS front end decodes JSON or CBOR itself.
  app.addContentTypeParser("*", { parseAs: "buffer" }, (req, body, done) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const raw = bytes.toString("utf8");
    req.rawBody = raw;
    req.rawBytes = bytes;
    if (configOf(req).raw) return done(null, raw);
    if (raw.trim() === "") return done(null, {});
    if (isAdminRoute(req) && !isJsonType(req.headers["content-type"])) {
      const message = "admin request bodies must be application/json";
      return done(new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", message), undefined);
    }
    try {
      done(null, parseJsonSafely(raw));
    } catch {
      done(invalidArgument("request body is not valid JSON (or uses the key __proto__)"), undefined);
    }
  });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).headers(err.headers).send(err.toBody());
    if (err instanceof ZodError) {
      const message = err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return reply.code(400).send(new ApiError(400, "INVALID_ARGUMENT", message).toBody());
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply
        .code(status)
        .send(new ApiError(status, STATUS_CODES[status] ?? "INVALID_ARGUMENT", (err as Error).message).toBody());
    }
    req.log.error(err);
    return reply.code(500).send(new ApiError(500, "INTERNAL", "internal emulator error").toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new ApiError(404, "NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`).toBody());
  });
}

/** Router errors (an id over maxParamLength, a malformed URL) in the APIs' error shape instead of fastify's. */
export function frameworkError(err: { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === "FST_ERR_MAX_PARAM_LENGTH";
  const message = tooLong ? `id too long (max ${MAX_ID_LENGTH})` : "the request URL is not valid";
  reply.code(400).send(invalidArgument(message).toBody());
}

/**
 * Commits a request's changes before it is answered; the write error when that failed (the state was rolled back).
 * `mayChange`: the request may have changed state, so the state is written (false: a read, which writes only what
 * others left pending).
 */
export function commitRequest(
  deps: Pick<HookDeps, "store" | "epochs">,
  req: FastifyRequest,
  mayChange: boolean,
): StoreWriteError | undefined {
  if (mayChange) deps.store.markChanged();
  try {
    deps.store.commit(deps.epochs.get(req) ?? deps.store.epoch);
    return undefined;
  } catch (err) {
    if (!(err instanceof StoreWriteError)) throw err;
    req.log.error(err.message);
    return err;
  }
}

/** Injected faults (latency, resets, 429 and 5xx) on the scopes they are switched on for; admin routes are loopback only. */
function installFaultHook(app: FastifyInstance, { store, faults, stats, epochs }: HookDeps): void {
  app.addHook("onRequest", async (req, reply) => {
    epochs.set(req, store.epoch);
    if (isAdminRoute(req) && !LOOPBACK_HOST.test(req.headers.host ?? "")) {
      throw permissionDenied("the admin API answers only requests to a loopback host (127.0.0.1, localhost or [::1])");
    }
    const tag = routeTag(req);
    if (!tag.api || !tag.role || !faults.applies(tag.api)) return;
    if (faults.config.latencyMs > 0) await sleep(faults.config.latencyMs);
    const fault = faults.pickRequestFault(tag.role, tag.api);
    if (!fault) return;
    if (fault.kind === "reset") {
      stats.record(tag.role, tag.api, tag.operation!, "reset");
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (fault.kind === "rateLimited") {
      throw new InjectedFault(
        429,
        "RESOURCE_EXHAUSTED",
        "rate limit exceeded (injected fault); retry after the Retry-After delay",
        { "retry-after": String(fault.retryAfterSeconds) },
      );
    }
    throw new InjectedFault(
      fault.status,
      STATUS_CODES[fault.status] ?? "INJECTED",
      `injected fault: HTTP ${fault.status}`,
    );
  });
}

/** Hands every spec (peer API) response to the observer, e.g. for conformance checks. */
function installPeerObserver(app: FastifyInstance, observe: (response: PeerResponseRecord) => void): void {
  app.addHook("onSend", async (req, reply, payload) => {
    const tag = configOf(req);
    if (tag.api === "peer" && tag.role && tag.operation && typeof payload === "string") {
      let body: unknown = payload;
      try {
        body = JSON.parse(payload);
      } catch {
        // recorded as text: the conformance check reports it
      }
      observe({
        role: tag.role,
        operationId: tag.operation,
        method: req.method,
        url: req.url,
        status: reply.statusCode,
        body,
      });
    }
    return payload;
  });
}

/**
 * Lost answers (FaultConfig.lostAnswers): the request was handled and committed; its answer never leaves. Only
 * successful answers are lost: an error changed nothing, so losing it would test nothing the fault is for.
 */
function installLostAnswerHook(app: FastifyInstance, { faults, stats }: Pick<HookDeps, "faults" | "stats">): void {
  app.addHook("onSend", async (req, reply, payload) => {
    const tag = routeTag(req);
    if (reply.statusCode >= 400 || !tag.role || !tag.api || !tag.operation) return payload;
    if (!faults.losesAnswer(tag.role, tag.api, tag.operation)) return payload;
    stats.record(tag.role, tag.api, tag.operation, "lost");
    req.raw.socket.destroy();
    return payload;
  });
}

/** Every hook, in the order they must run: faults, commit, observer, lost answers (after the commit), stats. */
export function installHooks(app: FastifyInstance, deps: HookDeps): void {
  installFaultHook(app, deps);
  // Durability: a change is acknowledged only once it is on disk (raw routes commit in their own responder).
  app.addHook("onSend", async (req, reply, payload) => {
    if (!MUTATING_METHODS.has(req.method) || configOf(req).raw) return payload;
    const failure = commitRequest(deps, req, true);
    if (!failure) return payload;
    reply.code(503).type("application/json; charset=utf-8");
    return JSON.stringify(unavailable(failure.message).toBody());
  });
  if (deps.onPeerResponse) installPeerObserver(app, deps.onPeerResponse);
  installLostAnswerHook(app, deps); // after the commit hook: the change is written, the answer lost
  app.addHook("onResponse", async (req, reply) => {
    const tag = routeTag(req);
    if (tag.role && tag.api && tag.operation) deps.stats.record(tag.role, tag.api, tag.operation, reply.statusCode);
  });
}
