// The spec (Connection Coordinator) side of one emulated provider, its core: resource names, lookups, the local
// connection and feature records, peer notification, views and feature validation; it is the SpecSide (./side.ts)
// the composed families (./macsec.ts, ./maintenance.ts, ./issues.ts) work on. ./role.ts adds the spec operations.
import { createHash, randomBytes } from "node:crypto";
import { decodeActivationKey, type ActivationKeyPayload } from "../../schema/aws";
import type { SpecRequest } from "../../schema/spec";
import { ROLES, type RoleName } from "../defaults";
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { SpecSide } from "./side";
import type { Faults } from "../http/faults";
import type { ChannelSpec, EnvironmentSpec, Inventory, InterconnectSpec } from "../world/inventory";
import * as ip from "./ipv4";
import { paginate, type PageQuery } from "../http/paging";
import type { PeerClient } from "./peer-client";
import type { Lenient } from "./request";
import type { FeatureRecord, L3FeatureConfig, RoleState, SpecConnectionRecord, Store } from "../state/store";
import { own } from "../state/store";

/** How often a connection that is final here re-reads a peer that still looks unfinished. */
const PEER_RECHECK_MS = 1000;

export const providerIdOf = (role: RoleName) => ROLES[role].providerId;

/** Link-local space the L3 features are carved from, and the MTU/VLAN ranges both roles accept. */
export const L3_SUPERNET = "169.254.0.0/16";
export const VLAN_RANGE = { start: 1025, stop: 4094 };
export const MTU_RANGE = { start: 1500, stop: 8500 };
const ALLOWED_PREFIXES = [30, 29];

export const iso = (ms: number) => new Date(ms).toISOString();
export const randomId = (prefix: string, bytes = 6) => `${prefix}-${randomBytes(bytes).toString("hex")}`;

/**
 * The Idempotency-Key of one customer's accept of one activation key, sent with its ConfirmActivationKey: the same on
 * every retry of that accept (whose confirm answer may have been lost), different for another customer's accept.
 * A digest, so the peer learns nothing about our customer's account.
 */
function acceptIdempotencyKey(account: string, sharedConnectionUuid: string): string {
  return createHash("sha256").update(`${account}\n${sharedConnectionUuid}`).digest("base64url").slice(0, 32);
}

/** The key's payload (schema/aws.ts codec), or 400 when it is not a key. */
export function parseActivationKey(encoded: string): ActivationKeyPayload {
  const key = decodeActivationKey(encoded);
  if (key) return key;
  throw invalidArgument(
    "activation key is not a base64-encoded ActivationKey (version, destinationEnvironmentUri, sharedConnectionUuid, connectionSizeMbps, destinationAccountId?)",
  );
}

/** Environment id from a destinationEnvironmentUri such as "providers/partner/environments/us-east-1:nyc". */
export const environmentOfUri = (uri: string) => uri.split("/environments/").pop() ?? uri;

/** A key this role issued, as a peer's ConfirmActivationKey finds it (RoleCore.issuedKey). */
export interface IssuedKey {
  /** The Idempotency-Key of the confirm that used it, if any. */
  confirmedBy?: string;
  /** Confirmed already, or otherwise spent (a connection exists, or existed, for it). */
  used: boolean;
  expiresAt: number;
  /** Records the confirm. */
  confirm(at: number, by: string | undefined): void;
}

export interface RoleDeps {
  store: Store;
  inventory: Inventory;
  peer: PeerClient;
  faults: Faults;
  provisioningDelayMs: number;
}

/** One page of a list in the spec's shape: { [key]: items, nextPageToken? }. */
export function page<T>(key: string, items: T[], query: PageQuery): Record<string, unknown> {
  const { items: slice, nextPageToken } = paginate(items, query);
  return { [key]: slice, ...(nextPageToken ? { nextPageToken } : {}) };
}

