// Who is who in the emulator's development world: the two roles (provider ids, ASNs, peer tokens), the customer
// accounts, the development AWS credentials and region, the Direct Connect gateways and the partner's bearer tokens.
// Development secrets only; the emulator, the tests, the benchmarks and the docs take them from here.

export type RoleName = "cloud" | "partner";

/** Who each role is, stated once. */
export interface RoleIdentity {
  /** The provider id in spec resource names ("providers/<id>/..."). */
  providerId: string;
  displayName: string;
  /** The BGP ASN of its routers. */
  asn: number;
  /** The token it presents when it calls its peer's spec endpoints. */
  peerToken: string;
}

export const ROLES: Readonly<Record<RoleName, RoleIdentity>> = {
  cloud: { providerId: "cloud", displayName: "Example Cloud", asn: 64512, peerToken: "dev-peer-token-cloud" },
  partner: { providerId: "partner", displayName: "Example Partner", asn: 65010, peerToken: "dev-peer-token-partner" },
};

export const CLOUD_CUSTOMER_ACCOUNT = "111122223333";
/** The region the emulated AWS Interconnect endpoint serves (signing scope, ARNs). */
export const DEFAULT_AWS_REGION = "us-east-1";
/** Development AWS credentials of CLOUD_CUSTOMER_ACCOUNT: the emulator's cloud API checks SigV4 signatures with them. */
export const DEV_AWS_ACCESS_KEY_ID = "AKIAEMULATORDEV00001";
export const DEV_AWS_SECRET_ACCESS_KEY = "emulator/dev/secret/do-not-use-in-aws00";
/** Direct Connect gateways of CLOUD_CUSTOMER_ACCOUNT (ListAttachPoints), in the UUID form the API takes. */
export const DEV_DX_GATEWAYS = [
  { id: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01", name: "dx-gateway-primary" },
  { id: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e02", name: "dx-gateway-secondary" },
] as const;
export const PARTNER_CUSTOMER_ACCOUNT = "partner-acct-1";
export const PARTNER_CUSTOMER_TOKEN = "dev-partner-token";
/** A second partner account, for confused-deputy tests (it must not be able to accept keys meant for account 1). */
export const PARTNER_CUSTOMER_ACCOUNT_2 = "partner-acct-2";
export const PARTNER_CUSTOMER_TOKEN_2 = "dev-partner-token-2";

/** Partner customer API tokens: token -> account id. */
export const PARTNER_CUSTOMER_TOKENS: Record<string, string> = {
  [PARTNER_CUSTOMER_TOKEN]: PARTNER_CUSTOMER_ACCOUNT,
  [PARTNER_CUSTOMER_TOKEN_2]: PARTNER_CUSTOMER_ACCOUNT_2,
};
