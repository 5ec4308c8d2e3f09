// Partner role: accepts activation keys from its customers and negotiates with the cloud (negotiator): placement,
// features, provisioning, in-place updates, make-before-break migrations, deletes and link relocation.
import { randomUUID } from "node:crypto";
import {
  AcceptActivationKeyRequestSchema,
  type AcceptActivationKeyRequest,
  RelocateLinkRequestSchema,
  type RelocateLinkRequestOutput,
  UpdatePartnerConnectionRequestSchema,
  type PartnerConnection,
} from "../../schema/customer";
import { keyOf } from "../http/concurrency";
import { ACTIVATION_KEY_TTL_MS } from "../defaults";
import {
  ApiError,
  conflict,
  exhausted,
  invalidArgument,
  notFound,
  permissionDenied,
  unavailable,
} from "../http/errors";
import type { EnvironmentSpec, LinkPath } from "../world/inventory";
import { paginate } from "../http/paging";
import { PeerError, isTransient } from "../coordinator/peer-client";
import { isCut } from "../world/geography";
import { avoidSetsOf, choosePath, relocationGeometry } from "../world/placement";
import { encodeActivationKey, type ActivationKeyPayload } from "../../schema/aws";
import { environmentOfUri, parseActivationKey, randomId, type IssuedKey, type RoleDeps } from "../coordinator/role";
import type { PartnerSignal } from "../coordinator/side";
import { partnerConnectionView } from "./views";
import { own, type FeatureRecord, type PartnerConnectionRecord, type SpecConnectionRecord } from "../state/store";

import { PartnerNegotiator } from "./negotiator";
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
export class PartnerRole extends PartnerNegotiator {
  constructor(deps: RoleDeps) {
    super("partner", "cloud", deps);
  }

  /** The partner side of a connection as the cloud sees it (the cloud's PartnerSignals port, wired in ../server.ts). */
  signalsFor(sharedConnectionUuid: string): PartnerSignal | undefined {
    const newest = Object.values(this.customers)
      .filter((pc) => pc.sharedConnectionUuid === sharedConnectionUuid)
      .sort((a, b) => b.createdAt - a.createdAt)[0];
    return (
      newest && { state: newest.state, bandwidthGbps: newest.bandwidthGbps, allLinksDown: this.allLinksDown(newest) }
    );
  }

  private allLinksDown(pc: PartnerConnectionRecord): boolean {
    const cuts = this.store.state.cuts;
    const routeOf = (l: PartnerConnectionRecord["links"][number]) => () => this.inventory.route(pc.site, l.path)?.route;
    return (
      pc.links.length > 0 && pc.links.every((l) => l.adminDown || cuts.some((cut) => isCut(cut, l.path, routeOf(l))))
    );
  }

  // ---- spec hooks ------------------------------------------------------------------------------------------------------

  protected override admitConnection(): void {
    throw invalidArgument(
      `providers/${this.id} negotiates the connections its customers accept; it takes no connection proposals`,
    );
  }

