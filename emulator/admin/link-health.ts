// Admin: link health faults (/_admin/link-health): each failure the provider must catch, reproducible (emulator
// README, "Link health"); the partner backend applies them.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { notFound } from "../http/errors";
import type { PartnerBackend } from "../partner/backend";
import { ConnectionIdSchema } from "./bodies";

const LinkHealthFaultSchema = z.strictObject({
  connectionId: ConnectionIdSchema,
  link: z.string(),
  leakFramesPerSecond: z.number().int().nonnegative().max(1_000_000).optional(),
  holdTimeSeconds: z.number().int().min(3).max(65535).optional(),
  keepaliveSeconds: z.number().int().min(1).max(21845).optional(),
  flaps: z.number().int().nonnegative().max(1_000_000).optional(),
  extraLatencyMs: z.number().nonnegative().max(5_000).optional(),
  errorFramesPerSecond: z.number().int().nonnegative().max(1_000_000).optional(),
  clear: z.literal(true).optional(),
});

export function registerLinkHealthRoutes(app: FastifyInstance, partner: PartnerBackend): void {
  app.post("/_admin/link-health", async (req) => {
    const { connectionId, link, ...change } = LinkHealthFaultSchema.parse(req.body ?? {});
    const health = partner.changeLinkHealth(connectionId, link, change);
    if (!health) throw notFound(`no partner connection ${connectionId}`);
    return { connectionId, link, health };
  });
}
