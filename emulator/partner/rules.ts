// The partner's rules for the spec's shared records (SideRules): it proposes connections and takes none, confirms only
// the keys its portal issued, admits the cloud's resize of a settled connection, follows the cloud's deletes, can be
// made to fail provisioning (a fault switch), and reconciles its connections on every tick.
import type { ActivationKeyPayload } from "../../schema/aws";
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { Faults } from "../http/faults";
import type { EnvironmentSpec } from "../world/catalog";
import type { IssuedKey, SideRules } from "../coordinator/context";
import type { SpecRecords } from "../coordinator/spec-records";
import { own, type FeatureRecord, type SpecConnectionRecord } from "../state/store";
import type { PartnerConnections } from "./connection-table";
import type { Negotiator } from "./negotiator";

export class PartnerRules implements SideRules {
  constructor(
    private readonly records: SpecRecords,
    private readonly connections: PartnerConnections,
    private readonly negotiator: Negotiator,
    private readonly faults: Faults,
  ) {}

  admitConnection(): void {
    throw invalidArgument(
      `providers/${this.records.id} negotiates the connections its customers accept; it takes no connection proposals`,
    );
  }

  /** Reverse flow: the cloud confirms a key our portal issued; exactly our own open proposals. */
  issuedKey(env: EnvironmentSpec, key: ActivationKeyPayload, encoded: string): IssuedKey {
    const pc = this.connections.live(key.sharedConnectionUuid);
    if (!pc?.proposal)
      throw notFound(
        `providers/${this.records.id} issued no activation key with sharedConnectionUuid ${key.sharedConnectionUuid}`,
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

  admitUpdate(conn: SpecConnectionRecord, bandwidthMbps: number): void {
    const pc = this.connections.live(conn.id);
    if (pc && pc.state !== "available") throw conflict(`the partner connection is ${pc.state}; retry later`);
    if (pc) {
      pc.bandwidthGbps = bandwidthMbps / 1000;
      pc.state = "updating";
      pc.updatedAt = this.records.now();
    }
  }

  onPeerDeleted(conn: SpecConnectionRecord): void {
    const pc = this.connections.live(conn.id);
    if (!pc || pc.state === "deleting" || this.records.connectionsFor(conn.id).length > 0) return;
    pc.state = "deleted"; // the customer deleted the connection at the cloud
    pc.updatedAt = this.records.now();
  }

  beforeFinalize(feature: FeatureRecord): boolean {
    if (!this.faults.provisioningFails()) return true;
    feature.readyAt = Number.MAX_SAFE_INTEGER;
    const pc = this.connections.live(own(this.records.state.specConnections, feature.connection)?.id ?? "");
    if (pc) {
      pc.state = "failed";
      pc.failureReason = `provisioning failed on ${this.records.shortId(feature.channel)} (injected fault)`;
      pc.updatedAt = this.records.now();
    }
    return false;
  }

  tick(): Promise<boolean> {
    return this.negotiator.tick();
  }
}
