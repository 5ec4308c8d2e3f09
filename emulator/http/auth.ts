// Who is calling: the bearer token of a request, the peer token each role accepts on its spec endpoints, and the
// partner customer API's tokens (the cloud's customer API is the AWS one, SigV4-signed: ../cloud/aws/sigv4.ts).
import type { FastifyRequest } from "fastify";
import { PARTNER_CUSTOMER_TOKENS, ROLES, type RoleName } from "../identities";
import { permissionDenied, unauthenticated } from "./errors";

/** The token each role accepts on its spec endpoints: its peer's. */
export const PEER_TOKENS: Record<RoleName, string> = { cloud: ROLES.partner.peerToken, partner: ROLES.cloud.peerToken };
const PARTNER_TOKENS: ReadonlyMap<string, string> = new Map(Object.entries(PARTNER_CUSTOMER_TOKENS));

export function bearer(req: FastifyRequest): string {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated("missing bearer token (Authorization: Bearer <token>)");
  return match[1];
}

/** A token of any caller this emulator knows (a peer, or a partner customer). */
export const isKnownToken = (token: string) => PARTNER_TOKENS.has(token) || Object.values(PEER_TOKENS).includes(token);

/** The partner customer API's caller: the account its token belongs to. */
export function partnerCustomerAccount(req: FastifyRequest): string {
  const token = bearer(req);
  const account = PARTNER_TOKENS.get(token);
  if (account) return account;
  if (isKnownToken(token)) throw permissionDenied("this token is not valid for the partner customer API");
  throw unauthenticated("invalid bearer token");
}
