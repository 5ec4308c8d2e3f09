// The cloud's rules for the spec's shared records (SideRules): confirm only a key the cloud issued, admit the partner's
// connection or update only for a live customer connection, follow the partner's deletes, and tell the partner about
// the customer's deletes (retried on every tick while the partner cannot be reached).
import type { ActivationKeyPayload } from "../../schema/aws";
import type { SpecRequest } from "../../schema/spec";
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { EnvironmentSpec, InterconnectSpec } from "../world/catalog";
import { isTransient } from "../coordinator/peer-client";
import { parseActivationKey } from "../coordinator/keys";
import type { Lenient } from "../coordinator/request";
import type { IssuedKey, SideRules } from "../coordinator/context";
import type { PeerClient } from "../coordinator/peer-client";
import type { SpecRecords } from "../coordinator/spec-records";
import type { CloudConnectionRecord, SpecConnectionRecord } from "../state/store";

export class CloudRules implements SideRules {
  /** Customer deletes the partner has not heard of yet (it could not be reached); retried on every tick. */
  private pendingPartnerDeletes: SpecConnectionRecord[] = [];

  constructor(
    private readonly records: SpecRecords,
    private readonly peer: PeerClient,
  ) {}

  /** The cloud's connection (AWS API record) of a shared connection. */
  connectionByUuid(uuid: string): CloudConnectionRecord | undefined {
    return Object.values(this.records.store.state.cloud.connections).find((c) => c.sharedConnectionUuid === uuid);
  }

  /** A customer delete the partner has not heard of yet. */
  isDeleting(uuid: string): boolean {
    return this.pendingPartnerDeletes.some((d) => d.id === uuid);
  }

  /** The key must be exactly the one we issued for a connection not deleted, in its environment. */
  issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey {
    const c = this.connectionByUuid(key.sharedConnectionUuid);
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
        this.records.connectionsFor(c.sharedConnectionUuid).length > 0 ||
        c.everAvailable,
      expiresAt: c.expiresAt,
      confirm: (at, by) => Object.assign(c, { confirmedAt: at, confirmedBy: by, updatedAt: at }),
    };
  }

  admitConnection(
    env: EnvironmentSpec,
    _ic: InterconnectSpec,
    uuid: string,
    body: Lenient<SpecRequest<"CreateConnection">>,
  ): void {
    const activationKey = body.activationKey;
    if (activationKey === undefined) throw invalidArgument("activationKey is required");
    const key = parseActivationKey(activationKey);
    const c = this.connectionByUuid(uuid);
    if (!c || key.sharedConnectionUuid !== uuid || activationKey !== c.activationKey) {
      throw invalidArgument("activationKey does not belong to this connectionId");
    }
    if (c.deletedAt !== undefined) throw conflict("the connection was deleted by the customer", "FAILED_PRECONDITION");
    if (c.confirmedAt === undefined)
      throw conflict("confirm the activation key first (ConfirmActivationKey)", "FAILED_PRECONDITION");
    if (c.environment !== env.id) throw invalidArgument(`the connection belongs to ${c.environment}`);
    if (this.records.connectionsFor(uuid).length >= 2)
      throw conflict("the connection already sits on two interconnects (a migration is in progress)");
    // The partner's placement (or a migration) may carry a new tier the customer ordered there.
    c.bandwidthGbps = body.bandwidthMbps! / 1000; // a supported tier: CreateConnection checked it
    c.updatedAt = this.records.now();
  }

  admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void {
    const c = this.connectionByUuid(conn.id);
    if (c?.updateInFlight) throw conflict("the customer is changing this connection at the cloud; retry later");
    if (c) {
      c.bandwidthGbps = bandwidthMbps / 1000;
      c.updatedAt = this.records.now();
    }
  }

  onPeerDeleted(conn: SpecConnectionRecord): void {
    const c = this.connectionByUuid(conn.id);
    if (!c || c.deletedAt !== undefined) return;
    const remaining = this.records.connectionsFor(conn.id);
    if (remaining.length === 0)
      c.deletedAt = this.records.now(); // the customer deleted it at the partner
    else c.bandwidthGbps = remaining[0].bandwidthMbps / 1000; // a migration released the old interconnect
    c.updatedAt = this.records.now();
  }

  beforeFinalize(): boolean {
    return true;
  }

  /** Tells the partner about a customer delete; remembered and retried (tick) when the partner cannot be reached. */
  async tellPartnerDeleted(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("DeleteConnection", this.records.peerConnection(conn));
    } catch (err) {
      if (isTransient(err)) this.pendingPartnerDeletes.push(conn);
    }
  }

  async tick(): Promise<boolean> {
    const retries = this.pendingPartnerDeletes;
    this.pendingPartnerDeletes = [];
    for (const conn of retries) await this.tellPartnerDeleted(conn);
    return retries.length > 0;
  }
}
