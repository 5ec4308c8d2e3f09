// Wires the emulator: one fastify server hosting the cloud role under /cloud and the partner role under /partner
// (each with its customer API and the spec endpoints for its peer), the admin API and GET /openapi.json.
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { ZodError } from "zod";
import { buildOpenApiDocument, CUSTOMER_OPERATIONS, SPEC_OPERATIONS, type OperationSpec } from "../schema/spec";
import { registerAdminRoutes, Stats } from "./admin";
import { CloudRole, type CustomerHandler } from "./cloud";
import {
  CLOUD_PEER_TOKEN,
  CUSTOMER_TOKENS,
  DEFAULT_PROVISIONING_DELAY_MS,
  DEFAULT_SEED,
  PARTNER_PEER_TOKEN,
  type RoleName,
} from "./defaults";
import { ApiError, permissionDenied, unauthenticated } from "./errors";
import { Faults, type FaultScope } from "./faults";
import { buildCatalog, Inventory } from "./inventory";
import { PartnerRole } from "./partner";
import { PeerClient } from "./peer-client";
import type { ProviderRole, SpecHandler } from "./role";
import { Store } from "./store";

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
  cloudUrl: string;
  partnerUrl: string;
  stop(): Promise<void>;
  /** Test hook: every secret value the emulator holds (activation keys, MACsec CAKs and CKNs, BGP MD5 keys). */
  secrets(): string[];
}

interface RouteTag {
  role: RoleName;
  api: FaultScope;
  operation: string;
}

const PEER_TOKENS: Record<RoleName, string> = { cloud: PARTNER_PEER_TOKEN, partner: CLOUD_PEER_TOKEN }; // token each role accepts
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const toRouterPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated("missing bearer token (Authorization: Bearer <token>)");
  return match[1];
}

function customerAccount(req: FastifyRequest, role: RoleName): string {
  const token = bearer(req);
  const account = CUSTOMER_TOKENS[role][token];
  if (account) return account;
  const knownElsewhere = Object.values(CUSTOMER_TOKENS).some((t) => token in t) || Object.values(PEER_TOKENS).includes(token);
  if (knownElsewhere) throw permissionDenied(`this token is not valid for the ${role} customer API`);
  throw unauthenticated("invalid bearer token");
}

function authorizePeer(req: FastifyRequest, role: ProviderRole): void {
  const token = bearer(req);
  if (token !== PEER_TOKENS[role.name]) {
    const known = Object.values(CUSTOMER_TOKENS).some((t) => token in t) || Object.values(PEER_TOKENS).includes(token);
    if (known) throw permissionDenied(`only providers/${role.peerId} may call the ${role.name} spec endpoints`);
    throw unauthenticated("invalid bearer token");
  }
  const provider = (req.params as Record<string, string>).provider;
  if (provider !== undefined && provider !== role.peerId && !(provider === role.id && req.method === "GET" && req.url.endsWith(`/providers/${role.id}`))) {
    throw permissionDenied(`you are providers/${role.peerId}; use /providers/${role.peerId}/...`);
  }
}

