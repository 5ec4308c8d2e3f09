// Partner role: the backend (state and rules) of the partner's customer API. It accepts activation keys, issues keys
// for the cloud (reverse flow), resizes, deletes and relocates links; ./negotiator.ts does the work with the cloud. It
// builds the partner's spec records, rules (./rules.ts) and Connection Coordinator service (../coordinator/).
import { randomUUID } from "node:crypto";
import type {
  AcceptActivationKeyRequest,
  LinkHealth,
  PartnerConnection,
  RelocateLinkRequestOutput,
} from "../../schema/customer";
import { InFlight, keyOf } from "../http/concurrency";
import {
  ApiError,
  conflict,
  exhausted,
  invalidArgument,
  notFound,
  permissionDenied,
  unavailable,
} from "../http/errors";
import type { Inventory } from "../world/inventory";
import type { EnvironmentSpec, LinkPath } from "../world/catalog";
import { PeerError, isTransient } from "../coordinator/peer-client";
import { isCut } from "../world/geography";
import { avoidSetsOf, choosePath, relocationGeometry } from "../world/placement";
import { encodeActivationKey, type ActivationKeyPayload } from "../../schema/aws";
import { COORDINATOR_SPEC_VERSION } from "../../schema/customer";
import { randomId } from "../coordinator/format";
import { ACTIVATION_KEY_TTL_MS, environmentOfUri, parseActivationKey } from "../coordinator/keys";
import type { PartnerSignal, SideDeps } from "../coordinator/context";
import { MacsecKeyring } from "../coordinator/macsec-keyring";
import type { PeerClient } from "../coordinator/peer-client";
import { CoordinatorService } from "../coordinator/service";
import { SpecRecords } from "../coordinator/spec-records";
import type { Faults } from "../http/faults";
import type { PartnerConnectionRecord, Store } from "../state/store";
import { PartnerConnections } from "./connection-table";
import { Negotiator } from "./negotiator";
import { PartnerRules } from "./rules";
import { endMacsecOff, injectHealthFault, linkHealth, type LinkHealthChange } from "./link-health";
import { rehomeLink, type Rehomed, type RehomeTarget } from "./rehome";
import { partnerConnectionView } from "./views";

/** A key issued at the partner's portal (reverse flow), for the customer to accept at the cloud. */
export interface ProposalRequest {
  account: string;
  environment: string;
  bandwidthGbps: number;
  site: string;
}

export class PartnerBackend {
  /** The partner's Connection Coordinator service (../coordinator/service.ts), with the partner's rules. */
  readonly service: CoordinatorService;
  /** The partner's spec records, and the MACsec keys it installs as a channel's manager. */
  readonly records: SpecRecords;
  readonly keyring: MacsecKeyring;
  readonly connections: PartnerConnections;
  private readonly peer: PeerClient;
  private readonly negotiator: Negotiator;
  private readonly store: Store;
  private readonly inventory: Inventory;
  /** Accepts in flight per sharedConnectionUuid (value: the connection id being created) and per client token. */
  private readonly keyAccepts = new InFlight<string>();
  private readonly tokenAccepts = new InFlight();

  constructor(deps: SideDeps & { faults: Faults }) {
    const records = new SpecRecords("partner", deps, () => 0);
    this.records = records;
    this.peer = deps.peer;
    this.keyring = new MacsecKeyring(records, deps.peer);
    this.connections = new PartnerConnections(records);
    this.negotiator = new Negotiator(records, deps.peer, this.keyring, this.connections);
    const rules = new PartnerRules(records, this.connections, this.negotiator, deps.faults);
    this.service = new CoordinatorService({ records, rules, peer: deps.peer, keyring: this.keyring });
    this.store = deps.store;
    this.inventory = deps.inventory;
  }

  /** Stops the reconcilers (the emulator is shutting down). */
  stop(): void {
    this.negotiator.stop();
  }

