// One role's Connection Coordinator service for its peer: it builds the families that serve the 33 operations from the
// role's context (./context.ts: records, rules, peer, keyring), routes their handler table and runs the background
// tick (due features, the peer sync, the role's own work).
import type { SideContext } from "./context";
import { ConnectionFamily } from "./connections";
import { FeatureGuidance } from "./guidance";
import { issueHandlers } from "./issues";
import { ActivationKeyFamily } from "./keys";
import { MacsecFamily } from "./macsec";
import { MaintenanceFamily } from "./maintenance";
import { PeerSync } from "./peer-sync";
import type { SpecHandlers } from "./request";
import type { SpecRecords } from "./spec-records";
import { TopologyFamily } from "./topology";

export class CoordinatorService {
  readonly records: SpecRecords;
  readonly keys: ActivationKeyFamily;
  readonly maintenance: MaintenanceFamily;
  private readonly macsec: MacsecFamily;
  private readonly topology: TopologyFamily;
  private readonly connections: ConnectionFamily;
  private readonly peerSync: PeerSync;

  constructor(private readonly ctx: SideContext) {
    this.records = ctx.records;
    this.peerSync = new PeerSync(ctx.records, ctx.peer);
    this.keys = new ActivationKeyFamily(ctx);
    this.maintenance = new MaintenanceFamily(ctx);
    this.macsec = new MacsecFamily(ctx);
    this.topology = new TopologyFamily(ctx.records);
    this.connections = new ConnectionFamily(ctx, new FeatureGuidance(ctx.records), this.peerSync);
  }

  /** The 33 spec operations. */
  specHandlers(): SpecHandlers {
    return {
      ...this.topology.handlers(),
      ...this.keys.handlers(),
      ...this.connections.handlers(),
      ...this.maintenance.handlers(),
      ...this.macsec.handlers(),
      ...issueHandlers(this.ctx.records),
    };
  }

  /**
   * Finalizes due features, tells the peer about final connections, refreshes after the peer's notifications, then
   * runs the role's own work; true when any of it did something (the ticker then writes the state).
   */
  async tick(): Promise<boolean> {
    const { records, rules } = this.ctx;
    const now = records.now();
    const due = Object.values(records.state.features).filter(
      (f) => f.provisioningState === "PROVISIONING_STATE_PENDING" && f.readyAt <= now,
    );
    for (const f of due) if (rules.beforeFinalize(f)) f.provisioningState = "PROVISIONING_STATE_FINAL";
    const synced = await this.peerSync.syncAll(now);
    const ruled = await rules.tick();
    return due.length > 0 || synced || ruled;
  }
}
