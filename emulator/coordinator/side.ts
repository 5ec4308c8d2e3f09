// One provider's side of the Connection Coordinator spec. Both roles serve the same 33 operations for their peer: the
// side holds what they share (names, lookups, the spec connection and feature records, the peer sync, tick) and
// composes the families that serve the operations (./topology.ts, ./keys.ts, ./connections.ts, ./macsec.ts,
// ./maintenance.ts, ./issues.ts). What differs between the cloud and the partner is one small set of rules (SideRules),
// which each role implements once (../cloud/rules.ts, ../partner/rules.ts).
import type { ActivationKeyPayload } from "../../schema/aws";
import type { SpecRequest } from "../../schema/spec";
import { ROLES, type RoleName } from "../defaults";
import { notFound } from "../http/errors";
import type { ChannelSpec, EnvironmentSpec, Inventory, InterconnectSpec } from "../world/inventory";
import {
  own,
  type FeatureRecord,
  type L3FeatureConfig,
  type RoleState,
  type SpecConnectionRecord,
  type Store,
} from "../state/store";
import { ConnectionFamily } from "./connections";
import { providerIdOf } from "./format";
import { FeatureGuidance } from "./guidance";
import { issueHandlers } from "./issues";
import { ActivationKeyFamily, type IssuedKey } from "./keys";
import { MacsecFamily } from "./macsec";
import { MaintenanceFamily } from "./maintenance";
import type { PeerClient } from "./peer-client";
import type { Lenient, SpecHandlers } from "./request";
import { TopologyFamily } from "./topology";

/** How often a connection that is final here re-reads a peer that still looks unfinished. */
const PEER_RECHECK_MS = 1000;

/**
 * The partner side of a connection as the cloud learns it (by sharedConnectionUuid): the state of the partner's newest
 * record of it, its size, and whether every link is down. The partner reports it; the cloud reads it through its
 * PartnerSignals port (../cloud/backend.ts), which ../server.ts wires.
 */
export interface PartnerSignal {
  state: string;
  bandwidthGbps: number;
  allLinksDown: boolean;
}

/** What the cloud and the partner decide differently about the spec's shared records. */
export interface SideRules {
  /** Capacity of an interconnect already used outside this emulation (the cloud's trap; none at the partner). */
  reservedElsewhereMbps(ic: InterconnectSpec): number;
  /** The key this role issued that a peer confirms, checked to be exactly that key (ConfirmActivationKey). */
  issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey;
  /** Validates a peer's CreateConnection proposal (beyond capacity), and links it to the customer's intent. */
  admitConnection(
    env: EnvironmentSpec,
    ic: InterconnectSpec,
    uuid: string,
    body: Lenient<SpecRequest<"CreateConnection">>,
  ): void;
  /** Validates a peer's UpdateConnection (e.g. 409 while a customer update is in flight) and records its effect. */
  admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void;
  /** Called after a connection is removed; byPeer when the peer asked for it. */
  onConnectionDeleted(conn: SpecConnectionRecord, byPeer: boolean): void;
  /** False keeps the feature pending (an injected provisioning failure). */
  beforeFinalize(feature: FeatureRecord): boolean;
  /**
   * The role's own background work, after the spec's (the partner's reconcilers, the cloud's retried deletes); true
   * when it did any.
   */
  tick(): Promise<boolean>;
}

export interface SideDeps {
  store: Store;
  inventory: Inventory;
  peer: PeerClient;
  provisioningDelayMs: number;
}

export class CoordinatorSide {
  readonly peerRole: RoleName;
  /** Our provider id, and the peer's. */
  readonly id: string;
  readonly peerId: string;
  readonly asn: number;
  readonly store: Store;
  readonly inventory: Inventory;
  readonly peer: PeerClient;
  private readonly provisioningDelayMs: number;
  readonly rules: SideRules;
  readonly keys = new ActivationKeyFamily(this);
  readonly guidance = new FeatureGuidance(this);
  readonly macsec = new MacsecFamily(this);
  readonly maintenance = new MaintenanceFamily(this);
  private readonly topology = new TopologyFamily(this);
  private readonly connections = new ConnectionFamily(this);

  /** `rulesOf` makes the role's rules, which may use the side (its records, its peer). */
  constructor(
    readonly name: RoleName,
    deps: SideDeps,
    rulesOf: (side: CoordinatorSide) => SideRules,
  ) {
    this.peerRole = name === "cloud" ? "partner" : "cloud";
    this.id = providerIdOf(name);
    this.peerId = providerIdOf(this.peerRole);
    this.asn = ROLES[name].asn;
    this.store = deps.store;
    this.inventory = deps.inventory;
    this.peer = deps.peer;
    this.provisioningDelayMs = deps.provisioningDelayMs;
    this.rules = rulesOf(this);
  }

