// Partner role, the negotiator: reconciles each partner connection towards its goal with the cloud (placement,
// features, provisioning, in-place updates, make-before-break migrations, deletes). Composed into the partner's
// backend (./backend.ts), which starts the work, and its rules (./rules.ts), whose tick runs it.
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { FeatureGuidanceSchema } from "../../schema/spec";
import { KeyedLock } from "../http/concurrency";
import { ROLES } from "../identities";
import { ApiError } from "../http/errors";
import type { InterconnectSpec, LinkPath } from "../world/catalog";
import * as ip from "../coordinator/ipv4";
import { PeerError, isTransient } from "../coordinator/peer-client";
import { avoidSetsOf, DEFAULT_DIVERSE_FROM_DIMENSIONS, placeLinks } from "../world/placement";
import type { MacsecKeyring } from "../coordinator/macsec-keyring";
import type { PeerClient } from "../coordinator/peer-client";
import type { SpecRecords } from "../coordinator/spec-records";
import type { PartnerConnections } from "./connection-table";
import {
  type L3FeatureConfig,
  type PartnerConnectionRecord,
  type PartnerLinkRecord,
  type SpecConnectionRecord,
} from "../state/store";

class InterconnectRefused extends Error {}
/** The negotiation cannot succeed; the connection goes to failed with this reason. */
class NegotiationFailed extends Error {}

const ACTIVE_STATES = new Set(["pending", "provisioning", "updating", "migrating", "deleting"]);
const FEATURE_ATTEMPTS = 3;

export class Negotiator {
  private readonly locks = new KeyedLock();
  /**
   * VLANs and subnets proposed to the cloud and not yet answered, per channel. The cloud's guidance only knows agreed
   * features, so concurrent negotiations on one channel would otherwise all propose its first free VLAN and subnet.
   */
  private readonly proposing = new Map<string, { vlans: Set<number>; subnets: ip.Cidr[] }>();
  private stopped = false;

