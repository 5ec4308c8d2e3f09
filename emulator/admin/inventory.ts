// Admin: reads of the emulation itself: the physical inventory (/_admin/inventory) and the state, secrets redacted
// (/_admin/state).
import type { FastifyInstance } from "fastify";
import type { Store } from "../state/store";
import type { Inventory } from "../world/inventory";
import { clockOf } from "./clock";

const redact = (_key: string, value: unknown) => (_key === "cak" || _key === "md5BgpPassword" ? "<redacted>" : value);

export function registerInventoryRoutes(app: FastifyInstance, inventory: Inventory, store: Store): void {
  app.get("/_admin/inventory", async () => inventory.catalog);
  app.get("/_admin/state", async (_req, reply) => {
    reply.type("application/json").send(JSON.stringify({ ...store.state, now: clockOf(store).now }, redact));
  });
}
