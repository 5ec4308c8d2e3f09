// Cloud role: issues activation keys through its customer API and answers the partner's proposals (responder).
import { randomUUID } from "node:crypto";
import {
  CreateCloudConnectionRequestSchema,
  UpdateCloudConnectionRequestSchema,
  type ActivationKeyPayload,
  type CloudConnection,
  type CloudConnectionState,
} from "../schema/customer";
import { ACTIVATION_KEY_TTL_MS } from "./defaults";
import { conflict, exhausted, invalidArgument, notFound } from "./errors";
import type { EnvironmentSpec, InterconnectSpec } from "./inventory";
import { paginate } from "./paging";
import { isTransient } from "./peer-client";
import { decodeActivationKey, iso, ProviderRole, randomId, type RoleDeps } from "./role";
import type { CloudCustomerConnectionRecord, SpecConnectionRecord } from "./store";

export interface CustomerCall {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: any;
  account: string;
}
export interface CustomerResult {
  status?: number;
  body: unknown;
}
export type CustomerHandler = (call: CustomerCall) => CustomerResult | Promise<CustomerResult>;

export class CloudRole extends ProviderRole {
  constructor(deps: RoleDeps) {
    super("cloud", "partner", deps);
  }

  private get customers(): Record<string, CloudCustomerConnectionRecord> {
    return this.store.state.cloud.customers;
  }

  private customerByUuid(uuid: string): CloudCustomerConnectionRecord | undefined {
    return Object.values(this.customers).find((c) => c.sharedConnectionUuid === uuid);
  }

  protected override reservedElsewhereMbps(ic: InterconnectSpec): number {
    return ic.cloudReservedMbps;
  }

  /** Customer-facing state, derived from the key's life and the spec connections that carry it. */
  customerState(c: CloudCustomerConnectionRecord): CloudConnectionState {
    if (c.deletedAt !== undefined) return "deleted";
    const specs = this.connectionsFor(c.sharedConnectionUuid);
    if (specs.length === 0) return c.confirmedAt !== undefined ? "requested" : "pending";
    if (specs.length === 1 && this.isVerified(specs[0]) && !c.updateInFlight) {
      if (!c.everAvailable) {
        c.everAvailable = true;
        this.store.touch();
      }
      return "available";
    }
    return c.everAvailable ? "updating" : "requested";
  }

  private view(c: CloudCustomerConnectionRecord): CloudConnection {
    return {
      id: c.id,
      ownerAccountId: c.ownerAccountId,
      environment: c.environment,
      bandwidthGbps: c.bandwidthGbps,
      attachPoint: c.attachPoint,
      remoteAccountId: c.remoteAccountId,
      ...(c.description !== undefined ? { description: c.description } : {}),
      ...(c.clientToken !== undefined ? { clientToken: c.clientToken } : {}),
      state: this.customerState(c),
      activationKey: c.activationKey,
      sharedConnectionUuid: c.sharedConnectionUuid,
      expiresAt: iso(c.expiresAt),
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
    };
  }

  // ---- spec hooks (the cloud answers the partner's proposals) -------------------------------------------------------