  constructor(
    private readonly records: SpecRecords,
    private readonly peer: PeerClient,
    private readonly keyring: MacsecKeyring,
    private readonly connections: PartnerConnections,
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /** Runs `work` while no reconcile of the connection runs (a customer's change of it). */
  exclusive<T>(pc: PartnerConnectionRecord, work: () => Promise<T>): Promise<T> {
    return this.locks.run(pc.id, work);
  }

  // ---- background reconciliation -----------------------------------------------------------------------------------

  /** One step for every connection with work left; true when there was any. */
  async tick(): Promise<boolean> {
    const active = this.connections.all().filter((pc) => ACTIVE_STATES.has(pc.state) && !this.awaitsTheCloud(pc));
    await Promise.allSettled(active.map((pc) => this.reconcile(pc)));
    return active.length > 0;
  }

  /** A key our portal issued that the cloud has not accepted yet: nothing to do until it does. */
  private awaitsTheCloud(pc: PartnerConnectionRecord): boolean {
    return pc.state === "pending" && pc.proposal !== undefined && pc.proposal.confirmedAt === undefined;
  }

  /** One idempotent step towards the connection's goal; transient peer failures are retried on the next tick. */
  reconcile(pc: PartnerConnectionRecord): Promise<void> {
    return this.locks.run(pc.id, async () => {
      if (this.stopped) return;
      try {
        switch (pc.state) {
          case "pending":
            if (!this.awaitsTheCloud(pc)) await this.negotiate(pc);
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
        if (err instanceof NegotiationFailed || (err instanceof ApiError && !isTransient(err)))
          this.fail(pc, err.message);
        else throw err;
      }
    });
  }

  private fail(pc: PartnerConnectionRecord, reason: string): void {
    pc.state = "failed";
    pc.failureReason = reason;
    pc.updatedAt = this.records.now();
  }

  private async negotiate(pc: PartnerConnectionRecord): Promise<void> {
    for (;;) {
      if (!pc.interconnect) {
        const placed = this.place(pc, pc.bandwidthGbps, pc.refusedInterconnects, (ic) =>
          this.records.availableMbps(pc.environment, ic.id),
        );
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
    pc.updatedAt = this.records.now();
    await this.ensureMacsecKeys(pc, pc.interconnect);
  }

  private async awaitVerification(pc: PartnerConnectionRecord): Promise<void> {
    const conn = this.connections.current(pc);
    if (!conn) throw new NegotiationFailed("the connection disappeared from its interconnect");
    await this.ensureMacsecKeys(pc, conn.interconnect);
    if (this.records.isVerified(conn)) {
      pc.state = "available";
      pc.updatedAt = this.records.now();
      pc.verifiedAt = pc.updatedAt;
    }
  }

  /** Make before break: build the connection on the target interconnect, wait until verified, then delete the old one. */
  private async migrate(pc: PartnerConnectionRecord): Promise<void> {
    const m = pc.migration;
    if (!m) throw new NegotiationFailed("migration state lost");
    if (!m.interconnect) {
      const available = await this.cloudAvailability(pc.environment);
      const placed = this.place(
        pc,
        m.bandwidthGbps,
        [pc.interconnect ?? "", ...m.refusedInterconnects],
        (ic) => available.get(ic.id) ?? 0,
      );
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
    const target = this.records.connectionOn(pc.environment, m.interconnect, pc.sharedConnectionUuid);
    if (!target || !this.records.isVerified(target)) return;
    const old = this.connections.current(pc);
    if (old) await this.deleteEverywhere(old);
    pc.interconnect = m.interconnect;
    pc.links = m.links;
    pc.bandwidthGbps = m.bandwidthGbps;
    pc.migration = undefined;
    pc.state = "available";
    pc.updatedAt = this.records.now();
    pc.verifiedAt = pc.updatedAt;
  }

  private async teardown(pc: PartnerConnectionRecord): Promise<void> {
    for (const conn of this.records.connectionsFor(pc.sharedConnectionUuid)) await this.deleteEverywhere(conn);
    pc.state = "deleted";
    pc.updatedAt = this.records.now();
  }

  /** DeleteConnection at the cloud (implies its features), then locally. */
  private async deleteEverywhere(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("DeleteConnection", this.records.peerConnection(conn));
    } catch (err) {
      if ((err as PeerError).status !== 404) throw err;
    }
    this.records.deleteLocalConnection(conn);
  }

  async cloudAvailability(env: string): Promise<Map<string, number>> {
    const res = await this.peer.send("ListInterconnects", { environment: env }, { query: { pageSize: 1000 } });
    return new Map(
      res.interconnects.map((ic) => [this.records.shortId(ic.name), ic.availableBandwidthMbps ?? ic.maxBandwidthMbps]),
    );
  }

  // ---- placement ---------------------------------------------------------------------------------------------------

  private linkPathsOf(pc: PartnerConnectionRecord): LinkPath[] {
    return [...pc.links, ...(pc.migration?.links ?? [])].map((l) => l.path);
  }

  /**
   * The interconnect with the most free bandwidth (as ranked) whose links can satisfy the diversity asked for.
   * Returns a plain-words reason when none fits.
   */
  place(
    pc: PartnerConnectionRecord,
    gbps: number,
    exclude: string[],
    freeMbps: (ic: InterconnectSpec) => number,
  ): { interconnect: string; links: PartnerLinkRecord[] } | string {
    const env = this.records.inventory.environment(pc.environment)!;
    const site = this.records.inventory.site(pc.site);
    if (!site) return `unknown site ${pc.site}`;
    const others = (pc.diverseFrom ?? [])
      .map((id) => this.connections.get(id))
      .filter((o): o is PartnerConnectionRecord => !!o);
    const avoid = avoidSetsOf(
      others.flatMap((o) => this.linkPathsOf(o)),
      pc.diversity?.length ? pc.diversity : DEFAULT_DIVERSE_FROM_DIMENSIONS,
    );
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
    const ic = this.records.inventory.interconnect(pc.environment, icId)!;
    const mbps = gbps * 1000;
    const existing = this.records.connectionOn(pc.environment, icId, pc.sharedConnectionUuid);
    // Features exist at the cloud before we record them, so a local connection with features is fully built.
    if (existing && this.records.featuresOf(existing.name).length >= 3) return;
    const conn =
      existing ??
      this.records.createLocalConnection(pc.environment, icId, pc.sharedConnectionUuid, mbps, pc.activationKey);
    try {
      await this.peer.send(
        "CreateConnection",
        { environment: pc.environment, interconnect: icId },
        {
          query: { connectionId: pc.sharedConnectionUuid },
          body: { bandwidthMbps: mbps, activationKey: pc.activationKey },
        },
      );
    } catch (err) {
      const e = err as PeerError;
      if (e.status === 409 && e.code === "ALREADY_EXISTS") {
        // An earlier attempt got through before we lost the answer.
      } else if (e.status === 409) {
        this.records.deleteLocalConnection(conn);
        throw new InterconnectRefused(e.message);
      } else {
        if (!isTransient(e)) this.records.deleteLocalConnection(conn);
        throw err;
      }
    }
    const have = new Set(this.records.featuresOf(conn.name).map((f) => f.channel));
    for (const ch of ic.channels) {
      if (!have.has(this.records.chName(pc.environment, icId, ch.id))) await this.negotiateFeature(conn, ch.id);
    }
    const count = this.records.featuresOf(conn.name).length;
    if (count < 3)
      throw new NegotiationFailed(`only ${count} of ${ic.channels.length} features could be agreed on ${icId}`);
  }

  /** Guidance, proposal, and on 409 fresh guidance for that channel; a feature the cloud refuses outright is skipped. */
  private async negotiateFeature(conn: SpecConnectionRecord, chId: string): Promise<void> {
    const connParams = this.records.peerConnection(conn);
    const chName = this.records.chName(conn.environment, conn.interconnect, chId);
    const featureId = `${chId}-l3`;
    for (let attempt = 0; attempt < FEATURE_ATTEMPTS; attempt++) {
      const { featureGuidance } = await this.peer.send("GenerateFeatureGuidance", connParams, {
        query: { channel: chId, featureType: "FEATURE_TYPE_L3_BASE" },
        body: {},
      });
      const config = this.proposeFeature(chName, featureGuidance[0]);
      if (!config) return;
      const release = this.reserveWhileProposing(chName, config);
      try {
        await this.peer.send("CreateFeature", connParams, {
          query: { featureId },
          body: { channel: this.records.toPeerName(chName), featureConfig: config },
        });
        this.records.addLocalFeature(conn, featureId, chName, config);
        return;
      } catch (err) {
        const e = err as PeerError;
        if (e.status === 409 && e.code === "ALREADY_EXISTS") {
          const existing = await this.peer.send("GetFeature", { ...connParams, feature: featureId });
          this.records.addLocalFeature(conn, featureId, chName, existing.featureConfig);
          return;
        }
        if (isTransient(e)) throw err;
        if (e.status !== 409) return; // refused outright: this channel stays without a feature
      } finally {
        release();
      }
    }
  }

  /** Holds the proposal's VLAN and subnet until the cloud answers; returns the release. */
  private reserveWhileProposing(chName: string, config: L3FeatureConfig): () => void {
    const reserved = this.proposing.get(chName) ?? { vlans: new Set<number>(), subnets: [] };
    this.proposing.set(chName, reserved);
    const { vlanId, ipv4Subnet, ipv4SubnetPrefixLength } = config.l3BaseConfig;
    const subnet = ip.parseCidr(`${ipv4Subnet}/${ipv4SubnetPrefixLength}`)!;
    reserved.vlans.add(vlanId);
    reserved.subnets.push(subnet);
    return () => {
      reserved.vlans.delete(vlanId);
      reserved.subnets.splice(reserved.subnets.indexOf(subnet), 1);
      if (reserved.vlans.size === 0) this.proposing.delete(chName);
    };
  }

  /** The guidance's preferred subnet, or the next one of its size clear of excluded and in-flight subnets. */
  private freeSubnet(chName: string, preferred: ip.Cidr, include: ip.Cidr | undefined, exclude: ip.Cidr[]) {
    const taken = [...exclude, ...(this.proposing.get(chName)?.subnets ?? [])];
    for (let base = preferred.base; ; base += ip.size(preferred)) {
      const candidate = { base, prefix: preferred.prefix };
      if (include && !ip.contains(include, candidate)) return undefined;
      if (!include && base !== preferred.base) return undefined;
      if (!taken.some((t) => ip.overlaps(t, candidate))) return candidate;
    }
  }

  /** Picks VLAN, subnet, MTU and ASNs from the cloud's guidance. */
  private proposeFeature(
    chName: string,
    guidance: z.output<typeof FeatureGuidanceSchema> | undefined,
  ): L3FeatureConfig | undefined {
    if (!guidance) return undefined;
    const g = guidance.l3BaseGuidance;
    const subnetGuidance = g.ipv4SubnetGuidance.at(0);
    const preferred = subnetGuidance?.preferredSubnet ? ip.parseCidr(subnetGuidance.preferredSubnet) : undefined;
    const include = subnetGuidance?.includeSubnet ? ip.parseCidr(subnetGuidance.includeSubnet) : undefined;
    const exclude = (subnetGuidance?.excludeSubnets ?? []).map(ip.parseCidr).filter((c) => c !== undefined);
    const subnet = preferred && this.freeSubnet(chName, preferred, include, exclude);
    const vlanRange = g.vlanRanges.at(0);
    if (!subnet || !vlanRange) return undefined;
    const usedVlans = new Set([
      ...Object.values(this.records.state.features)
        .filter((f) => f.channel === chName)
        .map((f) => f.featureConfig.l3BaseConfig.vlanId),
      ...(this.proposing.get(chName)?.vlans ?? []),
    ]);
    let vlan = vlanRange.start;
    while (usedVlans.has(vlan) && vlan < vlanRange.stop) vlan++;
    return {
      featureType: "FEATURE_TYPE_L3_BASE",
      l3BaseConfig: {
        ipv4Subnet: ip.host(subnet, 0),
        ipv4SubnetPrefixLength: subnet.prefix,
        mtuBytes: Math.min(g.mtuRanges.at(0)?.stop ?? 1500, 9000),
        vlanId: vlan,
        providerBgpConfigs: [
          {
            provider: `providers/${this.records.peerId}`,
            asn: g.asnRanges.at(0)?.start ?? 0,
            hostIpv4: ip.host(subnet, 1),
          },
          { provider: `providers/${this.records.id}`, asn: ROLES.partner.asn, hostIpv4: ip.host(subnet, 2) },
        ],
        md5BgpPassword: randomBytes(18).toString("base64url"),
      },
    };
  }

  /** MACsec on by default: every channel gets a first key from its manager (us, or the cloud on request). */
  private async ensureMacsecKeys(pc: PartnerConnectionRecord, icId: string): Promise<void> {
    if (pc.macsec === "off") return;
    const ic = this.records.inventory.interconnect(pc.environment, icId)!;
    for (const ch of ic.channels) {
      if (this.records.macsecKeysOn(this.records.chName(pc.environment, icId, ch.id)).length > 0) continue;
      try {
        if (ch.macsecManager === this.records.name) await this.keyring.rotateKeyAsManager(pc.environment, icId, ch.id);
        else {
          await this.peer.send(
            "RequestMacSecKeyRotation",
            { environment: pc.environment, interconnect: icId, channel: ch.id },
            { body: { reason: "initial MACsec key for a new connection" } },
          );
        }
      } catch {
        // retried on the next reconcile; links report macsecActive=false meanwhile
      }
    }
  }
}
