// Wires the emulator: one fastify server hosting the cloud role under /cloud (its AWS Interconnect API, and the spec
// endpoints for the partner) and the partner role under /partner (its customer API, and the spec endpoints for the
// cloud), the admin API, GET /openapi.json and the ticker. Each part lives in its folder (README: Code map).
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { buildOpenApiDocument } from "../schema/spec";
import { AWS_SIGNING_NAME, isReadonlyAwsOperation } from "../schema/aws";
import { registerAdminRoutes } from "./admin/routes";
import { ClientTokens } from "./cloud/aws/client-tokens";
import { awsOperationOf, registerAwsFront, type CloudExchangeRecord } from "./cloud/aws/front";
import { awsHandlers } from "./cloud/aws/handlers";
import { SigV4Verifier, type AwsCredential } from "./cloud/aws/sigv4";
import { CloudBackend } from "./cloud/backend";
import { registerSpecRoutes } from "./coordinator/front";
import { PeerClient } from "./coordinator/peer-client";
import {
  CLOUD_CUSTOMER_ACCOUNT,
  DEFAULT_AWS_REGION,
  DEV_AWS_ACCESS_KEY_ID,
  DEV_AWS_SECRET_ACCESS_KEY,
  ROLES,
} from "./identities";
import { Faults } from "./http/faults";
import {
  commitRequest,
  frameworkError,
  installBodyParser,
  installErrorHandlers,
  installHooks,
  MAX_ID_LENGTH,
  type PeerResponseRecord,
  type RouteTag,
} from "./http/hooks";
import { Stats } from "./http/stats";
import { PartnerBackend } from "./partner/backend";
import { registerPartnerCustomerRoutes } from "./partner/front";
import { Store } from "./state/store";
import { startTicker } from "./ticker";
import { buildCatalog, Inventory } from "./world/inventory";

export type { CloudExchangeRecord, CloudExchangeRecord as CloudExchange } from "./cloud/aws/front";
export type { PeerResponseRecord } from "./http/hooks";

/** The seed a new state's world (catalog, faults) is built from when the options give none. */
export const DEFAULT_SEED = 1;
/** How long features stay PENDING when the options give no provisioningDelayMs. */
const DEFAULT_PROVISIONING_DELAY_MS = 1500;

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

const DEV_CREDENTIALS: ReadonlyMap<string, AwsCredential> = new Map([
  [DEV_AWS_ACCESS_KEY_ID, { secretAccessKey: DEV_AWS_SECRET_ACCESS_KEY, account: CLOUD_CUSTOMER_ACCOUNT }],
]);

/** The cloud's AWS Interconnect API (both wire protocols, SigV4) under /cloud. */
function registerCloudApi(
  app: FastifyInstance,
  deps: {
    store: Store;
    cloud: CloudBackend;
    region: string;
    onCloudExchange?: (record: CloudExchangeRecord) => void;
    commit: (req: FastifyRequest) => Error | undefined;
  },
): void {
  const config: RouteTag = {
    role: "cloud",
    api: "customer",
    operation: "cloud.UnknownOperation",
    operationOf: (req) => `cloud.${awsOperationOf(req) ?? "UnknownOperation"}`,
    raw: true,
  };
  registerAwsFront(app, {
    handlers: awsHandlers(deps.cloud, new ClientTokens(deps.store)),
    verifier: new SigV4Verifier(DEV_CREDENTIALS, deps.region, AWS_SIGNING_NAME, () => Date.now()),
    prefix: "/cloud",
    config: config as unknown as Record<string, unknown>,
    onExchange: deps.onCloudExchange,
    commit: deps.commit,
  });
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

function newApp(opts: EmulatorOptions): { app: FastifyInstance; warn: (msg: string) => void } {
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
  installBodyParser(app);
  installErrorHandlers(app);
  return { app, warn };
}

async function startOn(store: Store, opts: EmulatorOptions): Promise<RunningEmulator> {
  const inventory = new Inventory(buildCatalog(store.state.seed));
  const faults = new Faults(store.state.seed);
  const stats = new Stats();
  const provisioningDelayMs = opts.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS;
  // A call to the peer rests on what this side has changed so far (a resize in flight, say): written by the ticker.
  const changed = () => store.markChanged();
  const cloudPeer = new PeerClient("cloud", ROLES.cloud.peerToken, changed);
  const partnerPeer = new PeerClient("partner", ROLES.partner.peerToken, changed);
  const partner = new PartnerBackend({ store, inventory, peer: partnerPeer, faults, provisioningDelayMs });
  // The cloud learns the partner side of a connection through this port only (the two roles share a process).
  const partnerSignals = { connection: (uuid: string) => partner.signalsFor(uuid) };
  const cloud = new CloudBackend({ store, inventory, peer: cloudPeer, provisioningDelayMs, partnerSignals });
  const region = opts.region ?? DEFAULT_AWS_REGION;
  // A region chosen at start-up is the only one offered; by default the environments of every region are.
  cloud.configureAws({ region, regionOnly: opts.region !== undefined });
  cloud.settleInterruptedResizes();

  const { app, warn } = newApp(opts);
  const epochs = new WeakMap<FastifyRequest, number>();
  installHooks(app, { store, faults, stats, epochs, onPeerResponse: opts.onPeerResponse });
  const commit = (req: FastifyRequest) => {
    const op = awsOperationOf(req);
    return commitRequest({ store, epochs }, req, !(op && isReadonlyAwsOperation(op)));
  };
  registerSpecRoutes(app, cloud.service);
  registerSpecRoutes(app, partner.service);
  registerPartnerCustomerRoutes(app, partner);
  registerCloudApi(app, { store, cloud, region, onCloudExchange: opts.onCloudExchange, commit });
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
  const stopTicker = startTicker({ services: [cloud.service, partner.service], store, tickMs, warn });
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