/** Emulator output must match our own schemas; a mismatch is an emulator bug, reported as such. */
function checkOutput(op: OperationSpec, body: unknown): void {
  const result = op.response.safeParse(body);
  if (!result.success) throw new ApiError(500, "INTERNAL", `emulator produced an invalid ${op.operationId} response: ${result.error.message}`);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = Store.open(opts.dataDir, opts.seed, DEFAULT_SEED);
  const inventory = new Inventory(buildCatalog(store.state.seed));
  const faults = new Faults(store.state.seed);
  const stats = new Stats();
  const provisioningDelayMs = opts.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS;
  const cloudPeer = new PeerClient("cloud", CLOUD_PEER_TOKEN);
  const partnerPeer = new PeerClient("partner", PARTNER_PEER_TOKEN);
  const cloud = new CloudRole({ store, inventory, peer: cloudPeer, faults, provisioningDelayMs });
  const partner = new PartnerRole({ store, inventory, peer: partnerPeer, faults, provisioningDelayMs });

  const app = Fastify({
    logger:
      opts.logger || opts.logStream
        ? { redact: ["req.headers.authorization"], ...(opts.logStream ? { stream: opts.logStream } : {}) }
        : false,
    forceCloseConnections: true,
  });

  // Spec and admin POSTs often carry no body (and clients then send no or a form content type): treat an empty
  // body as {} and any non-empty body as JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, text, done) => {
    const raw = String(text);
    if (raw.trim() === "") return done(null, {});
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(new ApiError(400, "INVALID_ARGUMENT", "request body is not valid JSON"), undefined);
    }
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof ApiError) return reply.code(err.status).headers(err.headers).send(err.toBody());
    if (err instanceof ZodError) {
      const message = err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
      return reply.code(400).send(new ApiError(400, "INVALID_ARGUMENT", message).toBody());
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send(new ApiError(status, STATUS_CODES[status] ?? "INVALID_ARGUMENT", (err as Error).message).toBody());
    }
    req.log.error(err);
    return reply.code(500).send(new ApiError(500, "INTERNAL", "internal emulator error").toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new ApiError(404, "NOT_FOUND", `no route ${req.method} ${req.url.split("?")[0]}`).toBody());
  });

  app.addHook("onRequest", async (req, reply) => {
    const tag = req.routeOptions.config as Partial<RouteTag>;
    if (!tag.api || !tag.role || !faults.applies(tag.api)) return;
    if (faults.config.latencyMs > 0) await sleep(faults.config.latencyMs);
    const fault = faults.pickRequestFault(tag.role, tag.api);
    if (!fault) return;
    if (fault.kind === "reset") {
      stats.record(tag.role, tag.api, tag.operation as string, "reset");
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (fault.kind === "rateLimited") {
      throw new ApiError(429, "RESOURCE_EXHAUSTED", "rate limit exceeded (injected fault); retry after the Retry-After delay", {
        "retry-after": String(fault.retryAfterSeconds),
      });
    }
    throw new ApiError(fault.status, STATUS_CODES[fault.status] ?? "INJECTED", `injected fault: HTTP ${fault.status}`);
  });
  if (opts.onPeerResponse) {
    const observe = opts.onPeerResponse;
    app.addHook("onSend", async (req, reply, payload) => {
      const tag = req.routeOptions.config as Partial<RouteTag>;
      if (tag.api === "peer" && tag.role && tag.operation && typeof payload === "string") {
        let body: unknown = payload;
        try {
          body = JSON.parse(payload);
        } catch {
          // recorded as text: the conformance check reports it
        }
        observe({ role: tag.role, operationId: tag.operation, method: req.method, url: req.url, status: reply.statusCode, body });
      }
      return payload;
    });
  }
  app.addHook("onResponse", async (req, reply) => {
    const tag = req.routeOptions.config as Partial<RouteTag>;
    if (tag.role && tag.api && tag.operation) stats.record(tag.role, tag.api, tag.operation, reply.statusCode);
    store.flush();
  });

  for (const role of [cloud, partner]) {
    const spec: Record<string, SpecHandler> = role.specHandlers();
    for (const op of SPEC_OPERATIONS) {
      const config: RouteTag = { role: role.name, api: "peer", operation: op.operationId };
      app.route({
        method: op.method,
        url: `/${role.name}${toRouterPath(op.path)}`,
        config,
        handler: async (req: FastifyRequest) => {
          authorizePeer(req, role);
          const body = await spec[op.operationId]({ params: req.params as Record<string, string>, query: req.query as Record<string, string>, body: req.body });
          checkOutput(op, body);
          return body;
        },
      });
    }
    const customer: Record<string, CustomerHandler> = role === cloud ? cloud.customerHandlers() : partner.customerHandlers();
    for (const op of CUSTOMER_OPERATIONS.filter((o) => o.role === role.name)) {
      const config: RouteTag = { role: role.name, api: "customer", operation: `${role.name}.${op.operationId}` };
      app.route({
        method: op.method,
        url: `/${role.name}${toRouterPath(op.path)}`,
        config,
        handler: async (req: FastifyRequest, reply: FastifyReply) => {
          const account = customerAccount(req, role.name);
          const result = await customer[op.operationId]({
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
  }

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
  partnerPeer.setBaseUrl(`${baseUrl}/cloud`);

  // Background work: provisioning timers, notifications and the partner's reconcilers (resumes after a restart).
  let running = true;
  const tickMs = Math.max(10, Math.min(200, Math.floor(provisioningDelayMs / 5)));
  const loop = (async () => {
    while (running) {
      await Promise.allSettled([cloud.tick(), partner.tick()]);
      store.flush();
      await sleep(tickMs);
    }
  })();

  return {
    url: baseUrl,
    cloudUrl: `${baseUrl}/cloud`,
    partnerUrl: `${baseUrl}/partner`,
    async stop() {
      running = false;
      partner.stop();
      await loop;
      await app.close();
      cloudPeer.close();
      partnerPeer.close();
      store.flush();
    },
    secrets: () => secretValues(store),
  };
}

function secretValues(store: Store): string[] {
  const { cloud, partner } = store.state;
  const values: (string | undefined)[] = [];
  for (const role of [cloud, partner]) {
    for (const conn of Object.values(role.connections)) values.push(conn.activationKey);
    for (const key of Object.values(role.macsecKeys)) values.push(key.cak, key.ckn);
    for (const feature of Object.values(role.features)) values.push(feature.featureConfig.l3BaseConfig.md5BgpPassword);
  }
  for (const c of Object.values(cloud.customers)) values.push(c.activationKey);
  for (const c of Object.values(partner.customers)) values.push(c.activationKey);
  return [...new Set(values.filter((v): v is string => typeof v === "string" && v.length > 0))];
}
