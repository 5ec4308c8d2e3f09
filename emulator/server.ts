// Wires the emulator: one fastify server hosting the cloud role under /cloud and the partner role under /partner
// (each with its customer API and the spec endpoints for its peer), the admin API and GET /openapi.json.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { buildOpenApiDocument, CUSTOMER_OPERATIONS, SPEC_OPERATIONS, type OperationSpec } from "../schema/spec";
import { registerAdminRoutes, Stats } from "./admin/routes";
import { AWS_SIGNING_NAME } from "../schema/aws";
import { ClientTokens } from "./cloud/aws/client-tokens";
import { awsOperationOf, registerAwsFront, type CloudExchangeRecord } from "./cloud/aws/front";
import { awsHandlers } from "./cloud/aws/handlers";
import { SigV4Verifier, type AwsCredential } from "./cloud/aws/sigv4";
import { CloudBackend } from "./cloud/backend";
import {
  CLOUD_CUSTOMER_ACCOUNT,
  DEFAULT_AWS_REGION,
  DEFAULT_PROVISIONING_DELAY_MS,
  DEFAULT_SEED,
  DEV_AWS_ACCESS_KEY_ID,
  DEV_AWS_SECRET_ACCESS_KEY,
  PARTNER_CUSTOMER_TOKENS,
  ROLES,
  type RoleName,
} from "./defaults";
import {
  ApiError,
  InjectedFault,
  invalidArgument,
  permissionDenied,
  unauthenticated,
  unavailable,
} from "./http/errors";
import { Faults, type FaultScope } from "./http/faults";
import { buildCatalog, Inventory } from "./world/inventory";
import { PartnerBackend, type CustomerHandler } from "./partner/backend";
import { IDEMPOTENCY_KEY_HEADER, PeerClient } from "./coordinator/peer-client";
import { callSpecHandler, type SpecHandlers } from "./coordinator/request";
import type { CoordinatorSide } from "./coordinator/side";
import { parseJsonSafely, Store, StoreWriteError } from "./state/store";

export type { CloudExchangeRecord, CloudExchangeRecord as CloudExchange } from "./cloud/aws/front";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Persist state here; in-memory when undefined. */
  dataDir?: string;
  seed?: number;
  /** How long features stay PENDING before they are FINAL. */
  provisioningDelayMs?: number;
  logger?: boolean;
  /** Request log destination (implies logger); the default is stdout. Tests capture it to scan for secrets. */
  logStream?: { write(line: string): void };
  /** Observes every spec (peer API) response, e.g. for conformance checks. */
  onPeerResponse?: (response: PeerResponseRecord) => void;
  /**
   * The AWS region the cloud's AWS Interconnect API serves (SigV4 scope, ARNs), and then the only one whose
   * environments it offers (ListEnvironments; others answer ResourceNotFound / Validation naming their region).
   * Default: DEFAULT_AWS_REGION for signing and ARNs, offering the environments of every region (us-east-1:nyc and
   * us-west-2:sjc), so one emulator serves the tests, examples and demo of both.
   */
  region?: string;
  /** Observes every AWS JSON request/response of the cloud API (conformance checks against the Smithy model). */
  onCloudExchange?: (record: CloudExchangeRecord) => void;
}

export interface PeerResponseRecord {
  role: RoleName;
  operationId: string;
  method: string;
  url: string;
  status: number;
  body: unknown;
}

export interface RunningEmulator {
  url: string;
  /** The AWS Interconnect endpoint (awsJson1_0, POST <cloudUrl>/, SigV4 with `credentials`). */
  cloudUrl: string;
  partnerUrl: string;
  region: string;
  /** AWS credentials the cloud API accepts (account CLOUD_CUSTOMER_ACCOUNT). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
  /** Test hook: every secret value the emulator holds (activation keys, MACsec CAKs and CKNs, BGP MD5 keys). */
  secrets(): string[];
}

interface RouteTag {
  role: RoleName;
  api: FaultScope;
  operation: string;
  /** The AWS JSON route: the operation comes from X-Amz-Target. */
  aws?: boolean;
}

const PEER_TOKENS: Record<RoleName, string> = { cloud: ROLES.partner.peerToken, partner: ROLES.cloud.peerToken }; // token each role accepts
const PARTNER_TOKENS: ReadonlyMap<string, string> = new Map(Object.entries(PARTNER_CUSTOMER_TOKENS));
const DEV_CREDENTIALS: ReadonlyMap<string, AwsCredential> = new Map([
  [DEV_AWS_ACCESS_KEY_ID, { secretAccessKey: DEV_AWS_SECRET_ACCESS_KEY, account: CLOUD_CUSTOMER_ACCOUNT }],
]);
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

