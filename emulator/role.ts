// The spec (Connection Coordinator) side of one emulated provider. Both roles serve the same 33 operations for their
// peer; the subclasses (cloud.ts, partner.ts) add their customer API and the role-specific admission rules.
import { randomBytes } from "node:crypto";
import { decodeActivationKey, type ActivationKeyPayload } from "../schema/aws";
import {
  CLOUD_ASN,
  CLOUD_PROVIDER_ID,
  MACSEC_BAKE_MS,
  PARTNER_ASN,
  PARTNER_PROVIDER_ID,
  type RoleName,
} from "./defaults";
import { conflict, exhausted, invalidArgument, notFound, permissionDenied } from "./errors";
import type { Faults } from "./faults";
import type { ChannelSpec, EnvironmentSpec, Inventory, InterconnectSpec } from "./inventory";
import * as ip from "./ipv4";
import { paginate, type PageQuery } from "./paging";
import { issueHandlers } from "./spec-issues";
import type { PeerClient } from "./peer-client";
import type {
  FeatureRecord,
  L3FeatureConfig,
  MacSecKeyRecord,
  MaintenanceRecord,
  RoleState,
  SpecConnectionRecord,
  Store,
} from "./store";
import { own } from "./store";

/** How often a connection that is final here re-reads a peer that still looks unfinished. */
const PEER_RECHECK_MS = 1000;

export interface SpecCall {
  params: Record<string, string>;
  query: Record<string, string | undefined> & PageQuery;
  body: any;
}
export type SpecHandler = (call: SpecCall) => unknown | Promise<unknown>;

export const providerIdOf = (role: RoleName) => (role === "cloud" ? CLOUD_PROVIDER_ID : PARTNER_PROVIDER_ID);
export const DISPLAY_NAMES: Record<string, string> = { [CLOUD_PROVIDER_ID]: "Example Cloud", [PARTNER_PROVIDER_ID]: "Example Partner" };

/** Link-local space the L3 features are carved from, and the MTU/VLAN ranges both roles accept. */
export const L3_SUPERNET = "169.254.0.0/16";
export const VLAN_RANGE = { start: 1025, stop: 4094 };
export const MTU_RANGE = { start: 1500, stop: 8500 };
const ALLOWED_PREFIXES = [30, 29];

export const iso = (ms: number) => new Date(ms).toISOString();
export const randomId = (prefix: string, bytes = 6) => `${prefix}-${randomBytes(bytes).toString("hex")}`;

/** The key's payload (schema/aws.ts codec), or 400 when it is not a key. */
export function parseActivationKey(encoded: string): ActivationKeyPayload {
  const key = decodeActivationKey(encoded);
  if (key) return key;
  throw invalidArgument("activation key is not a base64-encoded ActivationKey (version, destinationEnvironmentUri, sharedConnectionUuid, connectionSizeMbps, destinationAccountId?)");
}

/** Environment id from a destinationEnvironmentUri such as "providers/partner/environments/us-east-1:nyc". */
export const environmentOfUri = (uri: string) => uri.split("/environments/").pop() ?? uri;

export interface RoleDeps {
  store: Store;
  inventory: Inventory;
  peer: PeerClient;
  faults: Faults;
  provisioningDelayMs: number;
}

export abstract class ProviderRole {
  readonly id: string;
  readonly peerId: string;
  readonly asn: number;
  protected readonly store: Store;
  protected readonly inventory: Inventory;
  readonly peer: PeerClient;
  protected readonly faults: Faults;
  protected readonly provisioningDelayMs: number;

