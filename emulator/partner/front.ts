// The partner customer API's protocol front: one route per operation of CUSTOMER_OPERATIONS under /partner, which
// finds the caller's account, parses the request with the operation's schema, makes one backend call
// (./backend.ts) and serializes the answer (./views.ts), checked against the operation's response schema. Also the
// partner portal's page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  AcceptActivationKeyRequestSchema,
  RelocateLinkRequestSchema,
  UpdatePartnerConnectionRequestSchema,
} from "../../schema/customer";
import { CUSTOMER_OPERATIONS } from "../../schema/spec";
import { toRouterPath } from "../coordinator/front";
import { partnerCustomerAccount } from "../http/auth";
import { checkResponse } from "../http/errors";
import type { RouteTag } from "../http/hooks";
import { paginate } from "../http/paging";
import type { PartnerBackend } from "./backend";

interface CustomerCall {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  account: string;
}
interface CustomerResult {
  status?: number;
  body: unknown;
}
type CustomerHandler = (call: CustomerCall) => CustomerResult | Promise<CustomerResult>;

function customerHandlers(partner: PartnerBackend): Record<string, CustomerHandler> {
  return {
    GetServiceInfo: () => ({ body: { specVersion: partner.specVersion() } }),
    AcceptActivationKey: async ({ body, account }) => {
      const { pc, created } = await partner.acceptActivationKey(account, AcceptActivationKeyRequestSchema.parse(body));
      return { status: created ? 201 : 200, body: partner.view(pc) };
    },
    ListConnections: ({ query, account }) => {
      const { items, nextPageToken } = paginate(partner.listConnections(account), query);
      return { body: { connections: items.map((c) => partner.view(c)), ...(nextPageToken ? { nextPageToken } : {}) } };
    },
    GetConnection: ({ params, account }) => ({ body: partner.view(partner.getConnection(account, params.id)) }),
    UpdateConnection: async ({ params, body, account }) => {
      partner.getConnection(account, params.id); // an unknown connection is a 404 before a bad body is a 400
      const { bandwidthGbps } = UpdatePartnerConnectionRequestSchema.parse(body);
      return { body: partner.view(await partner.updateConnection(account, params.id, bandwidthGbps)) };
    },
    DeleteConnection: async ({ params, account }) => ({
      body: partner.view(await partner.deleteConnection(account, params.id)),
    }),
    ListLinks: ({ params, query, account }) => {
      const { links } = partner.view(partner.getConnection(account, params.id));
      const { items, nextPageToken } = paginate(links, query);
      return { body: { links: items, ...(nextPageToken ? { nextPageToken } : {}) } };
    },
    RelocateLink: ({ params, body, account }) => {
      partner.getConnection(account, params.id); // 404 before 400, as above
      const req = RelocateLinkRequestSchema.parse(body);
      return { body: partner.view(partner.relocateLink(account, params.id, params.link, req)) };
    },
  };
}

export function registerPartnerCustomerRoutes(app: FastifyInstance, partner: PartnerBackend): void {
  const handlers = customerHandlers(partner);
  for (const op of CUSTOMER_OPERATIONS) {
    const config: RouteTag = { role: "partner", api: "customer", operation: `partner.${op.operationId}` };
    app.route({
      method: op.method,
      url: `/partner${toRouterPath(op.path)}`,
      config,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const account = partnerCustomerAccount(req);
        const result = await handlers[op.operationId]({
          params: req.params as Record<string, string>,
          query: req.query as Record<string, string>,
          body: req.body,
          account,
        });
        checkResponse(op, result.body);
        reply.code(result.status ?? 200);
        return result.body;
      },
    });
  }
  app.get("/partner/portal/activate", async (_req, reply) => reply.type("text/html; charset=utf-8").send(PORTAL_PAGE));
}

const PORTAL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Example Partner: apply an activation key</title></head>
<body><h1>Apply an AWS Interconnect activation key</h1>
<p>This emulated partner portal has no form. Apply a key issued by the cloud (CreateConnection) with
<code>POST /_admin/portal/activate {"activationKey": "...", "site": "nyc-hq"}</code>, or through the partner's
customer API (<code>POST /partner/v1/connections</code>).</p>
<p>To get a key from the partner for the cloud (AcceptConnectionProposal), use
<code>POST /_admin/portal/proposals {"environment": "us-east-1:nyc", "bandwidthGbps": 10, "site": "nyc-hq"}</code>.</p>
</body></html>
`;