  /** The partner side of a connection as the cloud sees it (the cloud's PartnerSignals port, wired in ../server.ts). */
  signalsFor(sharedConnectionUuid: string): PartnerSignal | undefined {
    const newest = this.connections.newest(sharedConnectionUuid);
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

  // ---- customer API ------------------------------------------------------------------------------------------------

  private owned(account: string, id: string): PartnerConnectionRecord {
    const pc = this.connections.get(id);
    if (pc?.ownerAccountId !== account) throw notFound(`connection ${id} does not exist`);
    return pc;
  }

  /** The customer API view (./views.ts). */
  view(pc: PartnerConnectionRecord): PartnerConnection {
    return partnerConnectionView(this.records, pc, this.store.state.cuts);
  }

  /** Runs one reconcile pass for a customer call; a transient peer failure leaves the work to the ticker. */
  private async settle(pc: PartnerConnectionRecord): Promise<void> {
    await this.negotiator.reconcile(pc).catch(() => undefined);
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
    const now = this.records.now();
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
    const feasible = this.negotiator.place(pc, gbps, [], (ic) => this.records.availableMbps(env.id, ic.id));
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
      const earlier = this.connections
        .all()
        .find((c) => c.ownerAccountId === account && c.clientToken === req.clientToken);
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
      this.connections.live(key.sharedConnectionUuid)?.id ?? this.keyAccepts.get(key.sharedConnectionUuid)?.value;
    if (winner) throw conflict(`this activation key was already accepted (connection ${winner})`, "ALREADY_EXISTS");
    const pc = this.newConnection(account, env, key, req.activationKey, req);
    return this.keyAccepts.run(key.sharedConnectionUuid, pc.id, async () => {
      try {
        await this.service.keys.confirmAtPeer(env.id, req.activationKey, account, key.sharedConnectionUuid);
      } catch (err) {
        const e = err as PeerError;
        if (isTransient(e)) throw unavailable(`the cloud could not confirm the key right now (${e.message}); retry`);
        throw new ApiError(e.status, e.code, `the cloud refused the activation key: ${e.message}`);
      }
      this.connections.add(pc);
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
      destinationEnvironmentUri: `providers/${this.records.peerId}/environments/${env.id}`,
      sharedConnectionUuid: randomUUID(),
      connectionSizeMbps: req.bandwidthGbps * 1000,
    };
    const activationKey = encodeActivationKey(payload);
    const pc = this.newConnection(req.account, env, payload, activationKey, { activationKey, site: req.site });
    pc.proposal = { expiresAt: this.records.now() + ACTIVATION_KEY_TTL_MS };
    this.connections.add(pc);
    return { activationKey, pc };
  }

  /** The Connection Coordinator spec version the partner reports (GetServiceInfo). */
  specVersion(): string {
    return this.store.state.partner.specVersion ?? COORDINATOR_SPEC_VERSION;
  }

  /** The partner announces another spec version (admin API): what a partner's upgrade looks like to its customers. */
  setSpecVersion(specVersion: string | undefined): void {
    this.store.state.partner.specVersion = specVersion;
  }

  /** The spec address of a customer's link: the channel it rides on, at the partner. */
  channelOf(id: string, linkName: string): { environment: string; interconnect: string; channel: string } | undefined {
    const pc = this.connections.get(id);
    const link = pc?.links.find((l) => l.name === linkName);
    if (!pc?.interconnect || !link) return undefined;
    return { environment: pc.environment, interconnect: pc.interconnect, channel: link.name };
  }

  /** Injects a fault into one link's health (admin API); returns the link's health after it. */
  changeLinkHealth(id: string, linkName: string, change: LinkHealthChange): LinkHealth | undefined {
    const pc = this.connections.get(id);
    if (!pc) return undefined;
    const link = pc.links.find((l) => l.name === linkName);
    if (!link || !pc.interconnect) throw notFound(`connection ${pc.id} has no link ${linkName}`);
    const inputs = {
      records: this.records,
      connection: pc,
      link,
      channel: this.records.chName(pc.environment, pc.interconnect, link.name),
      route: this.records.inventory.route(pc.site, link.path)?.route,
    };
    injectHealthFault(inputs, change);
    return linkHealth(inputs);
  }

  /**
   * A change made at the partner without the cloud or the customer API knowing (POST /_admin/drift): what refresh
   * must detect. The connection's view, or undefined when the partner has no connection `id`.
   */
  changeOutOfBand(
    id: string,
    change: { bandwidthGbps?: number; macsec?: false; macsecOffLink?: string; linkAdminDown?: string; delete?: true },
  ): PartnerConnection | undefined {
    const pc = this.connections.get(id);
    if (!pc) return undefined;
    const linkOf = (name: string) => {
      const link = pc.links.find((l) => l.name === name);
      if (!link) throw notFound(`connection ${pc.id} has no link ${name}`);
      return link;
    };
    // Links first: an unknown link name changes nothing.
    const macsecOff = change.macsecOffLink === undefined ? undefined : linkOf(change.macsecOffLink);
    const adminDown = change.linkAdminDown === undefined ? undefined : linkOf(change.linkAdminDown);
    if (change.bandwidthGbps !== undefined) pc.bandwidthGbps = change.bandwidthGbps;
    if (change.macsec === false) pc.macsec = "off";
    if (macsecOff) {
      macsecOff.macsecOff ??= { framesBefore: 0 };
      macsecOff.macsecOff.since ??= this.records.now();
    }
    if (adminDown) adminDown.adminDown = true;
    if (change.delete) {
      // Gone at the partner without telling the cloud.
      for (const conn of this.records.connectionsFor(pc.sharedConnectionUuid)) this.records.deleteLocalConnection(conn);
      pc.state = "deleted";
    }
    pc.updatedAt = this.records.now();
    return this.view(pc);
  }

  /** The partner's crew moves one link onto another device, entrance or conduit (POST /_admin/rehome, ./rehome.ts). */
  rehomeLink(id: string, linkName: string, target: RehomeTarget): Rehomed | undefined {
    const deps = {
      inventory: this.inventory,
      connection: (other: string) => this.connections.get(other),
      now: () => this.records.now(),
      view: (pc: PartnerConnectionRecord) => this.view(pc),
    };
    return rehomeLink(deps, id, linkName, target);
  }

  // ---- customer API operations (./front.ts parses the requests and serializes the answers) -------------------------

  /** The account's connections, oldest first. */
  listConnections(account: string): PartnerConnectionRecord[] {
    return this.connections
      .all()
      .filter((c) => c.ownerAccountId === account)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  getConnection(account: string, id: string): PartnerConnectionRecord {
    return this.owned(account, id);
  }

  async updateConnection(account: string, id: string, bandwidthGbps: number): Promise<PartnerConnectionRecord> {
    const pc = this.owned(account, id);
    if (pc.state === "deleted" || pc.state === "deleting") throw notFound(`connection ${pc.id} is ${pc.state}`);
    if (bandwidthGbps === pc.bandwidthGbps) return pc;
    await this.negotiator.exclusive(pc, () => this.changeBandwidth(pc, bandwidthGbps));
    await this.settle(pc);
    return pc;
  }

  async deleteConnection(account: string, id: string): Promise<PartnerConnectionRecord> {
    const pc = this.owned(account, id);
    if (pc.state !== "deleted") {
      pc.state = "deleting";
      pc.updatedAt = this.records.now();
      await this.settle(pc);
    }
    return pc;
  }

  relocateLink(account: string, id: string, link: string, req: RelocateLinkRequestOutput): PartnerConnectionRecord {
    const pc = this.owned(account, id);
    this.relocate(pc, link, req, account);
    return pc;
  }

  /** In place when the cloud's interconnect has room (one UpdateConnection), else a make-before-break migration. */
  private async changeBandwidth(pc: PartnerConnectionRecord, gbps: number): Promise<void> {
    if (pc.state !== "available") throw conflict(`connection ${pc.id} is ${pc.state}; retry when it is available`);
    const env = this.inventory.environment(pc.environment)!;
    if (!env.supportedBandwidthsGbps.includes(gbps)) throw invalidArgument(`${env.id} does not offer ${gbps} Gbps`);
    const conn = this.connections.current(pc)!;
    const available = await this.negotiator.cloudAvailability(pc.environment);
    if ((available.get(conn.interconnect) ?? 0) + conn.bandwidthMbps >= gbps * 1000) {
      const previous = { gbps: pc.bandwidthGbps, mbps: conn.bandwidthMbps };
      // Our side first, then the cloud; a refusal rolls our side back.
      this.records.reprovision(conn, gbps * 1000);
      pc.bandwidthGbps = gbps;
      pc.state = "updating";
      try {
        await this.peer.send("UpdateConnection", this.records.peerConnection(conn), {
          query: { updateMask: "bandwidthMbps" },
          body: { bandwidthMbps: gbps * 1000 },
        });
      } catch (err) {
        this.records.reprovision(conn, previous.mbps);
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
    pc.updatedAt = this.records.now();
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
    // The new cross-connect is patched and up before the old one is released, so the link never goes down. Its port
    // is set up as the connection asks, so a link whose MACsec was switched off alone has it again.
    link.path = path;
    endMacsecOff(link, this.records.now());
    pc.updatedAt = this.records.now();
  }
}
