// The maintenance family of the spec: scheduling on our channels (one channel of an interconnect at a time),
// NotifyMaintenance from the peer and the event list it reads back.
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { InterconnectSpec } from "../world/catalog";
import { iso, page, randomId } from "./format";
import type { SideContext } from "./context";
import type { SpecHandlers } from "./request";
import type { MaintenanceRecord } from "../state/store";

export class MaintenanceFamily {
  constructor(private readonly ctx: Pick<SideContext, "records" | "peer">) {}

  /** Refuses a window that overlaps scheduled maintenance on another channel of the same interconnect. */
  private checkMaintenanceWindow(env: string, ic: InterconnectSpec, chId: string, start: number, end: number): void {
    for (const other of ic.channels.filter((c) => c.id !== chId)) {
      const otherName = this.ctx.records.chName(env, ic.id, other.id);
      const clash = this.ctx.records.state.maintenance.find(
        (m) => m.channel === otherName && m.startTime < end && start < m.endTime,
      );
      if (clash) {
        throw conflict(
          `${other.id} of ${ic.id} is in scheduled maintenance ${iso(clash.startTime)}..${iso(clash.endTime)} (${clash.maintenanceId}); two channels of one interconnect may not be in maintenance at once`,
        );
      }
    }
  }

  /** Schedules maintenance on one of our channels and pushes NotifyMaintenance to the peer. */
  async schedule(env: string, icId: string, chId: string, start: number, end: number): Promise<MaintenanceRecord> {
    const ic = this.ctx.records.inventory.interconnect(env, icId);
    if (!ic?.channels.some((c) => c.id === chId)) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    if (!(end > start)) throw invalidArgument("endTime must be after startTime");
    this.checkMaintenanceWindow(env, ic, chId, start, end);
    const event: MaintenanceRecord = {
      maintenanceId: randomId("mnt"),
      channel: this.ctx.records.chName(env, icId, chId),
      startTime: start,
      endTime: end,
      origin: "local",
    };
    this.ctx.records.state.maintenance.push(event);
    await this.notifyPeerOrUndo(env, icId, chId, () => {
      this.ctx.records.state.maintenance = this.ctx.records.state.maintenance.filter((m) => m !== event);
    });
    return event;
  }

  /** Cancels one of our windows on the channel and notifies the peer, which reads the events back without it. */
  async cancel(env: string, icId: string, chId: string, maintenanceId: string): Promise<MaintenanceRecord> {
    const channel = this.ctx.records.chName(env, icId, chId);
    const event = this.ctx.records.state.maintenance.find(
      (m) => m.maintenanceId === maintenanceId && m.channel === channel && m.origin === "local",
    );
    if (!event) throw notFound(`no maintenance ${maintenanceId} scheduled on ${env}/${icId}/${chId}`);
    this.ctx.records.state.maintenance = this.ctx.records.state.maintenance.filter((m) => m !== event);
    await this.notifyPeerOrUndo(env, icId, chId, () => this.ctx.records.state.maintenance.push(event));
    return event;
  }

  /** Tells the peer the channel's events changed; if it cannot be told, the change is undone, so both sides agree. */
  private async notifyPeerOrUndo(env: string, icId: string, chId: string, undo: () => void): Promise<void> {
    const events = this.maintenanceEventsOf(this.ctx.records.chName(env, icId, chId)).map(this.maintenanceView);
    try {
      await this.ctx.peer.send(
        "NotifyMaintenance",
        { environment: env, interconnect: icId, channel: chId },
        { body: { events } },
      );
    } catch (e) {
      undo();
      throw e;
    }
  }

  private maintenanceEventsOf(chName: string): MaintenanceRecord[] {
    return this.ctx.records.state.maintenance
      .filter((m) => m.channel === chName && m.origin === "local")
      .sort((a, b) => a.startTime - b.startTime);
  }

  private maintenanceView = (m: MaintenanceRecord) => ({
    maintenanceId: m.maintenanceId,
    startTime: iso(m.startTime),
    endTime: iso(m.endTime),
  });

  handlers() {
    return {
      NotifyMaintenance: async ({ params, body }) => {
        const { ic, ch, chName } = this.ctx.records.channelAt(params);
        for (const e of body.events ?? []) {
          const [start, end] = [Date.parse(e?.startTime ?? ""), Date.parse(e?.endTime ?? "")];
          if (!(end > start)) throw invalidArgument("every event needs a startTime before its endTime (RFC 3339)");
          this.checkMaintenanceWindow(params.environment, ic, ch.id, start, end);
        }
        // The notification only says "changed": refresh the channel's events from the peer.
        const fresh = await this.ctx.peer.send(
          "GetMaintenanceEvents",
          { environment: params.environment, interconnect: ic.id, channel: ch.id },
          { query: { pageSize: 1000 } },
        );
        this.ctx.records.state.maintenance = this.ctx.records.state.maintenance.filter(
          (m) => !(m.channel === chName && m.origin === "peer"),
        );
        for (const e of fresh.events.filter((ev) => Date.parse(ev.endTime) > Date.parse(ev.startTime))) {
          this.ctx.records.state.maintenance.push({
            maintenanceId: e.maintenanceId,
            channel: chName,
            startTime: Date.parse(e.startTime),
            endTime: Date.parse(e.endTime),
            origin: "peer",
          });
        }
        return {};
      },
      GetMaintenanceEvents: ({ params, query }) => {
        const { chName } = this.ctx.records.channelAt(params);
        return page("events", this.maintenanceEventsOf(chName).map(this.maintenanceView), query);
      },
    } satisfies Partial<SpecHandlers>;
  }
}
