// Admin: the partner's portal, as admin calls: apply a cloud key (/_admin/portal/activate), or issue a key for the
// cloud (/_admin/portal/proposals, the reverse flow accepted with AcceptConnectionProposal).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { BandwidthGbpsSchema, DiversityDimensionSchema, MacsecModeSchema } from "../../schema/customer";
import { PARTNER_CUSTOMER_ACCOUNT } from "../identities";
import type { PartnerBackend } from "../partner/backend";

/** "The customer applied the key at the partner's portal": the partner's AcceptActivationKey, for `account`. */
const PortalActivateSchema = z.strictObject({
  activationKey: z.string().min(1),
  site: z.string().min(1),
  account: z.string().min(1).default(PARTNER_CUSTOMER_ACCOUNT),
  bandwidthGbps: BandwidthGbpsSchema.optional(),
  macsec: MacsecModeSchema.optional(),
  diversity: z.array(DiversityDimensionSchema).optional(),
  clientToken: z.string().min(1).max(128).optional(),
});
/** The partner's portal issues a key for the cloud (reverse flow: AcceptConnectionProposal at the cloud). */
const PortalProposalSchema = z.strictObject({
  environment: z.string().min(1),
  bandwidthGbps: BandwidthGbpsSchema,
  site: z.string().min(1),
  account: z.string().min(1).default(PARTNER_CUSTOMER_ACCOUNT),
});

export function registerPortalRoutes(app: FastifyInstance, partner: PartnerBackend): void {
  app.post("/_admin/portal/activate", async (req, reply) => {
    const { account, ...request } = PortalActivateSchema.parse(req.body ?? {});
    const { pc, created } = await partner.acceptActivationKey(account, request);
    return reply.code(created ? 201 : 200).send(partner.view(pc));
  });
  app.post("/_admin/portal/proposals", async (req, reply) => {
    const body = PortalProposalSchema.parse(req.body ?? {});
    const { activationKey, pc } = partner.issueProposal(body);
    return reply.code(201).send({
      activationKey,
      partnerConnectionId: pc.id,
      sharedConnectionUuid: pc.sharedConnectionUuid,
      environment: pc.environment,
      bandwidthGbps: pc.bandwidthGbps,
    });
  });
}
