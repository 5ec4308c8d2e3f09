// Cloud role: the backend (state and rules) of the emulated AWS Interconnect API — ./aws/ is its protocol front end.
// It builds the cloud's spec records, rules and Connection Coordinator service (../coordinator/). What it learns of the
// partner side comes through one port, PartnerSignals, wired in ../server.ts.
import { randomBytes, randomUUID } from "node:crypto";
import {
  toWireBandwidth,
  decodeActivationKey,
  encodeActivationKey,
  MAX_TAGS,
  providerName,
  type ActivationKeyPayload,
  type AttachPoint,
  type AwsInput,
  type AwsOutput,
  type Connection,
  type ConnectionState,
  type ConnectionSummary,
  type Environment,
} from "../../schema/aws";
import { AwsError, clientError, resourceNotFound, serverError, validationError } from "./aws/errors";
import { CLOUD_CUSTOMER_ACCOUNT, DEV_DX_GATEWAYS } from "../identities";
import { ApiError } from "../http/errors";
import type { Inventory } from "../world/inventory";
import type { EnvironmentSpec } from "../world/catalog";
import { InFlight, keyOf } from "../http/concurrency";
import { paginate, type PageScope } from "../http/paging";
import { awsApiState } from "./aws/client-tokens";
import { isTransient } from "../coordinator/peer-client";
import { awsView, LAST_MILE_PROVIDER_NAME, summaryView } from "./views";
import { CloudOffer } from "./offer";
import { CloudRules } from "./rules";
import { ACTIVATION_KEY_TTL_MS, environmentOfUri, parseActivationKey } from "../coordinator/keys";
import type { PartnerSignal, SideDeps } from "../coordinator/context";
import { MacsecKeyring } from "../coordinator/macsec-keyring";
import type { PeerClient } from "../coordinator/peer-client";
import { CoordinatorService } from "../coordinator/service";
import { SpecRecords } from "../coordinator/spec-records";
import { own, type CloudConnectionRecord, type Store } from "../state/store";

/** Direct Connect gateways per AWS account (ListAttachPoints). */
const DX_GATEWAYS: ReadonlyMap<string, readonly { id: string; name: string }[]> = new Map([
  [CLOUD_CUSTOMER_ACCOUNT, DEV_DX_GATEWAYS],
]);
/** GetConnection/ListConnections keep showing a deleted connection this long (emulated time). */
export const DELETED_VISIBLE_MS = 24 * 3600 * 1000;
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

const newConnectionId = () => `lmcc-${[...randomBytes(8)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("")}`;
const sameAttachPoint = (a: AttachPoint, b: AttachPoint) => JSON.stringify(a) === JSON.stringify(b);

interface NewRecord {
  env: EnvironmentSpec;
  gbps: number;
  uuid: string;
  activationKey: string;
  attachPoint: AttachPoint;
  keyIssuer: "cloud" | "partner";
  remoteAccountId?: string;
  description?: string;
  tags: Record<string, string>;
  clientToken?: string;
  confirmed: boolean;
}

/**
 * How the cloud learns the partner side of a connection. A real cloud gets these signals over the wire; the
 * emulator's two roles share a process, so ../server.ts wires this port to the partner's records.
 */
export interface PartnerSignals {
  connection(sharedConnectionUuid: string): PartnerSignal | undefined;
}

export class CloudBackend {
  /** The cloud's Connection Coordinator service (../coordinator/service.ts), with the cloud's rules. */
  readonly service: CoordinatorService;
  /** The cloud's spec records, and the MACsec keys it installs as a channel's manager. */
  readonly records: SpecRecords;
  readonly keyring: MacsecKeyring;
  private readonly rules: CloudRules;
  private readonly peer: PeerClient;
  private readonly store: Store;
  private readonly inventory: Inventory;
  private readonly partnerSignals: PartnerSignals;
  private readonly offer: CloudOffer;

