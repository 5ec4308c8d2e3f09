// Admin: the spec version the partner reports (/_admin/spec-version), to emulate a partner on another version.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { PartnerBackend } from "../partner/backend";

/** null: back to the version the emulator implements. */
const SpecVersionSchema = z.strictObject({ specVersion: z.string().min(1).max(32).nullable() });

export function registerSpecVersionRoutes(app: FastifyInstance, partner: PartnerBackend): void {
  app.post("/_admin/spec-version", async (req) => {
    const { specVersion } = SpecVersionSchema.parse(req.body ?? {});
    partner.setSpecVersion(specVersion ?? undefined);
    return { specVersion: partner.specVersion() };
  });
}
