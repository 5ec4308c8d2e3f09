// Admin: the request statistics (GET /_admin/stats) and their reset.
import type { FastifyInstance } from "fastify";
import type { Stats } from "../http/stats";
import { NoBodySchema } from "./bodies";

export function registerStatsRoutes(app: FastifyInstance, stats: Stats): void {
  app.get("/_admin/stats", async () => stats.snapshot());
  const resetStats = async (req: { body?: unknown }) => {
    NoBodySchema.parse(req.body ?? {});
    stats.reset();
    return stats.snapshot();
  };
  app.post("/_admin/stats/reset", resetStats);
  app.delete("/_admin/stats", resetStats);
}