  constructor(
    readonly name: RoleName,
    readonly peerRole: RoleName,
    deps: RoleDeps,
  ) {
    this.id = providerIdOf(name);
    this.peerId = providerIdOf(peerRole);
    this.asn = name === "cloud" ? CLOUD_ASN : PARTNER_ASN;
    this.store = deps.store;
    this.inventory = deps.inventory;
    this.peer = deps.peer;
    this.faults = deps.faults;
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
  shortId = (name: string) => name.split("/").pop() as string;

  // ---- lookups ----------------------------------------------------------------------------------------------------

  protected envOf(params: Record<string, string>): EnvironmentSpec {
    const env = this.inventory.environment(params.environment);
    if (!env) throw notFound(`environment ${params.environment} does not exist`);
    return env;
  }

  protected icOf(params: Record<string, string>): InterconnectSpec {
    const ic = this.inventory.interconnect(this.envOf(params).id, params.interconnect);
    if (!ic) throw notFound(`interconnect ${params.interconnect} does not exist in ${params.environment}`);
    return ic;
  }

  protected channelOf(params: Record<string, string>): ChannelSpec {
    const ch = this.icOf(params).channels.find((c) => c.id === params.channel);
    if (!ch) throw notFound(`channel ${params.channel} does not exist on ${params.interconnect}`);
    return ch;
  }

  protected connOf(params: Record<string, string>): SpecConnectionRecord {
    this.icOf(params);
    const conn = own(this.state.connections, this.connName(params.environment, params.interconnect, params.connection));
    if (!conn) throw notFound(`connection ${params.connection} does not exist on ${params.interconnect}`);
    return conn;
  }

  connectionsFor(uuid: string): SpecConnectionRecord[] {
    return Object.values(this.state.connections).filter((c) => c.id === uuid);
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
    const used = Object.values(this.state.connections)
      .filter((c) => c.environment === env && c.interconnect === icId)
      .reduce((sum, c) => sum + c.bandwidthMbps, 0);
    return ic.maxBandwidthMbps - this.reservedElsewhereMbps(ic) - used;
  }

  /** A connection is ready once at least 3 of its 4 features exist, and final when all of those are final. */
  isLocallyFinal(conn: SpecConnectionRecord): boolean {
    const features = this.featuresOf(conn.name);
    return features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
  }

  isVerified(conn: SpecConnectionRecord): boolean {
    return this.isLocallyFinal(conn) && conn.notifiedFinal && conn.peerFinal;
  }

  // ---- hooks for the concrete roles --------------------------------------------------------------------------------

  /** Capacity of the interconnect already used outside this emulation (cloud-side trap). */
  protected reservedElsewhereMbps(_ic: InterconnectSpec): number {
    return 0;
  }
  protected confirmActivationKey(_env: EnvironmentSpec, _key: ActivationKeyPayload, _encoded: string): void {
    throw notFound(`providers/${this.id} issued no activation keys`);
  }
  /** Validates a peer's CreateConnection proposal (beyond capacity), and links it to the customer's intent. */
  protected abstract admitConnection(env: EnvironmentSpec, ic: InterconnectSpec, uuid: string, body: any): void;
  /** Validates a peer's UpdateConnection (e.g. 409 while a customer update is in flight) and records its effect. */
  protected abstract admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void;
  /** Called after a connection is removed; byPeer when the peer asked for it. */
  protected abstract onConnectionDeleted(conn: SpecConnectionRecord, byPeer: boolean): void;
  /** Return false to keep the feature pending (e.g. an injected provisioning failure). */
  protected beforeFinalize(_feature: FeatureRecord): boolean {
    return true;
  }

  // ---- local mutations shared with the customer-facing code ----------------------------------------------------

  createLocalConnection(env: string, ic: string, uuid: string, bandwidthMbps: number, activationKey?: string): SpecConnectionRecord {
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
    this.state.connections[conn.name] = conn;
    this.store.touch();
    return conn;
  }

  deleteLocalConnection(conn: SpecConnectionRecord, byPeer: boolean): void {
    for (const f of this.featuresOf(conn.name)) delete this.state.features[f.name];
    delete this.state.connections[conn.name];
    this.store.touch();
    this.onConnectionDeleted(conn, byPeer);
  }

  addLocalFeature(conn: SpecConnectionRecord, featureId: string, channel: string, config: L3FeatureConfig): FeatureRecord {
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
    this.store.touch();
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
    this.store.touch();
  }

  // ---- background work -----------------------------------------------------------------------------------------------

  /** Finalizes due features, tells the peer about final connections and refreshes after the peer's notifications. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const f of Object.values(this.state.features)) {
      if (f.provisioningState === "PROVISIONING_STATE_PENDING" && f.readyAt <= now && this.beforeFinalize(f)) {
        f.provisioningState = "PROVISIONING_STATE_FINAL";
        this.store.touch();
      }
    }
    await Promise.allSettled(
      Object.values(this.state.connections).map(async (conn) => {
        // A refresh answered late can overwrite a newer one (two notifications in flight under load); re-check a
        // final, notified connection whose peer still looks unfinished instead of waiting for a notification that
        // already came.
        const peerLooksStuck = conn.notifiedFinal && !conn.peerFinal && this.isLocallyFinal(conn);
        if (peerLooksStuck && now - (conn.peerCheckedAt ?? 0) >= PEER_RECHECK_MS) conn.peerRefreshPending = true;
        if (conn.peerRefreshPending) await this.refreshFromPeer(conn);
        if (!conn.notifiedFinal && this.isLocallyFinal(conn)) await this.notifyPeer(conn);
      }),
    );
  }

  private async notifyPeer(conn: SpecConnectionRecord): Promise<void> {
    const path = this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id, "NotifyConnectionStatus");
    try {
      await this.peer.call("POST", path, { body: {} });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err; // the peer dropped it: nothing left to tell
    }
    conn.notifiedFinal = true;
    this.store.touch();
  }

  private async refreshFromPeer(conn: SpecConnectionRecord): Promise<void> {
    const path = this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id, "features");
    let features: Array<{ provisioningState?: string }> = [];
    try {
      features = (await this.peer.call<{ features?: typeof features }>("GET", path, { query: { pageSize: 100 } })).features ?? [];
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    const current = own(this.state.connections, conn.name);
    if (!current) return;
    current.peerFinal = features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
    current.peerRefreshPending = false;
    current.peerCheckedAt = this.now();
    this.store.touch();
  }

  // ---- MACsec ------------------------------------------------------------------------------------------------------

  keysOn(chName: string): MacSecKeyRecord[] {
    return Object.values(this.state.macsecKeys)
      .filter((k) => k.channel === chName)
      .sort((a, b) => a.startTime - b.startTime);
  }

  activeKey(chName: string): MacSecKeyRecord | undefined {
    return this.keysOn(chName).find((k) => k.active);
  }

  /**
   * The spec's rotation rules, checked before a key is added to a channel: only the channel's macsecManagerProvider
   * adds keys; at most 2 keys per channel and N+1 per interconnect; one channel of an interconnect rotates at a time;
   * after a rotation (or a channel's first key) a 2-hour bake applies. A channel's first key may be installed in
   * parallel with other channels' first keys.
   */
  private checkKeyCreation(env: string, ic: InterconnectSpec, ch: ChannelSpec, creator: RoleName): "initial" | "rotation" {
    if (ch.macsecManager !== creator) {
      throw conflict(`MACsec keys of ${ch.id} are managed by providers/${providerIdOf(ch.macsecManager)}; only that provider may create them`);
    }
    const chName = this.chName(env, ic.id, ch.id);
    const onChannel = this.keysOn(chName);
    if (onChannel.length >= 2) throw conflict(`${ch.id} already holds 2 MACsec keys (a rotation is in progress); delete the inactive key first`);
    if (onChannel.length === 0) return "initial";
    const rotating = ic.channels.find((c) => c.id !== ch.id && this.keysOn(this.chName(env, ic.id, c.id)).length >= 2);
    if (rotating) throw conflict(`${rotating.id} of ${ic.id} is rotating its MACsec key; only one channel of an interconnect may rotate at a time`);
    const icKeys = ic.channels.flatMap((c) => this.keysOn(this.chName(env, ic.id, c.id)));
    if (icKeys.length >= ic.channels.length + 1) throw conflict(`${ic.id} already holds ${icKeys.length} MACsec keys (limit: channels + 1)`);
    const now = this.now();
    const bakeStart = Math.max(own(this.state.lastRotationAt, this.icName(env, ic.id)) ?? 0, onChannel[onChannel.length - 1].startTime);
    if (now - bakeStart < MACSEC_BAKE_MS) {
      throw conflict(`MACsec bake time: no rotation on ${ic.id} until ${iso(bakeStart + MACSEC_BAKE_MS)} (2 hours after the last key change)`);
    }
    return "rotation";
  }

  private addKey(env: string, ic: InterconnectSpec, ch: ChannelSpec, creator: RoleName, keyId: string, cak: string, ckn: string): MacSecKeyRecord {
    const kind = this.checkKeyCreation(env, ic, ch, creator);
    const chName = this.chName(env, ic.id, ch.id);
    const name = `${chName}/macSecKeys/${keyId}`;
    if (own(this.state.macsecKeys, name)) throw conflict(`MACsec key ${keyId} already exists on ${ch.id}`, "ALREADY_EXISTS");
    // The router adopts the new key at once; the older keys become inactive so the manager can delete them.
    for (const k of this.keysOn(chName)) k.active = false;
    const key: MacSecKeyRecord = { name, channel: chName, cak, ckn, startTime: this.now(), active: true };
    this.state.macsecKeys[name] = key;
    if (kind === "rotation") this.state.lastRotationAt[this.icName(env, ic.id)] = this.now();
    this.store.touch();
    return key;
  }

  /** As the channel's MACsec manager: install a new key locally, then hand it to the peer (CreateMacSecKey). */
  async rotateKeyAsManager(env: string, icId: string, chId: string): Promise<MacSecKeyRecord> {
    const ic = this.inventory.interconnect(env, icId);
    const ch = ic?.channels.find((c) => c.id === chId);
    if (!ic || !ch) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    const key = this.addKey(env, ic, ch, this.name, randomId("mk"), randomBytes(32).toString("hex"), randomBytes(32).toString("hex"));
    try {
      await this.peer.call("POST", this.peer.path("environments", env, "interconnects", icId, "channels", chId, "macSecKeys"), {
        query: { macSecKeyId: this.shortId(key.name) },
        body: { name: this.toPeerName(key.name), cak: key.cak, ckn: key.ckn },
      });
    } catch (err) {
      // Fail closed: a key the peer refused must not stay installed on our side.
      delete this.state.macsecKeys[key.name];
      const previous = this.keysOn(key.channel).pop();
      if (previous) previous.active = true;
      this.store.touch();
      throw err;
    }
    return key;
  }

  // ---- maintenance -------------------------------------------------------------------------------------------------

  /** Refuses a window that overlaps scheduled maintenance on another channel of the same interconnect. */
  private checkMaintenanceWindow(env: string, ic: InterconnectSpec, chId: string, start: number, end: number): void {
    for (const other of ic.channels.filter((c) => c.id !== chId)) {
      const otherName = this.chName(env, ic.id, other.id);
      const clash = this.state.maintenance.find((m) => m.channel === otherName && m.startTime < end && start < m.endTime);
      if (clash) {
        throw conflict(`${other.id} of ${ic.id} is in scheduled maintenance ${iso(clash.startTime)}..${iso(clash.endTime)} (${clash.maintenanceId}); two channels of one interconnect may not be in maintenance at once`);
      }
    }
  }

  /** Schedules maintenance on one of our channels and pushes NotifyMaintenance to the peer. */
  async scheduleMaintenance(env: string, icId: string, chId: string, start: number, end: number): Promise<MaintenanceRecord> {
    const ic = this.inventory.interconnect(env, icId);
    if (!ic || !ic.channels.some((c) => c.id === chId)) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    if (!(end > start)) throw invalidArgument("endTime must be after startTime");
    this.checkMaintenanceWindow(env, ic, chId, start, end);
    const event: MaintenanceRecord = { maintenanceId: randomId("mnt"), channel: this.chName(env, icId, chId), startTime: start, endTime: end, origin: "local" };
    this.state.maintenance.push(event);
    this.store.touch();
    const events = this.maintenanceEventsOf(event.channel).map(this.maintenanceView);
    await this.peer.call("POST", this.peer.path("environments", env, "interconnects", icId, "channels", chId, "NotifyMaintenance"), { body: { events } });
    return event;
  }

  private maintenanceEventsOf(chName: string): MaintenanceRecord[] {
    return this.state.maintenance.filter((m) => m.channel === chName && m.origin === "local").sort((a, b) => a.startTime - b.startTime);
  }

  private maintenanceView = (m: MaintenanceRecord) => ({ maintenanceId: m.maintenanceId, startTime: iso(m.startTime), endTime: iso(m.endTime) });

  // ---- views -------------------------------------------------------------------------------------------------------

  protected environmentView(env: EnvironmentSpec) {
    return {
      name: this.envName(env.id),
      providerSites: [
        { providerId: `providers/${CLOUD_PROVIDER_ID}`, site: env.cloudRegion, displayName: env.cloudRegionDisplay },
        { providerId: `providers/${PARTNER_PROVIDER_ID}`, site: env.partnerMetro, displayName: env.partnerMetroDisplay },
      ],
      apiUri: `providers/${this.id}/environments/${env.id}`,
      supportedConnectionSizeMbps: env.supportedBandwidthsGbps.map((g) => g * 1000),
      supportedFeatures: ["FEATURE_TYPE_L3_BASE"],
      environmentVisibility: "ENVIRONMENT_VISIBILITY_PUBLIC",
      deferralTimeoutHours: 24,
      deferConnectionProvisioning: false,
    };
  }

  protected interconnectView(env: EnvironmentSpec, ic: InterconnectSpec) {
    return {
      name: this.icName(env.id, ic.id),
      supportedConnectionSizeMbps: env.supportedBandwidthsGbps.map((g) => g * 1000),
      supportedFeatures: ["FEATURE_TYPE_L3_BASE"],
      state: "INTERCONNECT_STATE_ACTIVE",
      maxBandwidthMbps: ic.maxBandwidthMbps,
      availableBandwidthMbps: Math.max(0, this.availableMbps(env.id, ic.id)),
    };
  }

  protected channelView(env: string, ic: InterconnectSpec, ch: ChannelSpec) {
    return {
      name: this.chName(env, ic.id, ch.id),
      macsecManagerProvider: `providers/${providerIdOf(ch.macsecManager)}`,
      crossConnectManagerProvider: `providers/${PARTNER_PROVIDER_ID}`,
      aggregateChannelSizeGbps: ic.channelMemberSizeGbps * ic.membersPerChannel,
      channelMemberSizeGbps: ic.channelMemberSizeGbps,
      obfuscatedDeviceId: ch.device,
      demarc: ch.demarc,
      adminState: "ADMIN_STATE_ENABLED",
    };
  }

  connectionView(conn: SpecConnectionRecord) {
    return {
      name: conn.name,
      ...(conn.activationKey ? { activationKey: conn.activationKey } : {}),
      bandwidthMbps: conn.bandwidthMbps,
      adminState: conn.adminState,
      verificationState: this.isVerified(conn) ? "VERIFICATION_STATE_VERIFIED" : "VERIFICATION_STATE_UNVERIFIED",
    };
  }

  protected featureView = (f: FeatureRecord) => ({
    name: f.name,
    channel: f.channel,
    featureConfig: f.featureConfig,
    provisioningState: f.provisioningState,
  });

  private keyView = (k: MacSecKeyRecord) => ({ name: k.name, cak: k.cak, ckn: k.ckn, startTime: iso(k.startTime), active: k.active });

  // ---- feature guidance and validation -------------------------------------------------------------------------

  private usedSubnets(chName: string): ip.Cidr[] {
    return Object.values(this.state.features)
      .filter((f) => f.channel === chName)
      .map((f) => ip.parseCidr(`${f.featureConfig.l3BaseConfig.ipv4Subnet}/${f.featureConfig.l3BaseConfig.ipv4SubnetPrefixLength}`))
      .filter((c): c is ip.Cidr => c !== undefined);
  }

  /** First free /30, starting at an offset per interconnect so the emulated addresses read well. */
  private preferredSubnet(env: string, ic: InterconnectSpec, chName: string): string | undefined {
    const supernet = ip.parseCidr(L3_SUPERNET) as ip.Cidr;
    const used = this.usedSubnets(chName);
    const icIndex = this.inventory.environment(env)?.interconnects.indexOf(ic) ?? 0;
    for (let offset = (icIndex + 1) * 256 * 16; offset < ip.size(supernet); offset += 4) {
      const candidate = { base: supernet.base + offset, prefix: 30 };
      if (!used.some((u) => ip.overlaps(u, candidate))) return ip.format(candidate);
    }
    return undefined;
  }

  private guidanceFor(env: string, ic: InterconnectSpec, ch: ChannelSpec) {
    const chName = this.chName(env, ic.id, ch.id);
    const preferred = this.preferredSubnet(env, ic, chName);
    return {
      featureType: "FEATURE_TYPE_L3_BASE",
      channel: chName,
      channelAdminState: "ADMIN_STATE_ENABLED",
      l3BaseGuidance: {
        asnRanges: [{ start: this.asn, stop: this.asn }],
        ipv4SubnetGuidance: [{ includeSubnet: L3_SUPERNET, excludeSubnets: this.usedSubnets(chName).map(ip.format), ...(preferred ? { preferredSubnet: preferred } : {}) }],
        ipv4AllowedSubnetPrefixLengths: ALLOWED_PREFIXES,
        vlanRanges: [VLAN_RANGE],
        mtuRanges: [MTU_RANGE],
        maxReceivedBgpRoutePrefixes: 100,
      },
    };
  }

  /** Rejects a proposed feature that deviates from our guidance (400) or collides with another feature (409). */
  private validateFeature(conn: SpecConnectionRecord, ic: InterconnectSpec, body: any): { channel: ChannelSpec; config: L3FeatureConfig } {
    const chId = typeof body?.channel === "string" ? this.shortId(body.channel) : undefined;
    const ch = ic.channels.find((c) => c.id === chId);
    if (!ch || this.chName(conn.environment, ic.id, ch.id) !== this.toOurName(body.channel)) {
      throw invalidArgument(`feature.channel must name a channel of ${ic.id}, e.g. ${this.toPeerName(this.chName(conn.environment, ic.id, "ch1"))}`);
    }
    const chName = this.chName(conn.environment, ic.id, ch.id);
    if (this.featuresOf(conn.name).some((f) => f.channel === chName)) throw conflict(`connection already has a feature on ${ch.id}`, "ALREADY_EXISTS");
    const config = body.featureConfig;
    const l3 = config?.l3BaseConfig;
    if (config?.featureType !== "FEATURE_TYPE_L3_BASE" || !l3) throw invalidArgument("featureConfig must be a FEATURE_TYPE_L3_BASE with l3BaseConfig");
    const vlan = l3.vlanId;
    if (!Number.isInteger(vlan) || vlan < VLAN_RANGE.start || vlan > VLAN_RANGE.stop) throw invalidArgument(`vlanId must be within ${VLAN_RANGE.start}-${VLAN_RANGE.stop}`);
    if (!Number.isInteger(l3.mtuBytes) || l3.mtuBytes < MTU_RANGE.start || l3.mtuBytes > MTU_RANGE.stop) throw invalidArgument(`mtuBytes must be within ${MTU_RANGE.start}-${MTU_RANGE.stop}`);
    const subnet = ip.parseCidr(`${l3.ipv4Subnet}/${l3.ipv4SubnetPrefixLength}`);
    if (!subnet || !ALLOWED_PREFIXES.includes(subnet.prefix) || !ip.isAligned(subnet) || !ip.contains(ip.parseCidr(L3_SUPERNET) as ip.Cidr, subnet)) {
      throw invalidArgument(`ipv4Subnet must be an aligned /${ALLOWED_PREFIXES.join(" or /")} inside ${L3_SUPERNET}`);
    }
    if (typeof l3.md5BgpPassword !== "string" || l3.md5BgpPassword.length < 8) throw invalidArgument("md5BgpPassword (at least 8 characters) is required");
    const bgp: Array<{ provider?: string; asn?: number; hostIpv4?: string }> = Array.isArray(l3.providerBgpConfigs) ? l3.providerBgpConfigs : [];
    const ours = bgp.find((b) => b.provider === `providers/${this.id}`);
    const theirs = bgp.find((b) => b.provider === `providers/${this.peerId}`);
    if (!ours || !theirs) throw invalidArgument(`providerBgpConfigs must hold one entry for providers/${this.id} and one for providers/${this.peerId}`);
    if (ours.asn !== this.asn) throw invalidArgument(`the ASN of providers/${this.id} must be ${this.asn} (see asnRanges in the guidance)`);
    if (!Number.isInteger(theirs.asn) || (theirs.asn as number) <= 0) throw invalidArgument(`the ASN of providers/${this.peerId} must be a positive integer`);
    for (const b of [ours, theirs]) {
      if (!b.hostIpv4 || !ip.ipInCidr(b.hostIpv4, subnet)) throw invalidArgument(`hostIpv4 ${b.hostIpv4} of ${b.provider} is not a host address of ${l3.ipv4Subnet}/${l3.ipv4SubnetPrefixLength}`);
    }
    if (ours.hostIpv4 === theirs.hostIpv4) throw invalidArgument("the two BGP hosts need different addresses");
    const others = Object.values(this.state.features).filter((f) => f.channel === chName);
    if (others.some((f) => f.featureConfig.l3BaseConfig.vlanId === vlan)) throw conflict(`VLAN ${vlan} is already used on ${ch.id}`);
    if (this.usedSubnets(chName).some((u) => ip.overlaps(u, subnet))) throw conflict(`subnet ${ip.format(subnet)} overlaps a subnet already used on ${ch.id}`);
    const normalized: L3FeatureConfig = {
      featureType: "FEATURE_TYPE_L3_BASE",
      l3BaseConfig: {
        ipv4Subnet: l3.ipv4Subnet,
        ipv4SubnetPrefixLength: l3.ipv4SubnetPrefixLength,
        mtuBytes: l3.mtuBytes,
        vlanId: vlan,
        providerBgpConfigs: [ours, theirs].map((b) => ({ provider: b.provider as string, asn: b.asn as number, hostIpv4: b.hostIpv4 as string })),
        md5BgpPassword: l3.md5BgpPassword,
      },
    };
    return { channel: ch, config: normalized };
  }

  /** A name as the peer sent it (its resources under providers/<us>) in our namespace. */
  private toOurName = (name: string) => name.replace(`providers/${this.id}/`, `providers/${this.peerId}/`);

  // ---- the 33 spec operations --------------------------------------------------------------------------------------

  specHandlers(): Record<string, SpecHandler> {
    const page = <T>(key: string, items: T[], query: PageQuery) => {
      const { items: slice, nextPageToken } = paginate(items, query);
      return { [key]: slice, ...(nextPageToken ? { nextPageToken } : {}) };
    };
    const providers = () => [this.id, this.peerId].map((id) => ({ name: `providers/${id}`, displayName: DISPLAY_NAMES[id] }));

    return {
      ListProviders: ({ query }) => {
        const { items, nextPageToken } = paginate(providers(), query);
        return { providers: items, environments: items, ...(nextPageToken ? { nextPageToken } : {}) };
      },
      GetProvider: ({ params }) => {
        const found = providers().find((p) => p.name === `providers/${params.provider}`);
        if (!found) throw notFound(`provider ${params.provider} does not exist`);
        return found;
      },
      ListEnvironments: ({ query }) => page("environments", this.inventory.catalog.environments.map((e) => this.environmentView(e)), query),
      GetEnvironment: ({ params }) => this.environmentView(this.envOf(params)),
      ConfirmActivationKey: ({ params, body }) => {
        const env = this.envOf(params);
        let encoded: string | undefined = body?.encodedKey;
        if (!encoded && body?.key) encoded = Buffer.from(JSON.stringify(body.key)).toString("base64");
        if (!encoded) throw invalidArgument("encodedKey is required");
        const key = parseActivationKey(encoded);
        if (environmentOfUri(key.destinationEnvironmentUri) !== env.id) {
          throw invalidArgument(`the key is for environment ${environmentOfUri(key.destinationEnvironmentUri)}, not ${env.id}`);
        }
        this.confirmActivationKey(env, key, encoded);
        return { keyValid: true };
      },
      ListInterconnects: ({ params, query }) => {
        const env = this.envOf(params);
        return page("interconnects", env.interconnects.map((ic) => this.interconnectView(env, ic)), query);
      },
      GetInterconnect: ({ params }) => this.interconnectView(this.envOf(params), this.icOf(params)),
      ListChannels: ({ params, query }) => {
        const ic = this.icOf(params);
        return page("channels", ic.channels.map((ch) => this.channelView(params.environment, ic, ch)), query);
      },
      GetChannel: ({ params }) => this.channelView(params.environment, this.icOf(params), this.channelOf(params)),
      NotifyMaintenance: async ({ params, body }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        const chName = this.chName(params.environment, ic.id, ch.id);
        for (const e of Array.isArray(body?.events) ? body.events : []) {
          const [start, end] = [Date.parse(e?.startTime), Date.parse(e?.endTime)];
          if (!(end > start)) throw invalidArgument("every event needs a startTime before its endTime (RFC 3339)");
          this.checkMaintenanceWindow(params.environment, ic, ch.id, start, end);
        }
        // The notification only says "changed": refresh the channel's events from the peer.
        const fresh = await this.peer.call<{ events?: Array<{ maintenanceId: string; startTime: string; endTime: string }> }>(
          "GET",
          this.peer.path("environments", params.environment, "interconnects", ic.id, "channels", ch.id, "maintenanceEvents"),
          { query: { pageSize: 1000 } },
        );
        this.state.maintenance = this.state.maintenance.filter((m) => !(m.channel === chName && m.origin === "peer"));
        for (const e of (fresh.events ?? []).filter((ev) => Date.parse(ev.endTime) > Date.parse(ev.startTime))) {
          this.state.maintenance.push({ maintenanceId: e.maintenanceId, channel: chName, startTime: Date.parse(e.startTime), endTime: Date.parse(e.endTime), origin: "peer" });
        }
        this.store.touch();
        return {};
      },
      GetMaintenanceEvents: ({ params, query }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        return page("events", this.maintenanceEventsOf(this.chName(params.environment, ic.id, ch.id)).map(this.maintenanceView), query);
      },
      RequestMacSecKeyRotation: async ({ params }) => {
        const ch = this.channelOf(params);
        if (ch.macsecManager !== this.name) {
          throw conflict(`MACsec keys of ${ch.id} are managed by providers/${this.peerId} (you); rotate them yourself`);
        }
        await this.rotateKeyAsManager(params.environment, params.interconnect, ch.id);
        return {};
      },
      ListMacSecKeys: ({ params, query }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        return page("macSecKeys", this.keysOn(this.chName(params.environment, ic.id, ch.id)).map(this.keyView), query);
      },
      CreateMacSecKey: ({ params, query, body }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        if (!query.macSecKeyId) throw invalidArgument("macSecKeyId is required");
        if (typeof body?.cak !== "string" || typeof body?.ckn !== "string" || !body.cak || !body.ckn) throw invalidArgument("cak and ckn are required");
        return this.keyView(this.addKey(params.environment, ic, ch, this.peerRole, query.macSecKeyId, body.cak, body.ckn));
      },
      GetMacSecKey: ({ params }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        const key = own(this.state.macsecKeys, `${this.chName(params.environment, ic.id, ch.id)}/macSecKeys/${params.macSecKey}`);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        return this.keyView(key);
      },
      DeleteMacSecKey: ({ params }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        if (ch.macsecManager !== this.peerRole) throw permissionDenied(`MACsec keys of ${ch.id} are managed by providers/${this.id}; you may not delete them`);
        const name = `${this.chName(params.environment, ic.id, ch.id)}/macSecKeys/${params.macSecKey}`;
        const key = own(this.state.macsecKeys, name);
        if (!key) throw notFound(`MACsec key ${params.macSecKey} does not exist on ${ch.id}`);
        if (key.active) throw conflict(`MACsec key ${params.macSecKey} is active on ${ch.id}; only inactive keys can be deleted`, "FAILED_PRECONDITION");
        delete this.state.macsecKeys[name];
        this.store.touch();
        return {};
      },
      ListConnections: ({ params, query }) => {
        this.icOf(params);
        const prefix = `${this.icName(params.environment, params.interconnect)}/connections/`;
        const conns = Object.values(this.state.connections).filter((c) => c.name.startsWith(prefix)).sort((a, b) => a.createdAt - b.createdAt);
        return page("connections", conns.map((c) => this.connectionView(c)), query);
      },
      CreateConnection: ({ params, query, body }) => {
        const env = this.envOf(params);
        const ic = this.icOf(params);
        const uuid = query.connectionId;
        if (!uuid) throw invalidArgument("connectionId is required");
        if (own(this.state.connections, this.connName(env.id, ic.id, uuid))) throw conflict(`connection ${uuid} already exists on ${ic.id}`, "ALREADY_EXISTS");
        if (body?.deferProvisioning === true) throw invalidArgument(`providers/${this.id} does not accept deferred provisioning in ${env.id}`);
        const mbps = body?.bandwidthMbps;
        if (!env.supportedBandwidthsGbps.map((g) => g * 1000).includes(mbps)) {
          throw invalidArgument(`bandwidthMbps must be one of ${env.supportedBandwidthsGbps.map((g) => g * 1000).join(", ")}`);
        }
        if (this.availableMbps(env.id, ic.id) < mbps) throw exhausted(`${ic.id} has only ${Math.max(0, this.availableMbps(env.id, ic.id))} Mbps left; choose another interconnect`);
        this.admitConnection(env, ic, uuid, body);
        return this.connectionView(this.createLocalConnection(env.id, ic.id, uuid, mbps, body.activationKey));
      },
      GetConnection: ({ params }) => this.connectionView(this.connOf(params)),
      UpdateConnection: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const mask = (query.updateMask ?? Object.keys(body ?? {}).join(",")).split(",").map((s) => s.trim()).filter(Boolean);
        const unsupported = mask.filter((f) => f !== "bandwidthMbps");
        if (unsupported.length) throw invalidArgument(`only bandwidthMbps can be updated (got ${unsupported.join(", ")})`);
        if (!mask.includes("bandwidthMbps")) return this.connectionView(conn);
        const mbps = body?.bandwidthMbps;
        const env = this.envOf(params);
        if (!env.supportedBandwidthsGbps.map((g) => g * 1000).includes(mbps)) throw invalidArgument(`unsupported bandwidthMbps ${mbps}`);
        if (mbps === conn.bandwidthMbps) {
          // Nothing to change here, but the caller has reset its side and waits for our final status: report it again.
          conn.notifiedFinal = false;
          this.store.touch();
          return this.connectionView(conn);
        }
        if (this.availableMbps(conn.environment, conn.interconnect) + conn.bandwidthMbps < mbps) {
          throw exhausted(`${conn.interconnect} has no room for ${mbps} Mbps; migrate the connection to another interconnect`);
        }
        this.admitUpdate(conn, mbps);
        this.reprovision(conn, mbps);
        return this.connectionView(conn);
      },
      DeleteConnection: ({ params }) => {
        this.deleteLocalConnection(this.connOf(params), true);
        return {};
      },
      GenerateFeatureGuidance: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const ic = this.icOf(params);
        const only = query.channel ?? query.channelId ?? body?.channel;
        const channels = only ? ic.channels.filter((c) => c.id === this.shortId(only)) : ic.channels;
        if (only && channels.length === 0) throw notFound(`channel ${only} does not exist on ${ic.id}`);
        return { featureGuidance: channels.map((ch) => this.guidanceFor(conn.environment, ic, ch)) };
      },
      NotifyConnectionStatus: async ({ params }) => {
        const conn = this.connOf(params);
        conn.peerRefreshPending = true;
        this.store.touch();
        await this.refreshFromPeer(conn).catch(() => undefined); // retried by tick() when the peer is unreachable
        return {};
      },
      ListFeatures: ({ params, query }) => page("features", this.featuresOf(this.connOf(params).name).map(this.featureView), query),
      CreateFeature: ({ params, query, body }) => {
        const conn = this.connOf(params);
        const ic = this.icOf(params);
        if (!query.featureId) throw invalidArgument("featureId is required");
        if (own(this.state.features, `${conn.name}/features/${query.featureId}`)) throw conflict(`feature ${query.featureId} already exists`, "ALREADY_EXISTS");
        const { channel, config } = this.validateFeature(conn, ic, body);
        return this.featureView(this.addLocalFeature(conn, query.featureId, this.chName(conn.environment, ic.id, channel.id), config));
      },
      GetFeature: ({ params }) => {
        const conn = this.connOf(params);
        const feature = own(this.state.features, `${conn.name}/features/${params.feature}`);
        if (!feature) throw notFound(`feature ${params.feature} does not exist`);
        return this.featureView(feature);
      },
      DeleteFeature: ({ params }) => {
        const conn = this.connOf(params);
        const name = `${conn.name}/features/${params.feature}`;
        if (!own(this.state.features, name)) throw notFound(`feature ${params.feature} does not exist`);
        delete this.state.features[name];
        this.store.touch();
        return {};
      },
      ...issueHandlers({ issues: () => this.state.issues, now: () => this.now(), touch: () => this.store.touch(), peerId: this.peerId }, page),
    };
  }

}
