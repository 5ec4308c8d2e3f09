// Cloud role, its Connection Coordinator side: the responder. It keeps the cloud's customer connection records (the
// AWS Interconnect API in ./backend.ts creates them), answers the partner's proposals with the spec hooks (confirm a key
// the cloud issued, admit a connection or an update, follow the partner's deletes) and tells the partner about the
// customer's deletes.
import type { ActivationKeyPayload } from "../../schema/aws";
import type { SpecRequest } from "../../schema/spec";
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { EnvironmentSpec, InterconnectSpec } from "../world/inventory";
import { isTransient } from "../coordinator/peer-client";
import { parseActivationKey, ProviderRole, type IssuedKey, type RoleDeps } from "../coordinator/role";
import type { Lenient } from "../coordinator/request";
import type { CloudCustomerConnectionRecord, SpecConnectionRecord } from "../state/store";

export abstract class CloudResponder extends ProviderRole {
  /** Customer deletes the partner has not heard of yet (it could not be reached); retried on every tick. */
  protected pendingPartnerDeletes: SpecConnectionRecord[] = [];

  constructor(deps: RoleDeps) {
    super("cloud", "partner", deps);
  }

  protected get customers(): Record<string, CloudCustomerConnectionRecord> {
    return this.store.state.cloud.customers;
  }

  protected customerByUuid(uuid: string): CloudCustomerConnectionRecord | undefined {
    return Object.values(this.customers).find((c) => c.sharedConnectionUuid === uuid);
  }

  protected override reservedElsewhereMbps(ic: InterconnectSpec): number {
    return ic.cloudReservedMbps;
  }

  /** The key must be exactly the one we issued for a connection not deleted, in its environment. */
  protected override issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey {
    const c = this.customerByUuid(key.sharedConnectionUuid);
    if (!c) throw notFound(`no connection with sharedConnectionUuid ${key.sharedConnectionUuid}`);
    if (c.deletedAt !== undefined)
      throw conflict("the activation key was invalidated: its connection was deleted", "FAILED_PRECONDITION");
    if (encoded !== c.activationKey)
      throw invalidArgument(
        "the activation key does not match the key issued for this connection (bandwidth, account or environment differ)",
      );
    if (c.environment !== env.id) throw invalidArgument(`the key belongs to ${c.environment}, not ${env.id}`);
    return {
      confirmedBy: c.confirmedBy,
      used:
        c.keyIssuer !== "cloud" ||
        c.confirmedAt !== undefined ||
        this.connectionsFor(c.sharedConnectionUuid).length > 0 ||
        c.everAvailable,
      expiresAt: c.expiresAt,
      confirm: (at, by) => Object.assign(c, { confirmedAt: at, confirmedBy: by, updatedAt: at }),
    };
  }

  protected override admitConnection(
    env: EnvironmentSpec,
    _ic: InterconnectSpec,
    uuid: string,
    body: Lenient<SpecRequest<"CreateConnection">>,
  ): void {
    const activationKey = body.activationKey;
    if (activationKey === undefined) throw invalidArgument("activationKey is required");
    const key = parseActivationKey(activationKey);
    const c = this.customerByUuid(uuid);
    if (!c || key.sharedConnectionUuid !== uuid || activationKey !== c.activationKey) {
      throw invalidArgument("activationKey does not belong to this connectionId");
    }
    if (c.deletedAt !== undefined) throw conflict("the connection was deleted by the customer", "FAILED_PRECONDITION");
    if (c.confirmedAt === undefined)
      throw conflict("confirm the activation key first (ConfirmActivationKey)", "FAILED_PRECONDITION");
    if (c.environment !== env.id) throw invalidArgument(`the connection belongs to ${c.environment}`);
    if (this.connectionsFor(uuid).length >= 2)
      throw conflict("the connection already sits on two interconnects (a migration is in progress)");
    // The partner's placement (or a migration) may carry a new tier the customer ordered there.
    c.bandwidthGbps = body.bandwidthMbps! / 1000; // a supported tier: CreateConnection checked it
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
    if (remaining.length === 0)
      c.deletedAt = this.now(); // the customer deleted it at the partner
    else c.bandwidthGbps = remaining[0].bandwidthMbps / 1000; // a migration released the old interconnect
    c.updatedAt = this.now();
    this.store.touch();
  }

  /** Tells the partner about a customer delete; remembered and retried (tick) when the partner cannot be reached. */
  protected async tellPartnerDeleted(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("DeleteConnection", this.peerConnection(conn));
    } catch (err) {
      if (isTransient(err)) this.pendingPartnerDeletes.push(conn);
    }
  }

  override async tick(): Promise<void> {
    await super.tick();
    const retries = this.pendingPartnerDeletes;
    this.pendingPartnerDeletes = [];
    for (const conn of retries) await this.tellPartnerDeleted(conn);
  }
}