  get state(): RoleState {
    return this.store.state[this.name];
  }

  now(): number {
    return this.store.now();
  }

  /** The 33 spec operations. */
  specHandlers(): SpecHandlers {
    return {
      ...this.topology.handlers(),
      ...this.keys.handlers(),
      ...this.connections.handlers(),
      ...this.maintenance.handlers(),
      ...this.macsec.handlers(),
      ...issueHandlers(this),
    };
  }

  // ---- resource names (our resources live under providers/<peer>/..., the prefix our caller uses) -------------------

  envName = (env: string) => `providers/${this.peerId}/environments/${env}`;
  icName = (env: string, ic: string) => `${this.envName(env)}/interconnects/${ic}`;
  chName = (env: string, ic: string, ch: string) => `${this.icName(env, ic)}/channels/${ch}`;
  connName = (env: string, ic: string, uuid: string) => `${this.icName(env, ic)}/connections/${uuid}`;
  /** The same resource name as the peer spells it (its prefix is our id). */
  toPeerName = (name: string) => name.replace(`providers/${this.peerId}/`, `providers/${this.id}/`);
  /** A name as the peer sent it (its resources under providers/<us>) in our namespace. */
  toOurName = (name: string) => name.replace(`providers/${this.id}/`, `providers/${this.peerId}/`);
  shortId = (name: string) => name.split("/").pop()!;

  // ---- lookups (404 when a request's path names nothing) -------------------------------------------------------------

  envOf(params: Record<string, string>): EnvironmentSpec {
    const env = this.inventory.environment(params.environment);
    if (!env) throw notFound(`environment ${params.environment} does not exist`);
    return env;
  }

  icOf(params: Record<string, string>): InterconnectSpec {
    const ic = this.inventory.interconnect(this.envOf(params).id, params.interconnect);
    if (!ic) throw notFound(`interconnect ${params.interconnect} does not exist in ${params.environment}`);
    return ic;
  }

  channelOf(params: Record<string, string>): ChannelSpec {
    const ch = this.icOf(params).channels.find((c) => c.id === params.channel);
    if (!ch) throw notFound(`channel ${params.channel} does not exist on ${params.interconnect}`);
    return ch;
  }

  /** The channel a request's path names, its interconnect, and our name of it. */
  channelAt(params: Record<string, string>): { ic: InterconnectSpec; ch: ChannelSpec; chName: string } {
    const ic = this.icOf(params);
    const ch = this.channelOf(params);
    return { ic, ch, chName: this.chName(params.environment, ic.id, ch.id) };
  }

  connOf(params: Record<string, string>): SpecConnectionRecord {
    this.icOf(params);
    const conn = this.connectionOn(params.environment, params.interconnect, params.connection);
    if (!conn) throw notFound(`connection ${params.connection} does not exist on ${params.interconnect}`);
    return conn;
  }

  /** Our record of a shared connection on one interconnect. */
  connectionOn(env: string, ic: string, uuid: string): SpecConnectionRecord | undefined {
    return own(this.state.specConnections, this.connName(env, ic, uuid));
  }

  connectionsFor(uuid: string): SpecConnectionRecord[] {
    return Object.values(this.state.specConnections).filter((c) => c.id === uuid);
  }

  featuresOf(connName: string): FeatureRecord[] {
    return Object.values(this.state.features)
      .filter((f) => f.connection === connName)
      .sort((a, b) => a.channel.localeCompare(b.channel));
  }

  /** Capacity this role can still reserve on an interconnect. */
  availableMbps(env: string, icId: string): number {
    const ic = this.inventory.interconnect(env, icId);
    if (!ic) return 0;
    const used = Object.values(this.state.specConnections)
      .filter((c) => c.environment === env && c.interconnect === icId)
      .reduce((sum, c) => sum + c.bandwidthMbps, 0);
    return ic.maxBandwidthMbps - this.rules.reservedElsewhereMbps(ic) - used;
  }

  /** A connection is ready once at least 3 of its 4 features exist, and final when all of those are final. */
  isLocallyFinal(conn: SpecConnectionRecord): boolean {
    const features = this.featuresOf(conn.name);
    return features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
  }

  isVerified(conn: SpecConnectionRecord): boolean {
    return this.isLocallyFinal(conn) && conn.notifiedFinal && conn.peerFinal;
  }

  /** The path parameters of one of our spec connections at the peer (its name under providers/<us>). */
  peerConnection(conn: SpecConnectionRecord): Record<string, string> {
    return { environment: conn.environment, interconnect: conn.interconnect, connection: conn.id };
  }