export abstract class RoleCore implements SpecSide {
  readonly id: string;
  readonly peerId: string;
  readonly asn: number;
  readonly store: Store;
  readonly inventory: Inventory;
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
    this.asn = ROLES[name].asn;
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
  shortId = (name: string) => name.split("/").pop()!;

  // ---- lookups ----------------------------------------------------------------------------------------------------

  protected envOf(params: Record<string, string>): EnvironmentSpec {
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
  /** The key this role issued that a peer confirms, checked to be exactly that key (ConfirmActivationKey). */
  protected issuedKey(_env: EnvironmentSpec, _key: ActivationKeyPayload, _encoded: string): IssuedKey {
    throw notFound(`providers/${this.id} issued no activation keys`);
  }

  /**
   * Confirms a key this role issued: once only, so racing accepts cannot yield a second connection; but a repeat of
   * that one confirm (the same Idempotency-Key: the caller lost our answer and retries) is answered as the first was.
   */
  protected confirmActivationKey(
    env: EnvironmentSpec,
    key: ActivationKeyPayload,
    encoded: string,
    idempotencyKey: string | undefined,
  ): void {
    const issued = this.issuedKey(env, key, encoded);
    if (idempotencyKey !== undefined && issued.confirmedBy === idempotencyKey) return;
    if (issued.used) throw conflict("the activation key was already used", "ALREADY_EXISTS");
    if (this.now() > issued.expiresAt)
      throw conflict(`the activation key expired at ${iso(issued.expiresAt)}`, "FAILED_PRECONDITION");
    issued.confirm(this.now(), idempotencyKey);
    this.store.touch();
  }
  /** Validates a peer's CreateConnection proposal (beyond capacity), and links it to the customer's intent. */
  protected abstract admitConnection(
    env: EnvironmentSpec,
    ic: InterconnectSpec,
    uuid: string,
    body: Lenient<SpecRequest<"CreateConnection">>,
  ): void;
  /** Validates a peer's UpdateConnection (e.g. 409 while a customer update is in flight) and records its effect. */
  protected abstract admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void;
  /** Called after a connection is removed; byPeer when the peer asked for it. */
  protected abstract onConnectionDeleted(conn: SpecConnectionRecord, byPeer: boolean): void;
  /** Return false to keep the feature pending (e.g. an injected provisioning failure). */
  protected beforeFinalize(_feature: FeatureRecord): boolean {
    return true;
  }

  // ---- local mutations shared with the customer-facing code ----------------------------------------------------

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

  /** Asks the peer that issued `encoded` to confirm it for our customer `account` (retries get the same answer). */
  protected async confirmKeyAtPeer(envId: string, encoded: string, account: string, sharedConnectionUuid: string) {
    await this.peer.send(
      "ConfirmActivationKey",
      { environment: envId },
      {
        body: { encodedKey: encoded },
        idempotencyKey: acceptIdempotencyKey(account, sharedConnectionUuid),
      },
    );
  }

  /** The path parameters of one of our spec connections at the peer (its name under providers/<us>). */
  peerConnection(conn: SpecConnectionRecord): Record<string, string> {
    return { environment: conn.environment, interconnect: conn.interconnect, connection: conn.id };
  }

  private async notifyPeer(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("NotifyConnectionStatus", this.peerConnection(conn), { body: {} });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err; // the peer dropped it: nothing left to tell
    }
    conn.notifiedFinal = true;
    this.store.touch();
  }