/** Longest id accepted in a path or as an id query parameter (fastify's maxParamLength). */
const MAX_ID_LENGTH = 100;
/** Query parameters that become part of a resource name. */
const ID_QUERY_PARAMS = ["connectionId", "featureId", "macSecKeyId", "issueId"];
const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The admin API answers only requests addressed to a loopback name (no DNS rebinding from a web page). */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toRouterPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated("missing bearer token (Authorization: Bearer <token>)");
  return match[1];
}

/** The partner customer API's caller (the cloud's customer API is the AWS one, SigV4-signed). */
function partnerCustomerAccount(req: FastifyRequest): string {
  const token = bearer(req);
  const account = PARTNER_TOKENS.get(token);
  if (account) return account;
  if (Object.values(PEER_TOKENS).includes(token))
    throw permissionDenied("this token is not valid for the partner customer API");
  throw unauthenticated("invalid bearer token");
}

/** The route's stats/fault tag; the AWS routes name their operation `cloud.<Operation>` (either protocol). */
function routeTag(req: FastifyRequest): Partial<RouteTag> {
  const tag = req.routeOptions.config as Partial<RouteTag>;
  if (!tag.aws) return tag;
  return { ...tag, operation: `cloud.${awsOperationOf(req) ?? "UnknownOperation"}` };
}

