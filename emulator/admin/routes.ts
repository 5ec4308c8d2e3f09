// The admin API under /_admin (no auth): one file per thing it serves, registered here. Every change goes through
// the store or a backend method.
import type { FastifyInstance } from "fastify";
import type { CloudBackend } from "../cloud/backend";
import type { Faults } from "../http/faults";
import type { Stats } from "../http/stats";
import type { PartnerBackend } from "../partner/backend";
import type { Store } from "../state/store";
import type { Inventory } from "../world/inventory";
import { registerClockRoutes } from "./clock";
import { registerCutRoutes } from "./cuts";
import { registerDriftRoutes } from "./drift";
import { registerFaultRoutes } from "./faults";
import { registerInventoryRoutes } from "./inventory";
import { registerLinkHealthRoutes } from "./link-health";
import { registerMacsecRoutes } from "./macsec";
import { registerMaintenanceRoutes } from "./maintenance";
import { registerPortalRoutes } from "./portal";
import { registerSpecVersionRoutes } from "./spec-version";
import { registerStatsRoutes } from "./stats";

export interface AdminDeps {
  store: Store;
  stats: Stats;
  faults: Faults;
  inventory: Inventory;
  cloud: CloudBackend;
  partner: PartnerBackend;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { store, stats, faults, inventory, cloud, partner } = deps;
  registerPortalRoutes(app, partner);
  registerStatsRoutes(app, stats);
  registerFaultRoutes(app, faults);
  registerClockRoutes(app, store);
  registerCutRoutes(app, store);
  registerDriftRoutes(app, cloud, partner);
  registerSpecVersionRoutes(app, partner);
  registerLinkHealthRoutes(app, partner);
  registerMaintenanceRoutes(app, cloud, partner);
  registerMacsecRoutes(app, inventory, { cloud, partner });
  registerInventoryRoutes(app, inventory, store);
}