  /** The key must be exactly the one we issued, unused, unexpired, not deleted, and match its environment. */
  protected override confirmActivationKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): void {
    const c = this.customerByUuid(key.sharedConnectionUuid);
    if (!c) throw notFound(`no connection with sharedConnectionUuid ${key.sharedConnectionUuid}`);
    if (c.deletedAt !== undefined) throw conflict("the activation key was invalidated: its connection was deleted", "FAILED_PRECONDITION");
    if (encoded !== c.activationKey) throw invalidArgument("the activation key does not match the key issued for this connection (bandwidth, account or environment differ)");
    if (c.environment !== env.id) throw invalidArgument(`the key belongs to ${c.environment}, not ${env.id}`);
    if (this.connectionsFor(c.sharedConnectionUuid).length > 0 || c.everAvailable) throw conflict("the activation key was already used", "ALREADY_EXISTS");
    if (c.confirmedAt === undefined && this.now() > c.expiresAt) throw conflict(`the activation key expired at ${iso(c.expiresAt)}`, "FAILED_PRECONDITION");
    c.confirmedAt ??= this.now();
    c.updatedAt = this.now();
    this.store.touch();
  }

  protected override admitConnection(env: EnvironmentSpec, _ic: InterconnectSpec, uuid: string, body: any): void {
    if (typeof body?.activationKey !== "string") throw invalidArgument("activationKey is required");
    const key = decodeActivationKey(body.activationKey);
    const c = this.customerByUuid(uuid);
    if (!c || key.sharedConnectionUuid !== uuid || body.activationKey !== c.activationKey) {
      throw invalidArgument("activationKey does not belong to this connectionId");
    }
    if (c.deletedAt !== undefined) throw conflict("the connection was deleted by the customer", "FAILED_PRECONDITION");
    if (c.confirmedAt === undefined) throw conflict("confirm the activation key first (ConfirmActivationKey)", "FAILED_PRECONDITION");
    if (c.environment !== env.id) throw invalidArgument(`the connection belongs to ${c.environment}`);
    if (this.connectionsFor(uuid).length >= 2) throw conflict("the connection already sits on two interconnects (a migration is in progress)");
    // The partner's placement (or a migration) may carry a new tier the customer ordered there.
    c.bandwidthGbps = body.bandwidthMbps / 1000;
    c.updatedAt = this.now();
  }

  protected override admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void {
    const c = this.customerByUuid(conn.id);
    if (c?.updateInFlight) throw conflict("the customer is changing this connection at the cloud; retry later");
    if (c) {
      c.bandwidthGbps = bandwidthMbps / 1000;
      c.updatedAt = this.now();
    }
  }

  protected override onConnectionDeleted(conn: SpecConnectionRecord, byPeer: boolean): void {
    const c = this.customerByUuid(conn.id);
    if (!c || !byPeer || c.deletedAt !== undefined) return;
    const remaining = this.connectionsFor(conn.id);
    if (remaining.length === 0) c.deletedAt = this.now(); // the customer deleted it at the partner
    else c.bandwidthGbps = remaining[0].bandwidthMbps / 1000; // a migration released the old interconnect
    c.updatedAt = this.now();
    this.store.touch();
  }

  private owned(account: string, id: string): CloudCustomerConnectionRecord {
    const c = this.customers[id];
    if (!c || c.ownerAccountId !== account) throw notFound(`connection ${id} does not exist`);
    return c;
  }

  /** Tells the partner about a customer delete; remembered and retried when the partner cannot be reached. */
  private async deleteAtPartner(conn: SpecConnectionRecord): Promise<void> {
    const path = this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id);
    try {
      await this.peer.call("DELETE", path);
    } catch (err) {
      if (isTransient(err)) throw err;
    }
  }

  private pendingPartnerDeletes: SpecConnectionRecord[] = [];

  override async tick(): Promise<void> {
    await super.tick();
    const retries = this.pendingPartnerDeletes;
    this.pendingPartnerDeletes = [];
    for (const conn of retries) await this.deleteAtPartner(conn).catch(() => this.pendingPartnerDeletes.push(conn));
  }

  customerHandlers(): Record<string, CustomerHandler> {
    return {
      ListEnvironments: ({ query }) => {
        const all = this.inventory.catalog.environments.map((env) => {
          const freest = Math.max(...env.interconnects.map((ic) => this.availableMbps(env.id, ic.id)));
          return {
            name: env.id,
            cloudRegion: env.cloudRegion,
            partnerMetro: env.partnerMetro,
            supportedBandwidthsGbps: env.supportedBandwidthsGbps,
            availableBandwidthsGbps: env.supportedBandwidthsGbps.filter((g) => g * 1000 <= freest),
          };
        });
        const { items, nextPageToken } = paginate(all, query);
        return { body: { environments: items, ...(nextPageToken ? { nextPageToken } : {}) } };
      },
      CreateConnection: ({ body, account }) => {
        const req = CreateCloudConnectionRequestSchema.parse(body);
        if (req.clientToken) {
          const earlier = Object.values(this.customers).find((c) => c.ownerAccountId === account && c.clientToken === req.clientToken);
          if (earlier) return { status: 200, body: this.view(earlier) };
        }
        const env = this.inventory.environment(req.environment);
        if (!env) throw invalidArgument(`unknown environment ${req.environment}; see GET /v1/environments`);
        if (!env.supportedBandwidthsGbps.includes(req.bandwidthGbps)) throw invalidArgument(`${req.environment} does not offer ${req.bandwidthGbps} Gbps`);
        if (!env.interconnects.some((ic) => this.availableMbps(env.id, ic.id) >= req.bandwidthGbps * 1000)) {
          throw exhausted(`${req.environment} has no interconnect with ${req.bandwidthGbps} Gbps available`);
        }
        const now = this.now();
        const uuid = randomUUID();
        const payload: ActivationKeyPayload = {
          version: 1,
          destinationEnvironmentUri: `providers/${this.peerId}/environments/${env.id}`,
          sharedConnectionUuid: uuid,
          connectionSizeMbps: req.bandwidthGbps * 1000,
          destinationAccountId: req.remoteAccountId,
        };
        const record: CloudCustomerConnectionRecord = {
          id: randomId("dxcon", 4),
          ownerAccountId: account,
          environment: env.id,
          bandwidthGbps: req.bandwidthGbps,
          attachPoint: req.attachPoint,
          remoteAccountId: req.remoteAccountId,
          description: req.description,
          clientToken: req.clientToken,
          activationKey: Buffer.from(JSON.stringify(payload)).toString("base64"),
          sharedConnectionUuid: uuid,
          expiresAt: now + ACTIVATION_KEY_TTL_MS,
          createdAt: now,
          updatedAt: now,
          everAvailable: false,
          updateInFlight: false,
        };
        this.customers[record.id] = record;
        this.store.touch();
        return { status: 201, body: this.view(record) };
      },
      ListConnections: ({ query, account }) => {
        const mine = Object.values(this.customers).filter((c) => c.ownerAccountId === account).sort((a, b) => a.createdAt - b.createdAt);
        const { items, nextPageToken } = paginate(mine, query);
        return { body: { connections: items.map((c) => this.view(c)), ...(nextPageToken ? { nextPageToken } : {}) } };
      },
      GetConnection: ({ params, account }) => ({ body: this.view(this.owned(account, params.id)) }),
      UpdateConnection: async ({ params, body, account }) => {
        const c = this.owned(account, params.id);
        const req = UpdateCloudConnectionRequestSchema.parse(body);
        const state = this.customerState(c);
        if (state === "deleted") throw notFound(`connection ${c.id} was deleted`);
        if (req.description !== undefined) c.description = req.description;
        if (req.bandwidthGbps !== undefined && req.bandwidthGbps !== c.bandwidthGbps) {
          await this.changeBandwidth(c, state, req.bandwidthGbps);
        }
        c.updatedAt = this.now();
        this.store.touch();
        return { body: this.view(c) };
      },
      DeleteConnection: async ({ params, account }) => {
        const c = this.owned(account, params.id);
        if (c.deletedAt === undefined) {
          c.deletedAt = this.now(); // invalidates the activation key at once
          c.updatedAt = this.now();
          for (const conn of this.connectionsFor(c.sharedConnectionUuid)) {
            this.deleteLocalConnection(conn, false);
            await this.deleteAtPartner(conn).catch(() => this.pendingPartnerDeletes.push(conn));
          }
          this.store.touch();
        }
        return { body: this.view(c) };
      },
    };
  }

  /**
   * Before activation the key is simply reissued; afterwards an in-place change is agreed with the partner through
   * UpdateConnection. A change that needs a migration is driven by the partner (the negotiator).
   */
  private async changeBandwidth(c: CloudCustomerConnectionRecord, state: CloudConnectionState, gbps: number): Promise<void> {
    const specs = this.connectionsFor(c.sharedConnectionUuid);
    if (state === "pending") {
      const payload = { ...decodeActivationKey(c.activationKey), connectionSizeMbps: gbps * 1000 };
      c.activationKey = Buffer.from(JSON.stringify(payload)).toString("base64");
      c.bandwidthGbps = gbps;
      return;
    }
    if (state !== "available" || specs.length !== 1) throw conflict(`connection ${c.id} is ${state}; retry when it is available`);
    const conn = specs[0];
    if (this.availableMbps(conn.environment, conn.interconnect) + conn.bandwidthMbps < gbps * 1000) {
      throw exhausted(`${conn.interconnect} has no room for ${gbps} Gbps; a migration is needed, which the partner drives: change the bandwidth at the partner`);
    }
    const previous = conn.bandwidthMbps;
    c.updateInFlight = true;
    this.reprovision(conn, gbps * 1000);
    try {
      const path = this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id);
      await this.peer.call("PATCH", path, { query: { updateMask: "bandwidthMbps" }, body: { bandwidthMbps: gbps * 1000 } });
      c.bandwidthGbps = gbps;
    } catch (err) {
      this.reprovision(conn, previous);
      throw err;
    } finally {
      c.updateInFlight = false;
    }
  }
}
