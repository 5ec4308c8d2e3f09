// Partner role: accepts activation keys from its customers and negotiates with the cloud (negotiator): placement,
// features, provisioning, in-place updates, make-before-break migrations, deletes and link relocation.
import { randomBytes, randomUUID } from "node:crypto";
import {
  AcceptActivationKeyRequestSchema,
  type AcceptActivationKeyRequest,
  RelocateLinkRequestSchema,
  type RelocateLinkRequestOutput,
  UpdatePartnerConnectionRequestSchema,
  type PartnerConnection,
} from "../schema/customer";
import { InFlight, KeyedLock, keyOf } from "./concurrency";
import { ACTIVATION_KEY_TTL_MS, PARTNER_ASN } from "./defaults";
import { ApiError, conflict, exhausted, invalidArgument, notFound, permissionDenied, unavailable } from "./errors";
import type { EnvironmentSpec, InterconnectSpec, LinkPath } from "./inventory";
import * as ip from "./ipv4";
import { paginate } from "./paging";
import { PeerError, isTransient } from "./peer-client";
import { avoidSetsOf, choosePath, DEFAULT_DIVERSE_FROM_DIMENSIONS, placeLinks, relocationGeometry } from "./placement";
import { encodeActivationKey, type ActivationKeyPayload } from "../schema/aws";
import { environmentOfUri, iso, parseActivationKey, ProviderRole, randomId, type RoleDeps } from "./role";
import { partnerConnectionView } from "./partner-view";
import { own, type FeatureRecord, type L3FeatureConfig, type PartnerConnectionRecord, type PartnerLinkRecord, type SpecConnectionRecord } from "./store";

export interface CustomerCall {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  account: string;
}
export interface CustomerResult {
  status?: number;
  body: unknown;
}
export type CustomerHandler = (call: CustomerCall) => CustomerResult | Promise<CustomerResult>;

/** A key issued at the partner's portal (reverse flow), for the customer to accept at the cloud. */
export interface ProposalRequest {
  account: string;
  environment: string;
  bandwidthGbps: number;
  site: string;
}

/** The cloud refused the proposed interconnect (409): try another one. */
class InterconnectRefused extends Error {}
/** The negotiation cannot succeed; the connection goes to failed with this reason. */
class NegotiationFailed extends Error {}

const ACTIVE_STATES = new Set(["pending", "provisioning", "updating", "migrating", "deleting"]);
const FEATURE_ATTEMPTS = 3;

export class PartnerRole extends ProviderRole {
  private readonly locks = new KeyedLock();
  /** Accepts in flight per sharedConnectionUuid (value: the connection id being created) and per client token. */
  private readonly keyAccepts = new InFlight<string>();
  private readonly tokenAccepts = new InFlight();
  private stopped = false;

  constructor(deps: RoleDeps) {
    super("partner", "cloud", deps);
  }

  stop(): void {
    this.stopped = true;
  }

  private get customers(): Record<string, PartnerConnectionRecord> {
    return this.store.state.partner.customers;
  }

  private customerByUuid(uuid: string): PartnerConnectionRecord | undefined {
    return Object.values(this.customers).find((c) => c.sharedConnectionUuid === uuid && c.state !== "deleted" && c.state !== "failed");
  }

  currentConnection(pc: PartnerConnectionRecord): SpecConnectionRecord | undefined {
    return pc.interconnect ? own(this.state.connections, this.connName(pc.environment, pc.interconnect, pc.sharedConnectionUuid)) : undefined;
  }

  // ---- spec hooks ------------------------------------------------------------------------------------------------------

  protected override admitConnection(): void {
    throw invalidArgument(`providers/${this.id} negotiates the connections its customers accept; it takes no connection proposals`);
  }