  constructor(deps: SideDeps & { partnerSignals: PartnerSignals }) {
    this.records = new SpecRecords("cloud", deps, (ic) => ic.cloudReservedMbps);
    this.peer = deps.peer;
    this.rules = new CloudRules(this.records, deps.peer);
    this.keyring = new MacsecKeyring(this.records, deps.peer);
    this.service = new CoordinatorService({
      records: this.records,
      rules: this.rules,
      peer: deps.peer,
      keyring: this.keyring,
    });
    this.store = deps.store;
    this.inventory = deps.inventory;
    this.partnerSignals = deps.partnerSignals;
    this.offer = new CloudOffer(this.records);
  }

  /** The AWS API's connections, by id. */
  private get connections(): Record<string, CloudConnectionRecord> {
    return this.store.state.cloud.connections;
  }

  /** Creates in flight per (account, clientToken): a repeat waits for the first and then answers its connection. */
  private readonly tokenCreates = new InFlight();

  /** The region served, the partner portal page (see CloudOffer.configure). */
  configureAws(opts: Parameters<CloudOffer["configure"]>[0]): void {
    this.offer.configure(opts);
  }

  // ---- state -------------------------------------------------------------------------------------------------------

  /**
   * The model's states: requested = key issued, not yet accepted by the partner; pending = accepted, provisioning;
   * available = verified; updating = a change after having been available; down = available, but every link is down;
   * failed = the partner side failed; deleting/deleted.
   */
  connectionState(c: CloudConnectionRecord): ConnectionState {
    if (c.deletedAt !== undefined) return this.rules.isDeleting(c.sharedConnectionUuid) ? "deleting" : "deleted";
    const specs = this.records.connectionsFor(c.sharedConnectionUuid);
    const partner = this.partnerSignals.connection(c.sharedConnectionUuid);
    if (partner?.state === "failed") return "failed";
    if (specs.length === 1 && this.records.isVerified(specs[0]) && !c.updateInFlight) {
      // Written with the next change (a read writes nothing); until then a restart learns it again from here.
      c.everAvailable = true;
      return partner?.allLinksDown ? "down" : "available";
    }
    if (c.everAvailable) return "updating";
    return c.confirmedAt !== undefined ? "pending" : "requested";
  }

  // ---- views (./views.ts) --------------------------------------------------------------------------------------

  private summaryView(c: CloudConnectionRecord): ConnectionSummary {
    return summaryView(c, this.inventory.environment(c.environment)!, this.connectionState(c));
  }

  private awsView(c: CloudConnectionRecord): Connection {
    return awsView(this.summaryView(c), c);
  }

  // ---- checks ------------------------------------------------------------------------------------------------------

  private checkAttachPoint(account: string, ap: AttachPoint): void {
    if ("directConnectGateway" in ap) {
      if ((DX_GATEWAYS.get(account) ?? []).some((g) => g.id === ap.directConnectGateway)) return;
      throw validationError(
        `attachPoint.directConnectGateway ${ap.directConnectGateway} is not a Direct Connect gateway of account ${account}; ListAttachPoints lists the usable ones`,
      );
    }
    const target = this.byArn(account, ap.arn);
    if (!target || target.deletedAt !== undefined)
      throw validationError(
        `attachPoint.arn ${ap.arn} is not a live connection of account ${account} in ${this.offer.region}`,
      );
  }

  private checkedTags(
    current: Record<string, string>,
    added: Record<string, string> | undefined,
  ): Record<string, string> {
    const entries = Object.entries(added ?? {});
    const reserved = entries.find(([k]) => k.toLowerCase().startsWith("aws:"));
    if (reserved) throw validationError(`tags: the key ${reserved[0]} uses the reserved prefix aws:`);
    const merged = Object.fromEntries([...Object.entries(current), ...entries]);
    if (Object.keys(merged).length > MAX_TAGS)
      throw validationError(
        `tags: a connection can have at most ${MAX_TAGS} tags, this would make ${Object.keys(merged).length}`,
      );
    return merged;
  }

  // ---- lookups -----------------------------------------------------------------------------------------------------

  private visible(c: CloudConnectionRecord): boolean {
    return c.deletedAt === undefined || this.records.now() - c.deletedAt < DELETED_VISIBLE_MS;
  }

  private owned(account: string, id: string): CloudConnectionRecord {
    const c = own(this.connections, id);
    if (c?.ownerAccountId !== account || !this.visible(c)) throw resourceNotFound(`connection ${id} does not exist`);
    return c;
  }