  // ---- the records (changed by the spec operations and by each role's customer API) ----------------------------------

  createLocalConnection(
    env: string,
    ic: string,
    uuid: string,
    bandwidthMbps: number,
    activationKey?: string,
  ): SpecConnectionRecord {
    const now = this.now();
    const conn: SpecConnectionRecord = {
      name: this.connName(env, ic, uuid),
      environment: env,
      interconnect: ic,
      id: uuid,
      bandwidthMbps,
      activationKey,
      adminState: "ADMIN_STATE_ENABLED",
      notifiedFinal: false,
      peerFinal: false,
      peerRefreshPending: false,
      createdAt: now,
      updatedAt: now,
    };
    this.state.specConnections[conn.name] = conn;
    return conn;
  }

  deleteLocalConnection(conn: SpecConnectionRecord, byPeer: boolean): void {
    for (const f of this.featuresOf(conn.name)) delete this.state.features[f.name];
    delete this.state.specConnections[conn.name];
    this.rules.onConnectionDeleted(conn, byPeer);
  }

  addLocalFeature(
    conn: SpecConnectionRecord,
    featureId: string,
    channel: string,
    config: L3FeatureConfig,
  ): FeatureRecord {
    const feature: FeatureRecord = {
      name: `${conn.name}/features/${featureId}`,
      connection: conn.name,
      channel,
      featureConfig: config,
      provisioningState: "PROVISIONING_STATE_PENDING",
      readyAt: this.now() + this.provisioningDelayMs,
      createdAt: this.now(),
    };
    this.state.features[feature.name] = feature;
    conn.notifiedFinal = false; // the new feature has to finalize before we report the connection final again
    conn.updatedAt = this.now();
    return feature;
  }

  /** Features go back to pending after a change (bandwidth); both sides re-confirm with NotifyConnectionStatus. */
  reprovision(conn: SpecConnectionRecord, bandwidthMbps: number): void {
    conn.bandwidthMbps = bandwidthMbps;
    conn.notifiedFinal = false;
    conn.peerFinal = false;
    conn.updatedAt = this.now();
    for (const f of this.featuresOf(conn.name)) {
      f.provisioningState = "PROVISIONING_STATE_PENDING";
      f.readyAt = this.now() + this.provisioningDelayMs;
    }
  }

  // ---- background work and the peer sync -----------------------------------------------------------------------------

  /**
   * Finalizes due features, tells the peer about final connections, refreshes after the peer's notifications, then
   * runs the role's own work; true when any of it did something (the ticker then writes the state).
   */
  async tick(): Promise<boolean> {
    const now = this.now();
    const due = Object.values(this.state.features).filter(
      (f) => f.provisioningState === "PROVISIONING_STATE_PENDING" && f.readyAt <= now,
    );
    for (const f of due) if (this.rules.beforeFinalize(f)) f.provisioningState = "PROVISIONING_STATE_FINAL";
    let synced = false;
    await Promise.allSettled(
      Object.values(this.state.specConnections).map(async (conn) => {
        // A refresh answered late can overwrite a newer one (two notifications in flight under load); re-check a
        // final, notified connection whose peer still looks unfinished instead of waiting for a notification that
        // already came.
        const peerLooksStuck = conn.notifiedFinal && !conn.peerFinal && this.isLocallyFinal(conn);
        if (peerLooksStuck && now - (conn.peerCheckedAt ?? 0) >= PEER_RECHECK_MS) conn.peerRefreshPending = true;
        if (conn.peerRefreshPending) {
          synced = true;
          await this.refreshFromPeer(conn);
        }
        if (!conn.notifiedFinal && this.isLocallyFinal(conn)) {
          synced = true;
          await this.notifyPeer(conn);
        }
      }),
    );
    const ruled = await this.rules.tick();
    return due.length > 0 || synced || ruled;
  }

  private async notifyPeer(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("NotifyConnectionStatus", this.peerConnection(conn), { body: {} });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err; // the peer dropped it: nothing left to tell
    }
    conn.notifiedFinal = true;
  }

  async refreshFromPeer(conn: SpecConnectionRecord): Promise<void> {
    let features: { provisioningState: string }[] = [];
    try {
      ({ features } = await this.peer.send("ListFeatures", this.peerConnection(conn), { query: { pageSize: 100 } }));
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    const current = own(this.state.specConnections, conn.name);
    if (!current) return;
    current.peerFinal =
      features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
    current.peerRefreshPending = false;
    current.peerCheckedAt = this.now();
  }
}