  /** Reverse flow: the cloud confirms a key our portal issued; exactly our own open proposals, once. */
  protected override confirmActivationKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): void {
    const pc = this.customerByUuid(key.sharedConnectionUuid);
    if (!pc?.proposal) throw notFound(`providers/${this.id} issued no activation key with sharedConnectionUuid ${key.sharedConnectionUuid}`);
    if (encoded !== pc.activationKey) throw invalidArgument("the activation key does not match the key this partner issued");
    if (pc.environment !== env.id) throw invalidArgument(`the key belongs to ${pc.environment}, not ${env.id}`);
    if (pc.proposal.confirmedAt !== undefined) throw conflict("the activation key was already used", "ALREADY_EXISTS");
    if (this.now() > pc.proposal.expiresAt) throw conflict(`the activation key expired at ${iso(pc.proposal.expiresAt)}`, "FAILED_PRECONDITION");
    pc.proposal.confirmedAt = this.now();
    pc.updatedAt = this.now();
    this.store.touch();
  }

  protected override admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void {
    const pc = this.customerByUuid(conn.id);
    if (pc && pc.state !== "available") throw conflict(`the partner connection is ${pc.state}; retry later`);
    if (pc) {
      pc.bandwidthGbps = bandwidthMbps / 1000;
      pc.state = "updating";
      pc.updatedAt = this.now();
    }
  }

  protected override onConnectionDeleted(conn: SpecConnectionRecord, byPeer: boolean): void {
    const pc = this.customerByUuid(conn.id);
    if (!pc || !byPeer || pc.state === "deleting" || this.connectionsFor(conn.id).length > 0) return;
    pc.state = "deleted"; // the customer deleted the connection at the cloud
    pc.updatedAt = this.now();
    this.store.touch();
  }

  protected override beforeFinalize(feature: FeatureRecord): boolean {
    if (!this.faults.provisioningFails()) return true;
    feature.readyAt = Number.MAX_SAFE_INTEGER;
    const pc = this.customerByUuid(own(this.state.connections, feature.connection)?.id ?? "");
    if (pc) {
      pc.state = "failed";
      pc.failureReason = `provisioning failed on ${this.shortId(feature.channel)} (injected fault)`;
      pc.updatedAt = this.now();
    }
    this.store.touch();
    return false;
  }

  // ---- background reconciliation -----------------------------------------------------------------------------------

  override async tick(): Promise<void> {
    await super.tick();
    const active = Object.values(this.customers).filter((pc) => ACTIVE_STATES.has(pc.state));
    await Promise.allSettled(active.map((pc) => this.reconcile(pc)));
  }

  /** One idempotent step towards the connection's goal; transient peer failures are retried on the next tick. */
  reconcile(pc: PartnerConnectionRecord): Promise<void> {
    return this.locks.run(pc.id, async () => {
      if (this.stopped) return;
      try {
        switch (pc.state) {
          case "pending":
            if (pc.proposal && pc.proposal.confirmedAt === undefined) break; // the cloud has not accepted our key yet
            await this.negotiate(pc);
            break;
          case "provisioning":
          case "updating":
            await this.awaitVerification(pc);
            break;
          case "migrating":
            await this.migrate(pc);
            break;
          case "deleting":
            await this.teardown(pc);
            break;
        }
      } catch (err) {
        if (err instanceof NegotiationFailed || (err instanceof ApiError && !isTransient(err))) this.fail(pc, err.message);
        else throw err;
      } finally {
        this.store.touch();
      }
    });
  }

  private fail(pc: PartnerConnectionRecord, reason: string): void {
    pc.state = "failed";
    pc.failureReason = reason;
    pc.updatedAt = this.now();
  }

  private async negotiate(pc: PartnerConnectionRecord): Promise<void> {
    for (;;) {
      if (!pc.interconnect) {
        const placed = this.place(pc, pc.bandwidthGbps, pc.refusedInterconnects, (ic) => this.availableMbps(pc.environment, ic.id));
        if (typeof placed === "string") throw new NegotiationFailed(placed);
        pc.interconnect = placed.interconnect;
        pc.links = placed.links;
      }
      try {
        await this.buildOn(pc, pc.interconnect, pc.bandwidthGbps);
        break;
      } catch (err) {
        if (!(err instanceof InterconnectRefused)) throw err;
        pc.refusedInterconnects.push(pc.interconnect);
        pc.interconnect = undefined;
        pc.links = [];
      }
    }
    pc.state = "provisioning";
    pc.updatedAt = this.now();
    await this.ensureMacsecKeys(pc, pc.interconnect);
  }

  private async awaitVerification(pc: PartnerConnectionRecord): Promise<void> {
    const conn = this.currentConnection(pc);
    if (!conn) throw new NegotiationFailed("the connection disappeared from its interconnect");
    await this.ensureMacsecKeys(pc, conn.interconnect);
    if (this.isVerified(conn)) {
      pc.state = "available";
      pc.updatedAt = this.now();
      pc.verifiedAt = pc.updatedAt;
    }
  }

  /** Make before break: build the connection on the target interconnect, wait until verified, then delete the old one. */
  private async migrate(pc: PartnerConnectionRecord): Promise<void> {
    const m = pc.migration;
    if (!m) throw new NegotiationFailed("migration state lost");
    if (!m.interconnect) {
      const available = await this.cloudAvailability(pc.environment);
      const placed = this.place(pc, m.bandwidthGbps, [pc.interconnect ?? "", ...m.refusedInterconnects], (ic) => available.get(ic.id) ?? 0);
      if (typeof placed === "string") {
        pc.migration = undefined;
        pc.state = "available";
        pc.failureReason = `migration abandoned: ${placed}`;
        return;
      }
      m.interconnect = placed.interconnect;
      m.links = placed.links;
    }
    try {
      await this.buildOn(pc, m.interconnect, m.bandwidthGbps);
    } catch (err) {
      if (!(err instanceof InterconnectRefused)) throw err;
      m.refusedInterconnects.push(m.interconnect);
      m.interconnect = undefined;
      return;
    }
    await this.ensureMacsecKeys(pc, m.interconnect);
    const target = own(this.state.connections, this.connName(pc.environment, m.interconnect, pc.sharedConnectionUuid));
    if (!target || !this.isVerified(target)) return;
    const old = this.currentConnection(pc);
    if (old) await this.deleteEverywhere(old);
    pc.interconnect = m.interconnect;
    pc.links = m.links;
    pc.bandwidthGbps = m.bandwidthGbps;
    pc.migration = undefined;
    pc.state = "available";
    pc.updatedAt = this.now();
    pc.verifiedAt = pc.updatedAt;
  }

  private async teardown(pc: PartnerConnectionRecord): Promise<void> {
    for (const conn of this.connectionsFor(pc.sharedConnectionUuid)) await this.deleteEverywhere(conn);
    pc.state = "deleted";
    pc.updatedAt = this.now();
  }

  /** DeleteConnection at the cloud (implies its features), then locally. */
  private async deleteEverywhere(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.call("DELETE", this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id));
    } catch (err) {
      if ((err as PeerError).status !== 404) throw err;
    }
    this.deleteLocalConnection(conn, false);
  }

  private async cloudAvailability(env: string): Promise<Map<string, number>> {
    const res = await this.peer.call<{ interconnects: Array<{ name: string; availableBandwidthMbps?: number; maxBandwidthMbps: number }> }>(
      "GET",
      this.peer.path("environments", env, "interconnects"),
      { query: { pageSize: 1000 } },
    );
    return new Map(res.interconnects.map((ic) => [this.shortId(ic.name), ic.availableBandwidthMbps ?? ic.maxBandwidthMbps]));
  }

  // ---- placement ---------------------------------------------------------------------------------------------------

  private linkPathsOf(pc: PartnerConnectionRecord): LinkPath[] {
    return [...pc.links, ...(pc.migration?.links ?? [])].map((l) => l.path);
  }

  /**
   * The interconnect with the most free bandwidth (as ranked) whose links can satisfy the diversity asked for.
   * Returns a plain-words reason when none fits.
   */
  private place(
    pc: PartnerConnectionRecord,
    gbps: number,
    exclude: string[],
    freeMbps: (ic: InterconnectSpec) => number,
  ): { interconnect: string; links: PartnerLinkRecord[] } | string {
    const env = this.inventory.environment(pc.environment) as EnvironmentSpec;
    const site = this.inventory.site(pc.site);
    if (!site) return `unknown site ${pc.site}`;
    const others = (pc.diverseFrom ?? []).map((id) => own(this.customers, id)).filter((o): o is PartnerConnectionRecord => !!o);
    const avoid = avoidSetsOf(others.flatMap((o) => this.linkPathsOf(o)), pc.diversity?.length ? pc.diversity : DEFAULT_DIVERSE_FROM_DIMENSIONS);
    const ranked = env.interconnects.filter((ic) => !exclude.includes(ic.id)).sort((a, b) => freeMbps(b) - freeMbps(a));
    const reasons: string[] = [];
    for (const ic of ranked) {
      if (freeMbps(ic) < gbps * 1000) {
        reasons.push(`${ic.id} has ${Math.max(0, freeMbps(ic)) / 1000} Gbps free`);
        continue;
      }
      const links = placeLinks(ic, site, pc.diversity ?? [], others.length ? avoid : {});
      if (typeof links !== "string") return { interconnect: ic.id, links };
      reasons.push(`${ic.id}: ${links}`);
    }
    return `no interconnect of ${pc.environment} can take ${gbps} Gbps (${reasons.join("; ") || "all were refused"})`;
  }

  // ---- negotiation with the cloud ------------------------------------------------------------------------------

  /** Local connection first, then CreateConnection at the cloud, then one feature per channel. Idempotent. */
  private async buildOn(pc: PartnerConnectionRecord, icId: string, gbps: number): Promise<void> {
    const ic = this.inventory.interconnect(pc.environment, icId) as InterconnectSpec;
    const mbps = gbps * 1000;
    const existing = own(this.state.connections, this.connName(pc.environment, icId, pc.sharedConnectionUuid));
    // Features exist at the cloud before we record them, so a local connection with features is fully built.
    if (existing && this.featuresOf(existing.name).length >= 3) return;
    const conn = existing ?? this.createLocalConnection(pc.environment, icId, pc.sharedConnectionUuid, mbps, pc.activationKey);
    try {
      await this.peer.call("POST", this.peer.path("environments", pc.environment, "interconnects", icId, "connections"), {
        query: { connectionId: pc.sharedConnectionUuid },
        body: { bandwidthMbps: mbps, activationKey: pc.activationKey },
      });
    } catch (err) {
      const e = err as PeerError;
      if (e.status === 409 && e.code === "ALREADY_EXISTS") {
        // An earlier attempt got through before we lost the answer.
      } else if (e.status === 409) {
        this.deleteLocalConnection(conn, false);
        throw new InterconnectRefused(e.message);
      } else {
        if (!isTransient(e)) this.deleteLocalConnection(conn, false);
        throw err;
      }
    }
    const have = new Set(this.featuresOf(conn.name).map((f) => f.channel));
    for (const ch of ic.channels) {
      if (!have.has(this.chName(pc.environment, icId, ch.id))) await this.negotiateFeature(conn, ch.id);
    }
    const count = this.featuresOf(conn.name).length;
    if (count < 3) throw new NegotiationFailed(`only ${count} of ${ic.channels.length} features could be agreed on ${icId}`);
  }

  /** Guidance, proposal, and on 409 fresh guidance for that channel; a feature the cloud refuses outright is skipped. */
  private async negotiateFeature(conn: SpecConnectionRecord, chId: string): Promise<void> {
    const connPath = ["environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id];
    const chName = this.chName(conn.environment, conn.interconnect, chId);
    const featureId = `${chId}-l3`;
    for (let attempt = 0; attempt < FEATURE_ATTEMPTS; attempt++) {
      const { featureGuidance } = await this.peer.call<{ featureGuidance: any[] }>("POST", this.peer.path(...connPath, "GenerateFeatureGuidance"), {
        query: { channel: chId, featureType: "FEATURE_TYPE_L3_BASE" },
        body: {},
      });
      const config = this.proposeFeature(chName, featureGuidance[0]);
      if (!config) return;
      try {
        await this.peer.call("POST", this.peer.path(...connPath, "features"), {
          query: { featureId },
          body: { channel: this.toPeerName(chName), featureConfig: config },
        });
        this.addLocalFeature(conn, featureId, chName, config);
        return;
      } catch (err) {
        const e = err as PeerError;
        if (e.status === 409 && e.code === "ALREADY_EXISTS") {
          const existing = await this.peer.call<{ featureConfig: L3FeatureConfig }>("GET", this.peer.path(...connPath, "features", featureId));
          this.addLocalFeature(conn, featureId, chName, existing.featureConfig);
          return;
        }
        if (isTransient(e)) throw err;
        if (e.status !== 409) return; // refused outright: this channel stays without a feature
      }
    }
  }

  /** Picks VLAN, subnet, MTU and ASNs from the cloud's guidance. */
  private proposeFeature(chName: string, guidance: any): L3FeatureConfig | undefined {
    const g = guidance?.l3BaseGuidance;
    const subnetText: string | undefined = g?.ipv4SubnetGuidance?.[0]?.preferredSubnet;
    const subnet = subnetText ? ip.parseCidr(subnetText) : undefined;
    const vlanRange = g?.vlanRanges?.[0];
    if (!subnet || !vlanRange) return undefined;
    const usedVlans = new Set(Object.values(this.state.features).filter((f) => f.channel === chName).map((f) => f.featureConfig.l3BaseConfig.vlanId));
    let vlan = vlanRange.start;
    while (usedVlans.has(vlan) && vlan < vlanRange.stop) vlan++;
    return {
      featureType: "FEATURE_TYPE_L3_BASE",
      l3BaseConfig: {
        ipv4Subnet: ip.host(subnet, 0),
        ipv4SubnetPrefixLength: subnet.prefix,
        mtuBytes: Math.min(g.mtuRanges?.[0]?.stop ?? 1500, 9000),
        vlanId: vlan,
        providerBgpConfigs: [
          { provider: `providers/${this.peerId}`, asn: g.asnRanges?.[0]?.start ?? 0, hostIpv4: ip.host(subnet, 1) },
          { provider: `providers/${this.id}`, asn: PARTNER_ASN, hostIpv4: ip.host(subnet, 2) },
        ],
        md5BgpPassword: randomBytes(18).toString("base64url"),
      },
    };
  }

  /** MACsec on by default: every channel gets a first key from its manager (us, or the cloud on request). */
  private async ensureMacsecKeys(pc: PartnerConnectionRecord, icId: string): Promise<void> {
    if (pc.macsec === "off") return;
    const ic = this.inventory.interconnect(pc.environment, icId) as InterconnectSpec;
    for (const ch of ic.channels) {
      if (this.keysOn(this.chName(pc.environment, icId, ch.id)).length > 0) continue;
      try {
        if (ch.macsecManager === this.name) await this.rotateKeyAsManager(pc.environment, icId, ch.id);
        else {
          await this.peer.call("POST", this.peer.path("environments", pc.environment, "interconnects", icId, "channels", ch.id, "RequestMacSecKeyRotation"), {
            body: { reason: "initial MACsec key for a new connection" },
          });
        }
      } catch {
        // retried on the next reconcile; links report macsecActive=false meanwhile
      }
    }
  }

  // ---- customer API ------------------------------------------------------------------------------------------------

  private owned(account: string, id: string): PartnerConnectionRecord {
    const pc = own(this.customers, id);
    if (!pc || pc.ownerAccountId !== account) throw notFound(`connection ${id} does not exist`);
    return pc;
  }

  /** The customer API view (emulator/partner-view.ts). */
  /** A link's surveyed route and structures at the site (the partner view reports them). */
  linkGeometry(site: string, path: LinkPath) {
    return this.inventory.route(site, path);
  }

  view(pc: PartnerConnectionRecord): PartnerConnection {
    return partnerConnectionView(this, pc, this.store.state.cuts);
  }

  /** Runs one reconcile pass for a customer call; a transient peer failure leaves the work to the ticker. */
  private async settle(pc: PartnerConnectionRecord): Promise<void> {
    await this.reconcile(pc).catch(() => undefined);
  }

  /** A new partner connection for a key, before the key is spent: site, tier, capacity and diversity must fit. */
  private newConnection(account: string, env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string, req: AcceptActivationKeyRequest): PartnerConnectionRecord {
    const site = this.inventory.site(req.site);
    if (!site) throw invalidArgument(`unknown site ${req.site}`);
    if (site.metro !== env.partnerMetro) throw invalidArgument(`site ${site.id} is in ${site.metro}, but ${env.id} lands in ${env.partnerMetro}`);
    const gbps = req.bandwidthGbps ?? key.connectionSizeMbps / 1000;
    if (!env.supportedBandwidthsGbps.includes(gbps)) throw invalidArgument(`${env.id} does not offer ${gbps} Gbps`);
    for (const id of req.diverseFrom ?? []) this.owned(account, id);
    const now = this.now();
    const pc: PartnerConnectionRecord = {
      id: randomId("pcon", 4),
      ownerAccountId: account,
      site: site.id,
      environment: env.id,
      sharedConnectionUuid: key.sharedConnectionUuid,
      activationKey: encoded,
      bandwidthGbps: gbps,
      macsec: req.macsec ?? "required",
      diversity: req.diversity,
      diverseFrom: req.diverseFrom,
      clientToken: req.clientToken,
      state: "pending",
      links: [],
      refusedInterconnects: [],
      createdAt: now,
      updatedAt: now,
    };
    const feasible = this.place(pc, gbps, [], (ic) => this.availableMbps(env.id, ic.id));
    if (typeof feasible === "string") throw exhausted(feasible);
    return pc;
  }

  /**
   * The customer applies a cloud-issued key (customer API, or the portal: POST /_admin/portal/activate): checks,
   * ConfirmActivationKey at the cloud, then negotiation. `created` is false when the clientToken repeats.
   */
  async acceptActivationKey(account: string, req: AcceptActivationKeyRequest): Promise<{ pc: PartnerConnectionRecord; created: boolean }> {
    if (!req.clientToken) return this.acceptKey(account, req);
    const token = keyOf(account, req.clientToken);
    for (;;) {
      const earlier = Object.values(this.customers).find((c) => c.ownerAccountId === account && c.clientToken === req.clientToken);
      if (earlier) return { pc: earlier, created: false };
      const running = this.tokenAccepts.get(token);
      if (!running) return this.tokenAccepts.run(token, undefined, () => this.acceptKey(account, req));
      await running.done; // the first call with this token decides; then look again
    }
  }

  /** One accept; the key is reserved before the first await so racing accepts get 409 naming the winner. */
  private async acceptKey(account: string, req: AcceptActivationKeyRequest): Promise<{ pc: PartnerConnectionRecord; created: boolean }> {
    const key = parseActivationKey(req.activationKey);
    if (key.version !== 1) throw invalidArgument(`unsupported activation key version ${key.version}`);
    const env = this.inventory.environment(environmentOfUri(key.destinationEnvironmentUri));
    if (!env) throw invalidArgument(`the key names an unknown environment (${key.destinationEnvironmentUri})`);
    // Confused deputy: only the account the cloud customer named (if any) may accept the key.
    if (key.destinationAccountId !== undefined && key.destinationAccountId !== account) {
      throw permissionDenied(`this activation key is for account ${key.destinationAccountId}, not ${account}`);
    }
    const winner = this.customerByUuid(key.sharedConnectionUuid)?.id ?? this.keyAccepts.get(key.sharedConnectionUuid)?.value;
    if (winner) throw conflict(`this activation key was already accepted (connection ${winner})`, "ALREADY_EXISTS");
    const pc = this.newConnection(account, env, key, req.activationKey, req);
    return this.keyAccepts.run(key.sharedConnectionUuid, pc.id, async () => {
      try {
        await this.peer.call("POST", this.peer.path("environments", env.id, "ConfirmActivationKey"), { body: { encodedKey: req.activationKey } });
      } catch (err) {
        const e = err as PeerError;
        if (isTransient(e)) throw unavailable(`the cloud could not confirm the key right now (${e.message}); retry`);
        throw new ApiError(e.status, e.code, `the cloud refused the activation key: ${e.message}`);
      }
      this.customers[pc.id] = pc;
      this.store.touch();
      await this.settle(pc);
      return { pc, created: true };
    });
  }

  /** Reverse flow: the portal issues a key for the cloud; the connection waits until the cloud confirms it. */
  issueProposal(req: ProposalRequest): { activationKey: string; pc: PartnerConnectionRecord } {
    const env = this.inventory.environment(req.environment);
    if (!env) throw invalidArgument(`unknown environment ${req.environment}`);
    const payload: ActivationKeyPayload = {
      version: 1,
      destinationEnvironmentUri: `providers/${this.peerId}/environments/${env.id}`,
      sharedConnectionUuid: randomUUID(),
      connectionSizeMbps: req.bandwidthGbps * 1000,
    };
    const activationKey = encodeActivationKey(payload);
    const pc = this.newConnection(req.account, env, payload, activationKey, { activationKey, site: req.site });
    pc.proposal = { expiresAt: this.now() + ACTIVATION_KEY_TTL_MS };
    this.customers[pc.id] = pc;
    this.store.touch();
    return { activationKey, pc };
  }

  customerHandlers(): Record<string, CustomerHandler> {
    return {
      AcceptActivationKey: async ({ body, account }) => {
        const { pc, created } = await this.acceptActivationKey(account, AcceptActivationKeyRequestSchema.parse(body));
        return { status: created ? 201 : 200, body: this.view(pc) };
      },
      ListConnections: ({ query, account }) => {
        const mine = Object.values(this.customers).filter((c) => c.ownerAccountId === account).sort((a, b) => a.createdAt - b.createdAt);
        const { items, nextPageToken } = paginate(mine, query);
        return { body: { connections: items.map((c) => this.view(c)), ...(nextPageToken ? { nextPageToken } : {}) } };
      },
      GetConnection: ({ params, account }) => ({ body: this.view(this.owned(account, params.id)) }),
      UpdateConnection: async ({ params, body, account }) => {
        const pc = this.owned(account, params.id);
        const { bandwidthGbps } = UpdatePartnerConnectionRequestSchema.parse(body);
        if (pc.state === "deleted" || pc.state === "deleting") throw notFound(`connection ${pc.id} is ${pc.state}`);
        if (bandwidthGbps === pc.bandwidthGbps) return { body: this.view(pc) };
        await this.locks.run(pc.id, () => this.changeBandwidth(pc, bandwidthGbps));
        await this.settle(pc);
        return { body: this.view(pc) };
      },
      DeleteConnection: async ({ params, account }) => {
        const pc = this.owned(account, params.id);
        if (pc.state !== "deleted") {
          pc.state = "deleting";
          pc.updatedAt = this.now();
          this.store.touch();
          await this.settle(pc);
        }
        return { body: this.view(pc) };
      },
      ListLinks: ({ params, query, account }) => {
        const pc = this.owned(account, params.id);
        const { items, nextPageToken } = paginate(this.view(pc).links, query);
        return { body: { links: items, ...(nextPageToken ? { nextPageToken } : {}) } };
      },
      RelocateLink: ({ params, body, account }) => {
        const pc = this.owned(account, params.id);
        const req = RelocateLinkRequestSchema.parse(body);
        this.relocate(pc, params.link, req, account);
        return { body: this.view(pc) };
      },
    };
  }

  /** In place when the cloud's interconnect has room (one UpdateConnection), else a make-before-break migration. */
  private async changeBandwidth(pc: PartnerConnectionRecord, gbps: number): Promise<void> {
    if (pc.state !== "available") throw conflict(`connection ${pc.id} is ${pc.state}; retry when it is available`);
    const env = this.inventory.environment(pc.environment) as EnvironmentSpec;
    if (!env.supportedBandwidthsGbps.includes(gbps)) throw invalidArgument(`${env.id} does not offer ${gbps} Gbps`);
    const conn = this.currentConnection(pc) as SpecConnectionRecord;
    const available = await this.cloudAvailability(pc.environment);
    if ((available.get(conn.interconnect) ?? 0) + conn.bandwidthMbps >= gbps * 1000) {
      const previous = { gbps: pc.bandwidthGbps, mbps: conn.bandwidthMbps };
      // Our side first, then the cloud; a refusal rolls our side back.
      this.reprovision(conn, gbps * 1000);
      pc.bandwidthGbps = gbps;
      pc.state = "updating";
      try {
        await this.peer.call("PATCH", this.peer.path("environments", conn.environment, "interconnects", conn.interconnect, "connections", conn.id), {
          query: { updateMask: "bandwidthMbps" },
          body: { bandwidthMbps: gbps * 1000 },
        });
      } catch (err) {
        this.reprovision(conn, previous.mbps);
        pc.bandwidthGbps = previous.gbps;
        pc.state = "available";
        throw err;
      }
    } else {
      const elsewhere = [...available].filter(([id, free]) => id !== conn.interconnect && free >= gbps * 1000);
      if (elsewhere.length === 0) throw exhausted(`no interconnect of ${pc.environment} has ${gbps} Gbps available`);
      pc.migration = { bandwidthGbps: gbps, links: [], refusedInterconnects: [] };
      pc.state = "migrating";
      pc.failureReason = undefined;
    }
    pc.updatedAt = this.now();
    this.store.touch();
  }

  /** Moves one link, make before break, onto a path avoiding the given links' elements in the given dimensions. */
  private relocate(pc: PartnerConnectionRecord, linkName: string, req: RelocateLinkRequestOutput, account: string): void {
    const { distinct, avoid } = req;
    if (pc.state !== "available" || !pc.interconnect) throw conflict(`connection ${pc.id} is ${pc.state}; links can be moved only when it is available`);
    const link = pc.links.find((l) => l.name === linkName);
    if (!link) throw notFound(`connection ${pc.id} has no link ${linkName}`);
    const others = avoid.map((ref) => {
      const [otherId, otherLink] = ref.split("/");
      const other = this.owned(account, otherId);
      const found = [...other.links, ...(other.migration?.links ?? [])].find((l) => l.name === otherLink);
      if (!found) throw notFound(`connection ${otherId} has no link ${otherLink}`);
      return found === link ? undefined : { path: found.path, site: other.site };
    }).filter((o): o is { path: LinkPath; site: string } => !!o);
    const paths = others.map((o) => o.path);
    const geo = relocationGeometry(this.inventory, pc.site, others, req);
    const avoidSets = avoidSetsOf(paths, distinct);
    const ic = this.inventory.interconnect(pc.environment, pc.interconnect) as InterconnectSpec;
    const index = pc.links.indexOf(link);
    const path = choosePath(ic, link.name, this.inventory.site(pc.site)!, index, avoidSets, geo);
    if (typeof path === "string") throw conflict(`cannot relocate ${linkName}: ${path}`, "FAILED_PRECONDITION");
    // The new cross-connect is patched and up before the old one is released, so the link never goes down.
    link.path = path;
    pc.updatedAt = this.now();
    this.store.touch();
  }
}
