// One role's records of the spec objects and the lookups over them: resource names, the 404 lookups of a request's
// path, the spec connections, features and MACsec keys. The families, the role's rules and its backend all read and
// change the records through this one object; it knows nothing of them.
import { ROLES, type RoleName } from "../identities";
import { notFound } from "../http/errors";
import type { Inventory } from "../world/inventory";
import type { ChannelSpec, EnvironmentSpec, InterconnectSpec } from "../world/catalog";
import {
  own,
  type FeatureRecord,
  type L3FeatureConfig,
  type MacSecKeyRecord,
  type RoleState,
  type SpecConnectionRecord,
  type Store,
} from "../state/store";
import { providerIdOf } from "./format";

export interface RecordDeps {
  store: Store;
  inventory: Inventory;
  provisioningDelayMs: number;
}

export class SpecRecords {
  readonly peerRole: RoleName;
  /** Our provider id, and the peer's. */
  readonly id: string;
  readonly peerId: string;
  readonly asn: number;
  readonly store: Store;
  readonly inventory: Inventory;
  private readonly provisioningDelayMs: number;
  private indexedFeatures?: { of: RoleState["features"]; byConnection: Map<string, Set<string>> };

  /** `reservedMbps`: capacity of an interconnect used outside this emulation (the cloud's trap; none at the partner). */
  constructor(
    readonly name: RoleName,
    deps: RecordDeps,
    private readonly reservedMbps: (ic: InterconnectSpec) => number,
  ) {
    this.peerRole = name === "cloud" ? "partner" : "cloud";
    this.id = providerIdOf(name);
    this.peerId = providerIdOf(this.peerRole);
    this.asn = ROLES[name].asn;
    this.store = deps.store;
    this.inventory = deps.inventory;
    this.provisioningDelayMs = deps.provisioningDelayMs;
  }

  get state(): RoleState {
    return this.store.state[this.name];
  }

  now(): number {
    return this.store.now();
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
  shortId = (name: string) => name.split("/").pop() ?? name;

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

  /** A connection's features, by channel. On every tick's path: looked up by name, never by a scan of all features. */
  featuresOf(connName: string): FeatureRecord[] {
    const features = this.state.features;
    return [...(this.featureIndex().get(connName) ?? [])]
      .map((name) => own(features, name))
      .filter((f): f is FeatureRecord => f?.connection === connName)
      .sort((a, b) => a.channel.localeCompare(b.channel));
  }

  /**
   * Feature names by connection: kept by addLocalFeature and deleteLocalFeature, rebuilt whenever the store holds
   * another state object (a load, a rollback). A stale name is harmless: featuresOf checks each one.
   */
  private featureIndex(): Map<string, Set<string>> {
    const features = this.state.features;
    if (this.indexedFeatures?.of !== features) {
      const byConnection = new Map<string, Set<string>>();
      for (const f of Object.values(features))
        byConnection.set(f.connection, (byConnection.get(f.connection) ?? new Set()).add(f.name));
      this.indexedFeatures = { of: features, byConnection };
    }
    return this.indexedFeatures.byConnection;
  }

  /** The MACsec keys on one of our channels, oldest first. */
  macsecKeysOn(chName: string): MacSecKeyRecord[] {
    return Object.values(this.state.macsecKeys)
      .filter((k) => k.channel === chName)
      .sort((a, b) => a.startTime - b.startTime);
  }

  activeMacsecKey(chName: string): MacSecKeyRecord | undefined {
    return this.macsecKeysOn(chName).find((k) => k.active);
  }

  /** Capacity this role can still reserve on an interconnect. */
  availableMbps(env: string, icId: string): number {
    const ic = this.inventory.interconnect(env, icId);
    if (!ic) return 0;
    const used = Object.values(this.state.specConnections)
      .filter((c) => c.environment === env && c.interconnect === icId)
      .reduce((sum, c) => sum + c.bandwidthMbps, 0);
    return ic.maxBandwidthMbps - this.reservedMbps(ic) - used;
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

  // ---- changes (by the spec operations and by each role's customer API) ----------------------------------------------

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

  /** Removes a connection and its features (the peer's DeleteConnection also tells the role's rules). */
  deleteLocalConnection(conn: SpecConnectionRecord): void {
    for (const f of this.featuresOf(conn.name)) this.deleteLocalFeature(f);
    delete this.state.specConnections[conn.name];
  }

  deleteLocalFeature(feature: FeatureRecord): void {
    delete this.state.features[feature.name];
    this.featureIndex().get(feature.connection)?.delete(feature.name);
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
    const index = this.featureIndex();
    index.set(conn.name, (index.get(conn.name) ?? new Set()).add(feature.name));
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
}
