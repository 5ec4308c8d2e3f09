// Admin: fault injection (/_admin/faults): error rates, latency, rate limits, resets, provisioning failures and lost
// answers, applied by ../http/faults.ts.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Faults } from "../http/faults";
import { NoBodySchema } from "./bodies";

const FaultsSchema = z.strictObject({
  scope: z
    .array(z.enum(["customer", "peer"]))
    .min(1)
    .optional(),
  errorRates: z.record(z.string().regex(/^[45]\d\d$/), z.number().min(0).max(1)).optional(),
  latencyMs: z.number().int().min(0).optional(),
  rateLimitRps: z.number().min(0).optional(),
  resetRate: z.number().min(0).max(1).optional(),
  provisioningFailureRate: z.number().min(0).max(1).optional(),
  lostAnswers: z
    .array(
      z.strictObject({
        role: z.enum(["cloud", "partner"]),
        api: z.enum(["customer", "peer"]),
        operation: z.string().min(1).max(100),
        count: z.number().int().min(1).max(1000).default(1),
      }),
    )
    .optional(),
});

export function registerFaultRoutes(app: FastifyInstance, faults: Faults): void {
  app.get("/_admin/faults", async () => faults.config);
  app.post("/_admin/faults", async (req) => faults.configure(FaultsSchema.parse(req.body ?? {})));
  app.delete("/_admin/faults", async (req) => {
    NoBodySchema.parse(req.body ?? {});
    return faults.clear();
  });
}