  /** Reverse flow: the cloud confirms a key our portal issued; exactly our own open proposals. */
  protected override issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey {
    const pc = this.customerByUuid(key.sharedConnectionUuid);
    if (!pc?.proposal)
      throw notFound(
        `providers/${this.id} issued no activation key with sharedConnectionUuid ${key.sharedConnectionUuid}`,
      );
    if (encoded !== pc.activationKey)
      throw invalidArgument("the activation key does not match the key this partner issued");
    if (pc.environment !== env.id) throw invalidArgument(`the key belongs to ${pc.environment}, not ${env.id}`);
    const proposal = pc.proposal;
    return {
      confirmedBy: proposal.confirmedBy,
      used: proposal.confirmedAt !== undefined,
      expiresAt: proposal.expiresAt,
      confirm: (at, by) => {
        Object.assign(proposal, { confirmedAt: at, confirmedBy: by });
        pc.updatedAt = at;
      },
    };
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

  // ---- customer API ------------------------------------------------------------------------------------------------

  private owned(account: string, id: string): PartnerConnectionRecord {
    const pc = own(this.customers, id);
    if (pc?.ownerAccountId !== account) throw notFound(`connection ${id} does not exist`);
    return pc;
  }

  /** The customer API view (emulator/partner/views.ts). */
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
  private newConnection(
    account: string,
    env: EnvironmentSpec,
    key: ActivationKeyPayload,
    encoded: string,
    req: AcceptActivationKeyRequest,
  ): PartnerConnectionRecord {
    const site = this.inventory.site(req.site);
    if (!site) throw invalidArgument(`unknown site ${req.site}`);
    if (site.metro !== env.partnerMetro)
      throw invalidArgument(`site ${site.id} is in ${site.metro}, but ${env.id} lands in ${env.partnerMetro}`);
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
  async acceptActivationKey(
    account: string,
    req: AcceptActivationKeyRequest,
  ): Promise<{ pc: PartnerConnectionRecord; created: boolean }> {
    if (!req.clientToken) return this.acceptKey(account, req);
    const token = keyOf(account, req.clientToken);
    for (;;) {
      const earlier = Object.values(this.customers).find(
        (c) => c.ownerAccountId === account && c.clientToken === req.clientToken,
      );
      if (earlier) return { pc: earlier, created: false };
      const running = this.tokenAccepts.get(token);
      if (!running) return this.tokenAccepts.run(token, undefined, () => this.acceptKey(account, req));
      await running.done; // the first call with this token decides; then look again
    }
  }

  /** One accept; the key is reserved before the first await so racing accepts get 409 naming the winner. */
  private async acceptKey(
    account: string,
    req: AcceptActivationKeyRequest,
  ): Promise<{ pc: PartnerConnectionRecord; created: boolean }> {
    const key = parseActivationKey(req.activationKey);
    if (key.version !== 1) throw invalidArgument(`unsupported activation key version ${key.version}`);
    const env = this.inventory.environment(environmentOfUri(key.destinationEnvironmentUri));
    if (!env) throw invalidArgument(`the key names an unknown environment (${key.destinationEnvironmentUri})`);
    // Confused deputy: only the account the cloud customer named (if any) may accept the key.
    if (key.destinationAccountId !== undefined && key.destinationAccountId !== account) {
      throw permissionDenied(`this activation key is for account ${key.destinationAccountId}, not ${account}`);
    }
    const winner =
      this.customerByUuid(key.sharedConnectionUuid)?.id ?? this.keyAccepts.get(key.sharedConnectionUuid)?.value;
    if (winner) throw conflict(`this activation key was already accepted (connection ${winner})`, "ALREADY_EXISTS");
    const pc = this.newConnection(account, env, key, req.activationKey, req);
    return this.keyAccepts.run(key.sharedConnectionUuid, pc.id, async () => {
      try {
        await this.confirmKeyAtPeer(env.id, req.activationKey, account, key.sharedConnectionUuid);
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
        const mine = Object.values(this.customers)
          .filter((c) => c.ownerAccountId === account)
          .sort((a, b) => a.createdAt - b.createdAt);
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
    const env = this.inventory.environment(pc.environment)!;
    if (!env.supportedBandwidthsGbps.includes(gbps)) throw invalidArgument(`${env.id} does not offer ${gbps} Gbps`);
    const conn = this.currentConnection(pc)!;
    const available = await this.cloudAvailability(pc.environment);
    if ((available.get(conn.interconnect) ?? 0) + conn.bandwidthMbps >= gbps * 1000) {
      const previous = { gbps: pc.bandwidthGbps, mbps: conn.bandwidthMbps };
      // Our side first, then the cloud; a refusal rolls our side back.
      this.reprovision(conn, gbps * 1000);
      pc.bandwidthGbps = gbps;
      pc.state = "updating";
      try {
        await this.peer.send("UpdateConnection", this.peerConnection(conn), {
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
  private relocate(
    pc: PartnerConnectionRecord,
    linkName: string,
    req: RelocateLinkRequestOutput,
    account: string,
  ): void {
    const { distinct, avoid } = req;
    if (pc.state !== "available" || !pc.interconnect)
      throw conflict(`connection ${pc.id} is ${pc.state}; links can be moved only when it is available`);
    const link = pc.links.find((l) => l.name === linkName);
    if (!link) throw notFound(`connection ${pc.id} has no link ${linkName}`);
    const others = avoid
      .map((ref) => {
        const [otherId, otherLink] = ref.split("/");
        const other = this.owned(account, otherId);
        const found = [...other.links, ...(other.migration?.links ?? [])].find((l) => l.name === otherLink);
        if (!found) throw notFound(`connection ${otherId} has no link ${otherLink}`);
        return found === link ? undefined : { path: found.path, site: other.site };
      })
      .filter((o): o is { path: LinkPath; site: string } => !!o);
    const paths = others.map((o) => o.path);
    const geo = relocationGeometry(this.inventory, pc.site, others, req);
    const avoidSets = avoidSetsOf(paths, distinct);
    const ic = this.inventory.interconnect(pc.environment, pc.interconnect)!;
    const index = pc.links.indexOf(link);
    const path = choosePath(ic, link.name, this.inventory.site(pc.site)!, index, avoidSets, geo);
    if (typeof path === "string") throw conflict(`cannot relocate ${linkName}: ${path}`, "FAILED_PRECONDITION");
    // The new cross-connect is patched and up before the old one is released, so the link never goes down.
    link.path = path;
    pc.updatedAt = this.now();
    this.store.touch();
  }
}
