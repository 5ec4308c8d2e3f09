// Admin: out-of-band changes at the partner or the cloud, as if made on a portal or by the partner's crew (/_admin/drift,
// /_admin/rehome): what a refresh must detect.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { notFound } from "../http/errors";
import type { CloudBackend } from "../cloud/backend";
import type { PartnerBackend } from "../partner/backend";
import { REHOME_DIMENSIONS, type RehomeOnto } from "../partner/rehome";
import { ConnectionIdSchema } from "./bodies";

const DriftSchema = z.strictObject({
  connectionId: ConnectionIdSchema,
  bandwidthGbps: z.number().positive().max(100).optional(),
  macsec: z.literal(false).optional(),
  /** MACsec off on this one link; the connection still asks for it. */
  macsecOffLink: z.string().min(1).optional(),
  linkAdminDown: z.string().optional(),
  delete: z.literal(true).optional(),
});
/** The partner's crew moves one link: onto named elements, or into those of another link (../partner/rehome.ts). */
const RehomeSchema = z
  .strictObject({
    connectionId: ConnectionIdSchema,
    link: z.string().min(1),
    onto: z
      .strictObject(Object.fromEntries(REHOME_DIMENSIONS.map((d) => [d, z.string().min(1).optional()])))
      .refine((o) => Object.values(o).some((v) => v !== undefined), `name one of ${REHOME_DIMENSIONS.join(", ")}`)
      .optional(),
    shareWith: z
      .strictObject({
        connectionId: ConnectionIdSchema,
        link: z.string().min(1),
        dimensions: z.array(z.enum(REHOME_DIMENSIONS)).min(1).default(["conduit"]),
      })
      .optional(),
  })
  .refine((b) => (b.onto === undefined) !== (b.shareWith === undefined), {
    message:
      "name exactly one of onto ({device?, entrance?, conduit?}) or shareWith ({connectionId, link, dimensions?})",
  });

export function registerDriftRoutes(app: FastifyInstance, cloud: CloudBackend, partner: PartnerBackend): void {
  app.post("/_admin/drift", async (req) => {
    const { connectionId, ...change } = DriftSchema.parse(req.body ?? {});
    const changed = partner.changeOutOfBand(connectionId, change) ?? cloud.changeOutOfBand(connectionId, change);
    if (!changed) throw notFound(`no partner or cloud connection ${connectionId}`);
    return changed;
  });
  app.post("/_admin/rehome", async (req) => {
    const { connectionId, link, onto, shareWith } = RehomeSchema.parse(req.body ?? {});
    const target = shareWith ? { shareWith } : { onto: onto as RehomeOnto };
    const rehomed = partner.rehomeLink(connectionId, link, target);
    if (!rehomed) throw notFound(`no partner connection ${connectionId}`);
    return rehomed;
  });
}
