// Admin: maintenance windows on a channel (/_admin/maintenance), scheduled or cancelled by either role, which
// notifies its peer. A channel is named by its spec address, or (partner) by a partner connection and link name.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { notFound } from "../http/errors";
import type { CloudBackend } from "../cloud/backend";
import type { PartnerBackend } from "../partner/backend";

const SPEC_ADDRESS = {
  role: z.enum(["cloud", "partner"]).default("partner"),
  environment: z.string(),
  interconnect: z.string(),
  channel: z.string(),
};
const LINK_ADDRESS = { role: z.literal("partner").default("partner"), connectionId: z.string(), link: z.string() };
const channelAddressed = <T extends z.ZodRawShape>(shape: T) =>
  z.union([z.strictObject({ ...SPEC_ADDRESS, ...shape }), z.strictObject({ ...LINK_ADDRESS, ...shape })]);
type ChannelAddress = z.output<ReturnType<typeof channelAddressed<Record<never, never>>>>;
const MaintenanceSchema = channelAddressed({
  startTime: z.string().datetime({ offset: true }),
  endTime: z.string().datetime({ offset: true }),
});
const CancelMaintenanceSchema = channelAddressed({ maintenanceId: z.string() });

export function registerMaintenanceRoutes(app: FastifyInstance, cloud: CloudBackend, partner: PartnerBackend): void {
  const channelOf = (address: ChannelAddress) => {
    if (!("connectionId" in address))
      return { ...address, service: address.role === "cloud" ? cloud.service : partner.service };
    const channel = partner.channelOf(address.connectionId, address.link);
    if (!channel)
      throw notFound(
        `partner connection ${address.connectionId} has no link ${address.link} on an interconnect (an unknown ` +
          `connection or link, or a connection not placed yet)`,
      );
    return { ...channel, role: address.role, service: partner.service };
  };
  app.post("/_admin/maintenance", async (req) => {
    const { startTime, endTime, ...address } = MaintenanceSchema.parse(req.body ?? {});
    const { service, role, environment, interconnect, channel } = channelOf(address);
    const event = await service.maintenance.schedule(
      environment,
      interconnect,
      channel,
      Date.parse(startTime),
      Date.parse(endTime),
    );
    return { role, maintenanceId: event.maintenanceId, channel: event.channel, startTime, endTime };
  });
  app.delete("/_admin/maintenance", async (req) => {
    const { maintenanceId, ...address } = CancelMaintenanceSchema.parse(req.body ?? {});
    const { service, role, environment, interconnect, channel } = channelOf(address);
    const event = await service.maintenance.cancel(environment, interconnect, channel, maintenanceId);
    return { role, maintenanceId, channel: event.channel, cancelled: true };
  });
}