  private byArn(account: string, arn: string): CloudConnectionRecord | undefined {
    const c = own(this.connections, arn.split("/").pop() ?? "");
    return c?.arn === arn && c.ownerAccountId === account && this.visible(c) ? c : undefined;
  }

  private ownedByArn(account: string, arn: string): CloudConnectionRecord {
    const c = this.byArn(account, arn);
    if (!c) throw resourceNotFound(`resource ${arn} does not exist`);
    return c;
  }

  /** The connection a create of `issuer`'s kind (CreateConnection: cloud, AcceptConnectionProposal: partner) made. */
  private byClientToken(account: string, token: string, issuer: NewRecord["keyIssuer"]) {
    return Object.values(this.connections).find(
      (c) => c.ownerAccountId === account && c.clientToken === token && c.keyIssuer === issuer,
    );
  }

  private newRecord(account: string, r: NewRecord): CloudConnectionRecord {
    const now = this.records.now();
    let id = newConnectionId();
    while (own(this.connections, id)) id = newConnectionId();
    const record: CloudConnectionRecord = {
      id,
      arn: `arn:aws:interconnect:${this.offer.region}:${account}:connection/${id}`,
      ownerAccountId: account,
      environment: r.env.id,
      bandwidthGbps: r.gbps,
      attachPoint: r.attachPoint,
      remoteAccountId: r.remoteAccountId,
      description: r.description,
      clientToken: r.clientToken,
      tags: r.tags,
      keyIssuer: r.keyIssuer,
      activationKey: r.activationKey,
      sharedConnectionUuid: r.uuid,
      expiresAt: now + ACTIVATION_KEY_TTL_MS,
      createdAt: now,
      updatedAt: now,
      ...(r.confirmed ? { confirmedAt: now } : {}),
      everAvailable: false,
      updateInFlight: false,
    };
    this.connections[id] = record;
    return record;
  }

  // ---- AWS operations (called by emulator/cloud/aws/handlers.ts with validated input and the caller's account) -----------

  /** Runs `create` once per (account, clientToken); a repeat (also while the first runs) answers the same connection. */
  private async idempotent(
    account: string,
    token: string | undefined,
    issuer: NewRecord["keyIssuer"],
    create: () => Promise<Connection>,
  ): Promise<Connection> {
    if (token === undefined) return create();
    const key = keyOf(account, issuer, token);
    for (;;) {
      const running = this.tokenCreates.get(key);
      if (running) {
        await running.done;
        continue;
      }
      const earlier = this.byClientToken(account, token, issuer);
      return earlier ? this.awsView(earlier) : this.tokenCreates.run(key, undefined, create);
    }
  }

  createConnection(account: string, req: AwsInput<"CreateConnection">): Promise<Connection> {
    return this.idempotent(account, req.clientToken, "cloud", async () => this.newConnection(account, req));
  }

  private newConnection(account: string, req: AwsInput<"CreateConnection">): Connection {
    const env = this.offer.environmentFor(req.environmentId);
    const gbps = this.offer.orderableBandwidth(env, req.bandwidth);
    this.checkAttachPoint(account, req.attachPoint);
    const tags = this.checkedTags({}, req.tags);
    const uuid = randomUUID();
    const remote = req.remoteAccount?.identifier;
    const payload: ActivationKeyPayload = {
      version: 1,
      destinationEnvironmentUri: `providers/${this.records.peerId}/environments/${env.id}`,
      sharedConnectionUuid: uuid,
      connectionSizeMbps: gbps * 1000,
      ...(remote !== undefined ? { destinationAccountId: remote } : {}),
    };
    const record = this.newRecord(account, {
      env,
      gbps,
      uuid,
      activationKey: encodeActivationKey(payload),
      attachPoint: req.attachPoint,
      keyIssuer: "cloud",
      remoteAccountId: remote,
      description: req.description,
      tags,
      clientToken: req.clientToken,
      confirmed: false,
    });
    return this.awsView(record);
  }

  getConnection(account: string, id: string): Connection {
    return this.awsView(this.owned(account, id));
  }