  protected async refreshFromPeer(conn: SpecConnectionRecord): Promise<void> {
    let features: { provisioningState: string }[] = [];
    try {
      ({ features } = await this.peer.send("ListFeatures", this.peerConnection(conn), { query: { pageSize: 100 } }));
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    const current = own(this.state.connections, conn.name);
    if (!current) return;
    current.peerFinal =
      features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
    current.peerRefreshPending = false;
    current.peerCheckedAt = this.now();
    this.store.touch();
  }

  // ---- views -------------------------------------------------------------------------------------------------------

  protected environmentView(env: EnvironmentSpec) {
    return {
      name: this.envName(env.id),
      providerSites: [
        {
          providerId: `providers/${ROLES.cloud.providerId}`,
          site: env.cloudRegion,
          displayName: env.cloudRegionDisplay,
        },
        {
          providerId: `providers/${ROLES.partner.providerId}`,
          site: env.partnerMetro,
          displayName: env.partnerMetroDisplay,
        },
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
      crossConnectManagerProvider: `providers/${ROLES.partner.providerId}`,
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

  // ---- feature guidance and validation -------------------------------------------------------------------------

  private usedSubnets(chName: string): ip.Cidr[] {
    return Object.values(this.state.features)
      .filter((f) => f.channel === chName)
      .map((f) =>
        ip.parseCidr(
          `${f.featureConfig.l3BaseConfig.ipv4Subnet}/${f.featureConfig.l3BaseConfig.ipv4SubnetPrefixLength}`,
        ),
      )
      .filter((c): c is ip.Cidr => c !== undefined);
  }

  /** First free /30, starting at an offset per interconnect so the emulated addresses read well. */
  private preferredSubnet(env: string, ic: InterconnectSpec, chName: string): string | undefined {
    const supernet = ip.parseCidr(L3_SUPERNET)!;
    const used = this.usedSubnets(chName);
    const icIndex = this.inventory.environment(env)?.interconnects.indexOf(ic) ?? 0;
    for (let offset = (icIndex + 1) * 256 * 16; offset < ip.size(supernet); offset += 4) {
      const candidate = { base: supernet.base + offset, prefix: 30 };
      if (!used.some((u) => ip.overlaps(u, candidate))) return ip.format(candidate);
    }
    return undefined;
  }

  protected guidanceFor(env: string, ic: InterconnectSpec, ch: ChannelSpec) {
    const chName = this.chName(env, ic.id, ch.id);
    const preferred = this.preferredSubnet(env, ic, chName);
    return {
      featureType: "FEATURE_TYPE_L3_BASE",
      channel: chName,
      channelAdminState: "ADMIN_STATE_ENABLED",
      l3BaseGuidance: {
        asnRanges: [{ start: this.asn, stop: this.asn }],
        ipv4SubnetGuidance: [
          {
            includeSubnet: L3_SUPERNET,
            excludeSubnets: this.usedSubnets(chName).map(ip.format),
            ...(preferred ? { preferredSubnet: preferred } : {}),
          },
        ],
        ipv4AllowedSubnetPrefixLengths: ALLOWED_PREFIXES,
        vlanRanges: [VLAN_RANGE],
        mtuRanges: [MTU_RANGE],
        maxReceivedBgpRoutePrefixes: 100,
      },
    };
  }

  /** Rejects a proposed feature that deviates from our guidance (400) or collides with another feature (409). */
  protected validateFeature(
    conn: SpecConnectionRecord,
    ic: InterconnectSpec,
    body: Lenient<SpecRequest<"CreateFeature">>,
  ): { channel: ChannelSpec; config: L3FeatureConfig } {
    const chId = body.channel === undefined ? undefined : this.shortId(body.channel);
    const ch = ic.channels.find((c) => c.id === chId);
    if (!ch || !body.channel || this.chName(conn.environment, ic.id, ch.id) !== this.toOurName(body.channel)) {
      throw invalidArgument(
        `feature.channel must name a channel of ${ic.id}, e.g. ${this.toPeerName(this.chName(conn.environment, ic.id, "ch1"))}`,
      );
    }
    const chName = this.chName(conn.environment, ic.id, ch.id);
    if (this.featuresOf(conn.name).some((f) => f.channel === chName))
      throw conflict(`connection already has a feature on ${ch.id}`, "ALREADY_EXISTS");
    const l3 = body.featureConfig?.l3BaseConfig;
    if (body.featureConfig?.featureType !== "FEATURE_TYPE_L3_BASE" || !l3)
      throw invalidArgument("featureConfig must be a FEATURE_TYPE_L3_BASE with l3BaseConfig");
    const vlan = l3.vlanId;
    if (vlan === undefined || vlan < VLAN_RANGE.start || vlan > VLAN_RANGE.stop)
      throw invalidArgument(`vlanId must be within ${VLAN_RANGE.start}-${VLAN_RANGE.stop}`);
    const mtu = l3.mtuBytes;
    if (mtu === undefined || mtu < MTU_RANGE.start || mtu > MTU_RANGE.stop)
      throw invalidArgument(`mtuBytes must be within ${MTU_RANGE.start}-${MTU_RANGE.stop}`);
    const { ipv4Subnet, ipv4SubnetPrefixLength } = l3;
    const subnet = ip.parseCidr(`${ipv4Subnet}/${ipv4SubnetPrefixLength}`);
    if (
      ipv4Subnet === undefined ||
      ipv4SubnetPrefixLength === undefined ||
      !subnet ||
      !ALLOWED_PREFIXES.includes(subnet.prefix) ||
      !ip.isAligned(subnet) ||
      !ip.contains(ip.parseCidr(L3_SUPERNET)!, subnet)
    ) {
      throw invalidArgument(`ipv4Subnet must be an aligned /${ALLOWED_PREFIXES.join(" or /")} inside ${L3_SUPERNET}`);
    }
    const md5BgpPassword = l3.md5BgpPassword;
    if (md5BgpPassword === undefined || md5BgpPassword.length < 8)
      throw invalidArgument("md5BgpPassword (at least 8 characters) is required");
    const bgp = l3.providerBgpConfigs ?? [];
    const ours = bgp.find((b) => b?.provider === `providers/${this.id}`);
    const theirs = bgp.find((b) => b?.provider === `providers/${this.peerId}`);
    if (!ours || !theirs)
      throw invalidArgument(
        `providerBgpConfigs must hold one entry for providers/${this.id} and one for providers/${this.peerId}`,
      );
    if (ours.asn !== this.asn)
      throw invalidArgument(`the ASN of providers/${this.id} must be ${this.asn} (see asnRanges in the guidance)`);
    if (theirs.asn === undefined || theirs.asn <= 0)
      throw invalidArgument(`the ASN of providers/${this.peerId} must be a positive integer`);
    for (const b of [ours, theirs]) {
      if (!b.hostIpv4 || !ip.ipInCidr(b.hostIpv4, subnet))
        throw invalidArgument(
          `hostIpv4 ${b.hostIpv4} of ${b.provider} is not a host address of ${ipv4Subnet}/${ipv4SubnetPrefixLength}`,
        );
    }
    if (ours.hostIpv4 === theirs.hostIpv4) throw invalidArgument("the two BGP hosts need different addresses");
    const others = Object.values(this.state.features).filter((f) => f.channel === chName);
    if (others.some((f) => f.featureConfig.l3BaseConfig.vlanId === vlan))
      throw conflict(`VLAN ${vlan} is already used on ${ch.id}`);
    if (this.usedSubnets(chName).some((u) => ip.overlaps(u, subnet)))
      throw conflict(`subnet ${ip.format(subnet)} overlaps a subnet already used on ${ch.id}`);
    const normalized: L3FeatureConfig = {
      featureType: "FEATURE_TYPE_L3_BASE",
      l3BaseConfig: {
        ipv4Subnet,
        ipv4SubnetPrefixLength,
        mtuBytes: mtu,
        vlanId: vlan,
        providerBgpConfigs: [ours, theirs].map((b) => ({ provider: b.provider!, asn: b.asn!, hostIpv4: b.hostIpv4! })),
        md5BgpPassword,
      },
    };
    return { channel: ch, config: normalized };
  }

  /** A name as the peer sent it (its resources under providers/<us>) in our namespace. */
  private toOurName = (name: string) => name.replace(`providers/${this.id}/`, `providers/${this.peerId}/`);
}
