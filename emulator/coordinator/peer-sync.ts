// The peer sync of one role's spec connections: NotifyConnectionStatus once a connection is final here, and the
// refresh of what the peer's features say (after its notification, or when a final connection's peer looks stuck).
import { own, type SpecConnectionRecord } from "../state/store";
import type { PeerClient } from "./peer-client";
import type { SpecRecords } from "./spec-records";

/** How often a connection that is final here re-reads a peer that still looks unfinished. */
const PEER_RECHECK_MS = 1000;

export class PeerSync {
  constructor(
    private readonly records: SpecRecords,
    private readonly peer: PeerClient,
  ) {}

  /** Notifies and refreshes every connection that needs it; true when any did. */
  async syncAll(now: number): Promise<boolean> {
    let synced = false;
    await Promise.allSettled(
      Object.values(this.records.state.specConnections).map(async (conn) => {
        // A refresh answered late can overwrite a newer one (two notifications in flight under load); re-check a
        // final, notified connection whose peer still looks unfinished instead of waiting for a notification that
        // already came.
        const peerLooksStuck = conn.notifiedFinal && !conn.peerFinal && this.records.isLocallyFinal(conn);
        if (peerLooksStuck && now - (conn.peerCheckedAt ?? 0) >= PEER_RECHECK_MS) conn.peerRefreshPending = true;
        if (conn.peerRefreshPending) {
          synced = true;
          await this.refresh(conn);
        }
        if (!conn.notifiedFinal && this.records.isLocallyFinal(conn)) {
          synced = true;
          await this.notify(conn);
        }
      }),
    );
    return synced;
  }

  private async notify(conn: SpecConnectionRecord): Promise<void> {
    try {
      await this.peer.send("NotifyConnectionStatus", this.records.peerConnection(conn), { body: {} });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err; // the peer dropped it: nothing left to tell
    }
    conn.notifiedFinal = true;
  }

  async refresh(conn: SpecConnectionRecord): Promise<void> {
    let features: { provisioningState: string }[] = [];
    try {
      ({ features } = await this.peer.send("ListFeatures", this.records.peerConnection(conn), {
        query: { pageSize: 100 },
      }));
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
    const current = own(this.records.state.specConnections, conn.name);
    if (!current) return;
    current.peerFinal =
      features.length >= 3 && features.every((f) => f.provisioningState === "PROVISIONING_STATE_FINAL");
    current.peerRefreshPending = false;
    current.peerCheckedAt = this.records.now();
  }
}