  listConnections(account: string, q: AwsInput<"ListConnections">): AwsOutput<"ListConnections"> {
    const matches = Object.values(this.connections)
      .filter((c) => c.ownerAccountId === account && this.visible(c))
      .filter((c) => q.environmentId === undefined || c.environment === q.environmentId)
      .filter((c) => q.attachPoint === undefined || sameAttachPoint(c.attachPoint, q.attachPoint))
      .filter(() => q.provider === undefined || providerName(q.provider) === LAST_MILE_PROVIDER_NAME)
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((c) => this.summaryView(c))
      .filter((s) => q.state === undefined || s.state === q.state);
    const scope = this.pageScope("ListConnections", account, q);
    const { items, nextPageToken } = paginate(matches, { pageSize: q.maxResults, pageToken: q.nextToken }, scope);
    return { connections: items, ...(nextPageToken ? { nextToken: nextPageToken } : {}) };
  }

  async updateConnection(account: string, req: AwsInput<"UpdateConnection">): Promise<Connection> {
    const c = this.owned(account, req.identifier);
    const state = this.connectionState(c);
    if (state === "deleted" || state === "deleting") throw clientError(`connection ${c.id} is ${state}`);
    if (req.bandwidth !== undefined) {
      const env = this.inventory.environment(c.environment)!;
      const gbps = this.offer.supportedBandwidth(env, req.bandwidth);
      if (gbps !== c.bandwidthGbps) await this.changeBandwidth(c, state, env, gbps);
    }
    if (req.description !== undefined) c.description = req.description;
    c.updatedAt = this.records.now();
    return this.awsView(c);
  }

  async deleteConnection(account: string, id: string): Promise<Connection> {
    const c = this.owned(account, id);
    if (c.deletedAt === undefined) {
      c.deletedAt = this.records.now(); // invalidates the activation key at once
      c.updatedAt = this.records.now();
      for (const conn of this.records.connectionsFor(c.sharedConnectionUuid)) {
        this.records.deleteLocalConnection(conn);
        await this.rules.tellPartnerDeleted(conn);
      }
    }
    return this.awsView(c);
  }

  /** A page token's binding: this list (operation, account, filters), sealed with the persisted secret. */
  private pageScope(operation: string, account: string, q: { maxResults?: number; nextToken?: string }): PageScope {
    const { maxResults: _size, nextToken: _token, ...filters } = q;
    const scope = JSON.stringify([operation, account, filters]);
    return { scope, secret: awsApiState(this.store).pageTokenSecret };
  }

  listEnvironments(account: string, q: AwsInput<"ListEnvironments">): AwsOutput<"ListEnvironments"> {
    const envs = this.offer
      .offeredEnvironments()
      .map((env) => this.offer.environmentView(env))
      .filter(() => q.provider === undefined || providerName(q.provider) === LAST_MILE_PROVIDER_NAME)
      .filter((e) => q.location === undefined || e.location === q.location);
    const scope = this.pageScope("ListEnvironments", account, q);
    const { items, nextPageToken } = paginate(envs, { pageSize: q.maxResults, pageToken: q.nextToken }, scope);
    return { environments: items, ...(nextPageToken ? { nextToken: nextPageToken } : {}) };
  }

  getEnvironment(id: string): Environment {
    const env = this.inventory.environment(id);
    if (!env) throw resourceNotFound(`environment ${id} does not exist`);
    const elsewhere = this.offer.otherRegion(env);
    if (elsewhere) throw resourceNotFound(elsewhere);
    return this.offer.environmentView(env);
  }

  listAttachPoints(account: string, q: AwsInput<"ListAttachPoints">): AwsOutput<"ListAttachPoints"> {
    this.offer.environmentFor(q.environmentId);
    const all = (DX_GATEWAYS.get(account) ?? []).map((g) => ({
      type: "DirectConnectGateway" as const,
      identifier: g.id,
      name: g.name,
    }));
    const scope = this.pageScope("ListAttachPoints", account, q);
    const { items, nextPageToken } = paginate(all, { pageSize: q.maxResults, pageToken: q.nextToken }, scope);
    return { attachPoints: items, ...(nextPageToken ? { nextToken: nextPageToken } : {}) };
  }

