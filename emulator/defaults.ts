// Shared defaults of the emulator: accounts, bearer tokens, provider ids and timings. Tests, the demo and the docs
// import these instead of repeating literals.

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

export const DEFAULT_SEED = 1;
export const DEFAULT_PROVISIONING_DELAY_MS = 1500;
export const DEFAULT_CLI_DATA_DIR = ".interconnect-emulator";

/** Activation keys expire this long after the cloud issued them (emulated clock). */
export const ACTIVATION_KEY_TTL_MS = 7 * 24 * 3600 * 1000;
/** After a MACsec rotation no other rotation may start on the interconnect for this long. */
export const MACSEC_BAKE_MS = 2 * 3600 * 1000;
