// Admin: a MACsec key rotation on a channel (/_admin/macsec/rotate), made by the channel's manager, cloud or partner.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { notFound } from "../http/errors";
import type { CloudBackend } from "../cloud/backend";
import type { PartnerBackend } from "../partner/backend";
import type { Inventory } from "../world/inventory";

const RotateSchema = z.strictObject({ environment: z.string(), interconnect: z.string(), channel: z.string() });

export function registerMacsecRoutes(
  app: FastifyInstance,
  inventory: Inventory,
  backends: { cloud: CloudBackend; partner: PartnerBackend },
): void {
  app.post("/_admin/macsec/rotate", async (req) => {
    const r = RotateSchema.parse(req.body ?? {});
    const manager = inventory.channel(r.environment, r.interconnect, r.channel)?.macsecManager;
    if (!manager) throw notFound(`channel ${r.environment}/${r.interconnect}/${r.channel} does not exist`);
    const key = await backends[manager].keyring.rotateKeyAsManager(r.environment, r.interconnect, r.channel);
    return { manager, name: key.name, ckn: key.ckn, startTime: new Date(key.startTime).toISOString() };
  });
}