  tagResource(account: string, arn: string, tags: Record<string, string>): void {
    const c = this.ownedByArn(account, arn);
    c.tags = this.checkedTags(c.tags, tags);
  }

  untagResource(account: string, arn: string, keys: string[]): void {
    const c = this.ownedByArn(account, arn);
    const drop = new Set(keys);
    c.tags = Object.fromEntries(Object.entries(c.tags).filter(([k]) => !drop.has(k)));
  }

  listTags(account: string, arn: string): Record<string, string> {
    return { ...this.ownedByArn(account, arn).tags };
  }

  /** A change made at the cloud outside its API (POST /_admin/drift); undefined when there is no connection `id`. */
  changeOutOfBand(id: string, change: { bandwidthGbps?: number; delete?: true }) {
    const c = own(this.connections, id);
    if (!c) return undefined;
    if (change.bandwidthGbps !== undefined) c.bandwidthGbps = change.bandwidthGbps;
    if (change.delete) c.deletedAt = this.records.now();
    c.updatedAt = this.records.now();
    return { id: c.id, bandwidthGbps: c.bandwidthGbps, state: this.connectionState(c) };
  }

  // ---- reverse flow: a key the partner's portal issued --------------------------------------------------------------

  private readProposalKey(encoded: string): { payload: ActivationKeyPayload; env: EnvironmentSpec; gbps: number } {
    const payload = decodeActivationKey(encoded);
    if (payload?.version !== 1)
      throw validationError("activationKey is not an activation key issued by a last mile provider of this service");
    const envId = environmentOfUri(payload.destinationEnvironmentUri);
    const env = this.inventory.environment(envId);
    const elsewhere = env && this.offer.otherRegion(env);
    if (!env || elsewhere)
      throw validationError(
        `${elsewhere ?? `the activation key names environment ${envId}, which this service does not offer`}; ListEnvironments offers: ${this.offer.offeredIds()}`,
      );
    const gbps = payload.connectionSizeMbps / 1000;
    if (!env.supportedBandwidthsGbps.includes(gbps))
      throw validationError(`the activation key asks for ${toWireBandwidth(gbps)}, which ${env.id} does not support`);
    return { payload, env, gbps };
  }

  describeProposal(encoded: string): AwsOutput<"DescribeConnectionProposal"> {
    const { env, gbps } = this.readProposalKey(encoded);
    return {
      bandwidth: toWireBandwidth(gbps),
      environmentId: env.id,
      provider: { lastMileProvider: LAST_MILE_PROVIDER_NAME },
      location: env.partnerMetroDisplay,
    };
  }

  /** Confirms the partner's key with the partner (ConfirmActivationKey), then the partner negotiates as usual. */
  acceptProposal(account: string, req: AwsInput<"AcceptConnectionProposal">): Promise<Connection> {
    return this.idempotent(account, req.clientToken, "partner", () => this.acceptProposalOnce(account, req));
  }

  private async acceptProposalOnce(account: string, req: AwsInput<"AcceptConnectionProposal">): Promise<Connection> {
    const { payload, env, gbps } = this.readProposalKey(req.activationKey);
    if (payload.destinationAccountId !== undefined && payload.destinationAccountId !== account) {
      throw new AwsError(
        "AccessDeniedException",
        `this activation key is for account ${payload.destinationAccountId}, not ${account}`,
      );
    }
    this.checkAttachPoint(account, req.attachPoint);
    const tags = this.checkedTags({}, req.tags);
    const existing = this.rules.connectionByUuid(payload.sharedConnectionUuid);
    if (existing?.keyIssuer === "cloud")
      throw clientError(
        `this activation key was issued by this service for connection ${existing.id}; the last mile provider accepts it, not AcceptConnectionProposal`,
      );
    if (existing)
      throw clientError(
        existing.deletedAt !== undefined
          ? "the activation key's connection was deleted; the key is no longer valid"
          : `the activation key was already accepted (connection ${existing.id})`,
      );
    // Confirmed before the partner hears of it: the partner starts negotiating as soon as it has confirmed the key.
    const record = this.newRecord(account, {
      env,
      gbps,
      uuid: payload.sharedConnectionUuid,
      activationKey: req.activationKey,
      attachPoint: req.attachPoint,
      keyIssuer: "partner",
      description: req.description,
      tags,
      clientToken: req.clientToken,
      confirmed: true,
    });
    try {
      await this.service.keys.confirmAtPeer(env.id, req.activationKey, account, payload.sharedConnectionUuid);
    } catch (err) {
      delete this.connections[record.id];
      throw peerRefusal(err, "to confirm the activation key");
    }
    return this.awsView(record);
  }