function authorizePeer(req: FastifyRequest, role: CoordinatorSide): void {
  const token = bearer(req);
  if (token !== PEER_TOKENS[role.name]) {
    const known = PARTNER_TOKENS.has(token) || Object.values(PEER_TOKENS).includes(token);
    if (known) throw permissionDenied(`only providers/${role.peerId} may call the ${role.name} spec endpoints`);
    throw unauthenticated("invalid bearer token");
  }
  const provider = (req.params as Record<string, string>).provider;
  if (
    provider !== undefined &&
    provider !== role.peerId &&
    !(provider === role.id && req.method === "GET" && req.url.endsWith(`/providers/${role.id}`))
  ) {
    throw permissionDenied(`you are providers/${role.peerId}; use /providers/${role.peerId}/...`);
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

const isAdminRoute = (req: FastifyRequest) => (req.routeOptions.url ?? req.url).startsWith("/_admin");
const isJsonType = (type: string | undefined) => (type ?? "").split(";")[0].trim().toLowerCase() === "application/json";

/** Emulator output must match our own schemas; a mismatch is an emulator bug, reported as such. */
function checkOutput(op: OperationSpec, body: unknown): void {
  const result = op.response.safeParse(body);
  if (!result.success)
    throw new ApiError(
      500,
      "INTERNAL",
      `emulator produced an invalid ${op.operationId} response: ${result.error.message}`,
    );
}

/** Spec endpoints of both roles, the partner's customer API, the cloud's AWS API and the partner portal page. */
function registerApiRoutes(
  app: FastifyInstance,
  deps: {
    store: Store;
    cloud: CloudBackend;
    partner: PartnerBackend;
    region: string;
    onCloudExchange?: (record: CloudExchangeRecord) => void;
    commit: (req: FastifyRequest) => Error | undefined;
  },
): void {
  const { cloud, partner, region } = deps;
  for (const role of [cloud.side, partner.side]) {
    const spec: SpecHandlers = role.specHandlers();
    for (const op of SPEC_OPERATIONS) {
      const config: RouteTag = { role: role.name, api: "peer", operation: op.operationId };
      app.route({
        method: op.method,
        url: `/${role.name}${toRouterPath(op.path)}`,
        config,
        handler: async (req: FastifyRequest) => {
          authorizePeer(req, role);
          checkQueryIds(req.query as Record<string, unknown>);
          const body = await callSpecHandler(spec, op, {
            params: req.params as Record<string, string>,
            query: req.query as Record<string, string>,
            body: req.body,
            idempotencyKey: idempotencyKeyOf(req),
          });
          checkOutput(op, body);
          return body;
        },
      });
    }
  }
  const partnerCustomer: Record<string, CustomerHandler> = partner.customerHandlers();
  for (const op of CUSTOMER_OPERATIONS) {
    const config: RouteTag = { role: "partner", api: "customer", operation: `partner.${op.operationId}` };
    app.route({
      method: op.method,
      url: `/partner${toRouterPath(op.path)}`,
      config,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const account = partnerCustomerAccount(req);
        const result = await partnerCustomer[op.operationId]({
          params: req.params as Record<string, string>,
          query: req.query as Record<string, string>,
          body: req.body,
          account,
        });
        checkOutput(op, result.body);
        reply.code(result.status ?? 200);
        return result.body;
      },
    });
  }
  const awsConfig: RouteTag = { role: "cloud", api: "customer", operation: "cloud.UnknownOperation", aws: true };
  registerAwsFront(app, {
    handlers: awsHandlers(cloud, new ClientTokens(deps.store)),
    verifier: new SigV4Verifier(DEV_CREDENTIALS, region, AWS_SIGNING_NAME, () => Date.now()),
    prefix: "/cloud",
    config: awsConfig as unknown as Record<string, unknown>,
    onExchange: deps.onCloudExchange,
    commit: deps.commit,
  });
  app.get("/partner/portal/activate", async (_req, reply) => reply.type("text/html; charset=utf-8").send(PORTAL_PAGE));
}

/** Request bodies: an empty body is {}, anything else JSON (admin: application/json only); AWS keeps the raw bytes. */
function installBodyParser(app: FastifyInstance): void {
  // Spec and admin POSTs often carry no body (and clients then send no or a form content type).
  app.removeAllContentTypeParsers();
  // The raw bytes are kept on the request: SigV4 signs them, and the AWS front end decodes JSON or CBOR itself.
  app.addContentTypeParser("*", { parseAs: "buffer" }, (req, body, done) => {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const raw = bytes.toString("utf8");
    req.rawBody = raw;
    req.rawBytes = bytes;
    if ((req.routeOptions.config as Partial<RouteTag>).aws) return done(null, raw);
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

function installErrorHandlers(app: FastifyInstance): void {
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
function frameworkError(err: { code?: string }, _req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = err.code === "FST_ERR_MAX_PARAM_LENGTH";
  const message = tooLong ? `id too long (max ${MAX_ID_LENGTH})` : "the request URL is not valid";
  reply.code(400).send(invalidArgument(message).toBody());
}

interface HookDeps {
  store: Store;
  faults: Faults;
  stats: Stats;
  /** The store's epoch when each request arrived (see Store.commit). */
  epochs: WeakMap<FastifyRequest, number>;
  onPeerResponse?: (response: PeerResponseRecord) => void;
}

/** Commits a request's changes before it is answered; the write error when that failed (the state was rolled back). */
function commitRequest(deps: Pick<HookDeps, "store" | "epochs">, req: FastifyRequest): StoreWriteError | undefined {
  try {
    deps.store.commit(deps.epochs.get(req) ?? deps.store.epoch);
    return undefined;
  } catch (err) {
    if (!(err instanceof StoreWriteError)) throw err;
    req.log.error(err.message);
    return err;
  }
}

function installHooks(app: FastifyInstance, deps: HookDeps): void {
  const { store, faults, stats, epochs } = deps;
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
        {
          "retry-after": String(fault.retryAfterSeconds),
        },
      );
    }
    throw new InjectedFault(
      fault.status,
      STATUS_CODES[fault.status] ?? "INJECTED",
      `injected fault: HTTP ${fault.status}`,
    );
  });
  // Durability: a change is acknowledged only once it is on disk (the AWS front end commits in its own responder).
  app.addHook("onSend", async (req, reply, payload) => {
    if (!MUTATING_METHODS.has(req.method) || (req.routeOptions.config as Partial<RouteTag>).aws) return payload;
    const failure = commitRequest(deps, req);
    if (!failure) return payload;
    reply.code(503).type("application/json; charset=utf-8");
    return JSON.stringify(unavailable(failure.message).toBody());
  });
  if (deps.onPeerResponse) {
    const observe = deps.onPeerResponse;
    app.addHook("onSend", async (req, reply, payload) => {
      const tag = req.routeOptions.config as Partial<RouteTag>;
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
  app.addHook("onResponse", async (req, reply) => {
    const tag = routeTag(req);
    if (tag.role && tag.api && tag.operation) stats.record(tag.role, tag.api, tag.operation, reply.statusCode);
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

/** Background work: provisioning timers, notifications and the partner's reconcilers (resumes after a restart). */
interface TickerDeps {
  cloud: CloudBackend;
  partner: PartnerBackend;
  store: Store;
  tickMs: number;
  warn: (msg: string) => void;
}

function startTicker(deps: TickerDeps): () => Promise<void> {
  let running = true;
  let failing = false;
  const loop = (async () => {
    while (running) {
      await Promise.allSettled([deps.cloud.side.tick(), deps.partner.side.tick()]);
      try {
        deps.store.flush();
        if (failing) deps.warn("state written again");
        failing = false;
      } catch (err) {
        // Kept dirty: the next tick retries. Logged once per outage.
        if (!failing) deps.warn(`cannot write the state (${(err as Error).message}); retrying`);
        failing = true;
      }
      await sleep(deps.tickMs);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = Store.open(opts.dataDir, opts.seed, DEFAULT_SEED);
  try {
    return await startOn(store, opts);
  } catch (err) {
    try {
      store.close(); // releases the data dir's lock
    } catch {
      // the start error below says more than a failed final write
    }
    throw err;
  }
}

async function startOn(store: Store, opts: EmulatorOptions): Promise<RunningEmulator> {
  const inventory = new Inventory(buildCatalog(store.state.seed));
  const faults = new Faults(store.state.seed);
  const stats = new Stats();
  const provisioningDelayMs = opts.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS;
  const cloudPeer = new PeerClient("cloud", ROLES.cloud.peerToken);
  const partnerPeer = new PeerClient("partner", ROLES.partner.peerToken);
  // The cloud learns the partner side of a connection through this port only (the two roles share a process).
  const partnerSignals = { connection: (uuid: string) => partner.signalsFor(uuid) };
  const cloud = new CloudBackend({ store, inventory, peer: cloudPeer, provisioningDelayMs, partnerSignals });
  const region = opts.region ?? DEFAULT_AWS_REGION;
  // A region chosen at start-up is the only one offered; by default the environments of every region are.
  cloud.configureAws({ region, regionOnly: opts.region !== undefined });
  const partner = new PartnerBackend({ store, inventory, peer: partnerPeer, faults, provisioningDelayMs });
  cloud.settleInterruptedResizes();
  const logging = opts.logger === true || opts.logStream !== undefined;
  const app = Fastify({
    logger: logging
      ? {
          redact: ["req.headers.authorization", 'req.headers["x-amz-security-token"]'],
          ...(opts.logStream ? { stream: opts.logStream } : {}),
        }
      : false,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: MAX_ID_LENGTH },
    frameworkErrors: frameworkError,
  });
  const warn = (msg: string) => (logging ? app.log.error(msg) : console.error(`interconnect-emulator: ${msg}`));
  const epochs = new WeakMap<FastifyRequest, number>();
  installBodyParser(app);
  installErrorHandlers(app);
  installHooks(app, { store, faults, stats, epochs, onPeerResponse: opts.onPeerResponse });
  installLostAnswerHook(app, { faults, stats }); // after the commit hook: the change is written, the answer lost
  const commit = (req: FastifyRequest) => commitRequest({ store, epochs }, req);
  registerApiRoutes(app, { store, cloud, partner, region, onCloudExchange: opts.onCloudExchange, commit });
  registerAdminRoutes(app, { store, stats, faults, inventory, cloud, partner });
  let baseUrl = "";
  app.get("/openapi.json", async () => buildOpenApiDocument(baseUrl));
  app.get("/healthz", async () => ({ ok: true }));

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const host = opts.host && opts.host !== "0.0.0.0" ? opts.host : "127.0.0.1";
  baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  cloudPeer.setBaseUrl(`${baseUrl}/partner`);
  cloud.configureAws({ activationPageUrl: `${baseUrl}/partner/portal/activate` });
  partnerPeer.setBaseUrl(`${baseUrl}/cloud`);

  const tickMs = Math.max(10, Math.min(200, Math.floor(provisioningDelayMs / 5)));
  const stopTicker = startTicker({ cloud, partner, store, tickMs, warn });
  return {
    url: baseUrl,
    cloudUrl: `${baseUrl}/cloud`,
    partnerUrl: `${baseUrl}/partner`,
    region,
    credentials: { accessKeyId: DEV_AWS_ACCESS_KEY_ID, secretAccessKey: DEV_AWS_SECRET_ACCESS_KEY },
    async stop() {
      partner.stop();
      await stopTicker();
      await app.close();
      cloudPeer.close();
      partnerPeer.close();
      store.close(); // final write, then the data dir's lock is released (even when the write fails)
    },
    secrets: () => secretValues(store),
  };
}

const PORTAL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Example Partner: apply an activation key</title></head>
<body><h1>Apply an AWS Interconnect activation key</h1>
<p>This emulated partner portal has no form. Apply a key issued by the cloud (CreateConnection) with
<code>POST /_admin/portal/activate {"activationKey": "...", "site": "nyc-hq"}</code>, or through the partner's
customer API (<code>POST /partner/v1/connections</code>).</p>
<p>To get a key from the partner for the cloud (AcceptConnectionProposal), use
<code>POST /_admin/portal/proposals {"environment": "us-east-1:nyc", "bandwidthGbps": 10, "site": "nyc-hq"}</code>.</p>
</body></html>
`;

function secretValues(store: Store): string[] {
  const { cloud, partner } = store.state;
  const values: (string | undefined)[] = [];
  for (const role of [cloud, partner]) {
    for (const conn of Object.values(role.specConnections)) values.push(conn.activationKey);
    for (const key of Object.values(role.macsecKeys)) values.push(key.cak, key.ckn);
    for (const feature of Object.values(role.features)) values.push(feature.featureConfig.l3BaseConfig.md5BgpPassword);
  }
  for (const c of Object.values(cloud.connections)) values.push(c.activationKey);
  for (const c of Object.values(partner.connections)) values.push(c.activationKey);
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))];
}
