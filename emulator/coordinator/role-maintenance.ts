// Maintenance windows on the spec side: scheduling on our channels (one channel of an interconnect at a time),
// NotifyMaintenance from the peer and the event list it reads back.
import { conflict, invalidArgument, notFound } from "../http/errors";
import type { InterconnectSpec } from "../world/inventory";
import { GetMaintenanceEventsResponseSchema } from "../../schema/spec";
import { iso, page, randomId } from "./role-core";
import { MacsecRole } from "./role-macsec";
import type { SpecHandlers } from "./request";
import type { MaintenanceRecord } from "../state/store";

export abstract class MaintenanceRole extends MacsecRole {
  /** Refuses a window that overlaps scheduled maintenance on another channel of the same interconnect. */
  private checkMaintenanceWindow(env: string, ic: InterconnectSpec, chId: string, start: number, end: number): void {
    for (const other of ic.channels.filter((c) => c.id !== chId)) {
      const otherName = this.chName(env, ic.id, other.id);
      const clash = this.state.maintenance.find(
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
  async scheduleMaintenance(
    env: string,
    icId: string,
    chId: string,
    start: number,
    end: number,
  ): Promise<MaintenanceRecord> {
    const ic = this.inventory.interconnect(env, icId);
    if (!ic?.channels.some((c) => c.id === chId)) throw notFound(`channel ${env}/${icId}/${chId} does not exist`);
    if (!(end > start)) throw invalidArgument("endTime must be after startTime");
    this.checkMaintenanceWindow(env, ic, chId, start, end);
    const event: MaintenanceRecord = {
      maintenanceId: randomId("mnt"),
      channel: this.chName(env, icId, chId),
      startTime: start,
      endTime: end,
      origin: "local",
    };
    this.state.maintenance.push(event);
    this.store.touch();
    const events = this.maintenanceEventsOf(event.channel).map(this.maintenanceView);
    await this.peer.call(
      "POST",
      this.peer.path("environments", env, "interconnects", icId, "channels", chId, "NotifyMaintenance"),
      { body: { events } },
    );
    return event;
  }

  private maintenanceEventsOf(chName: string): MaintenanceRecord[] {
    return this.state.maintenance
      .filter((m) => m.channel === chName && m.origin === "local")
      .sort((a, b) => a.startTime - b.startTime);
  }

  private maintenanceView = (m: MaintenanceRecord) => ({
    maintenanceId: m.maintenanceId,
    startTime: iso(m.startTime),
    endTime: iso(m.endTime),
  });

  protected maintenanceHandlers() {
    return {
      NotifyMaintenance: async ({ params, body }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        const chName = this.chName(params.environment, ic.id, ch.id);
        for (const e of body.events ?? []) {
          const [start, end] = [Date.parse(e?.startTime ?? ""), Date.parse(e?.endTime ?? "")];
          if (!(end > start)) throw invalidArgument("every event needs a startTime before its endTime (RFC 3339)");
          this.checkMaintenanceWindow(params.environment, ic, ch.id, start, end);
        }
        // The notification only says "changed": refresh the channel's events from the peer.
        const fresh = await this.peer.call(
          "GET",
          this.peer.path(
            "environments",
            params.environment,
            "interconnects",
            ic.id,
            "channels",
            ch.id,
            "maintenanceEvents",
          ),
          { query: { pageSize: 1000 } },
          GetMaintenanceEventsResponseSchema,
        );
        this.state.maintenance = this.state.maintenance.filter((m) => !(m.channel === chName && m.origin === "peer"));
        for (const e of fresh.events.filter((ev) => Date.parse(ev.endTime) > Date.parse(ev.startTime))) {
          this.state.maintenance.push({
            maintenanceId: e.maintenanceId,
            channel: chName,
            startTime: Date.parse(e.startTime),
            endTime: Date.parse(e.endTime),
            origin: "peer",
          });
        }
        this.store.touch();
        return {};
      },
      GetMaintenanceEvents: ({ params, query }) => {
        const ic = this.icOf(params);
        const ch = this.channelOf(params);
        return page(
          "events",
          this.maintenanceEventsOf(this.chName(params.environment, ic.id, ch.id)).map(this.maintenanceView),
          query,
        );
      },
    } satisfies Partial<SpecHandlers>;
  }
}