  /**
   * Before the partner accepted the key it is simply reissued at the new size; afterwards an in-place change is agreed
   * with the partner through UpdateConnection: the connection is `updating` until both sides have re-provisioned at
   * the new size, then `available`. A refusal (the partner's, or no room on the interconnect) leaves it as it was.
   */
  private async changeBandwidth(
    c: CloudConnectionRecord,
    state: ConnectionState,
    env: EnvironmentSpec,
    gbps: number,
  ): Promise<void> {
    if (state === "requested" && c.keyIssuer === "cloud") {
      this.offer.orderableBandwidth(env, toWireBandwidth(gbps));
      c.activationKey = encodeActivationKey({
        ...parseActivationKey(c.activationKey),
        connectionSizeMbps: gbps * 1000,
      });
      c.bandwidthGbps = gbps;
      return;
    }
    const specs = this.records.connectionsFor(c.sharedConnectionUuid);
    if (state !== "available" || specs.length !== 1)
      throw clientError(`connection ${c.id} is ${state}; change its bandwidth when it is available`);
    const conn = specs[0];
    if (this.records.availableMbps(conn.environment, conn.interconnect) + conn.bandwidthMbps < gbps * 1000) {
      throw new AwsError(
        "ServiceQuotaExceededException",
        `${conn.interconnect} has no room for ${toWireBandwidth(gbps)} (a migration to another interconnect is ` +
          `needed, which the last mile provider drives): ask the provider to move the connection, or choose a tier ` +
          `ListEnvironments shows as available`,
      );
    }
    const previous = conn.bandwidthMbps;
    c.updateInFlight = true;
    this.records.reprovision(conn, gbps * 1000);
    try {
      await this.peer.send("UpdateConnection", this.records.peerConnection(conn), {
        query: { updateMask: "bandwidthMbps" },
        body: { bandwidthMbps: gbps * 1000 },
      });
      c.bandwidthGbps = gbps;
    } catch (err) {
      this.records.reprovision(conn, previous);
      throw peerRefusal(err, `to resize to ${toWireBandwidth(gbps)}`);
    } finally {
      c.updateInFlight = false;
    }
  }

  /**
   * A resize that was in flight when the emulator stopped (its UpdateConnection never answered): settled from the
   * partner's side of the connection (PartnerSignals), which shows whether the partner took it. Taken:
   * the resize completes; not taken: both sides go back to the old size. Nothing stays `updating` for ever.
   */
  settleInterruptedResizes(): void {
    for (const c of Object.values(this.connections).filter((record) => record.updateInFlight)) {
      const conn = this.records.connectionsFor(c.sharedConnectionUuid)[0];
      const partner = this.partnerSignals.connection(c.sharedConnectionUuid);
      if (conn && partner && partner.bandwidthGbps * 1000 === conn.bandwidthMbps)
        c.bandwidthGbps = partner.bandwidthGbps;
      else if (conn) this.records.reprovision(conn, c.bandwidthGbps * 1000);
      c.updateInFlight = false;
    }
  }
}

/**
 * The partner's answer to a request the cloud made of it on the customer's behalf (`what`: "to confirm the activation
 * key", "to resize to 25Gbps"), as an AWS error: unreachable is a retryable 500, a refusal (409) a client error.
 */
function peerRefusal(err: unknown, what: string): AwsError {
  if (err instanceof AwsError) return err;
  if (isTransient(err) || !(err instanceof ApiError))
    return serverError(`the last mile provider could not be reached ${what} (${(err as Error).message}); retry`);
  if (err.status === 409) return clientError(`the last mile provider refused ${what}: ${err.message}`);
  return validationError(`the last mile provider does not accept ${what}: ${err.message}`);
}
