// The partner's connection table (its customer API's records), with the lookups every part of the partner uses: the
// live record of a shared connection, and the spec connection a record sits on now.
import type { SpecRecords } from "../coordinator/spec-records";
import { own, type PartnerConnectionRecord, type SpecConnectionRecord } from "../state/store";

export class PartnerConnections {
  constructor(private readonly records: SpecRecords) {}

  private get table(): Record<string, PartnerConnectionRecord> {
    return this.records.store.state.partner.connections;
  }

  all(): PartnerConnectionRecord[] {
    return Object.values(this.table);
  }

  get(id: string): PartnerConnectionRecord | undefined {
    return own(this.table, id);
  }

  add(pc: PartnerConnectionRecord): void {
    this.table[pc.id] = pc;
  }

  /** The record of a shared connection that is neither deleted nor failed. */
  live(sharedConnectionUuid: string): PartnerConnectionRecord | undefined {
    return this.all().find(
      (c) => c.sharedConnectionUuid === sharedConnectionUuid && c.state !== "deleted" && c.state !== "failed",
    );
  }

  /** The newest record of a shared connection, whatever its state. */
  newest(sharedConnectionUuid: string): PartnerConnectionRecord | undefined {
    return this.all()
      .filter((pc) => pc.sharedConnectionUuid === sharedConnectionUuid)
      .sort((a, b) => b.createdAt - a.createdAt)[0];
  }

  /** The spec connection the record sits on now (none before placement). */
  current(pc: PartnerConnectionRecord): SpecConnectionRecord | undefined {
    if (!pc.interconnect) return undefined;
    return this.records.connectionOn(pc.environment, pc.interconnect, pc.sharedConnectionUuid);
  }
}
