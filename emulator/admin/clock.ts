// Admin: the emulated clock (/_admin/clock): read it, or move it forward (Store.advanceClock).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Store } from "../state/store";

const ClockSchema = z.strictObject({ advanceMs: z.number().int().min(0) });

export const clockOf = (store: Store) => ({
  now: new Date(store.now()).toISOString(),
  offsetMs: store.state.clockOffsetMs,
});

export function registerClockRoutes(app: FastifyInstance, store: Store): void {
  app.get("/_admin/clock", async () => clockOf(store));
  app.post("/_admin/clock", async (req) => {
    const { advanceMs } = ClockSchema.parse(req.body ?? {});
    store.advanceClock(advanceMs);
    return clockOf(store);
  });
}
