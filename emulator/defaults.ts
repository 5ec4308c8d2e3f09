// Shared defaults of the emulator: accounts, bearer tokens, provider ids and timings. Tests, the demo and the docs
// import these instead of repeating literals.

/** Provider ids used in spec resource names ("providers/<id>/..."). */
export const CLOUD_PROVIDER_ID = "cloud";
export const PARTNER_PROVIDER_ID = "partner";
export type RoleName = "cloud" | "partner";

export const CLOUD_CUSTOMER_ACCOUNT = "111122223333";
export const CLOUD_CUSTOMER_TOKEN = "dev-cloud-token";
export const PARTNER_CUSTOMER_ACCOUNT = "partner-acct-1";
export const PARTNER_CUSTOMER_TOKEN = "dev-partner-token";
/** A second partner account, for confused-deputy tests (it must not be able to accept keys meant for account 1). */
export const PARTNER_CUSTOMER_ACCOUNT_2 = "partner-acct-2";
export const PARTNER_CUSTOMER_TOKEN_2 = "dev-partner-token-2";

/** Token the cloud presents when it calls the partner's spec endpoints. */
export const CLOUD_PEER_TOKEN = "dev-peer-token-cloud";
/** Token the partner presents when it calls the cloud's spec endpoints. */
export const PARTNER_PEER_TOKEN = "dev-peer-token-partner";

/** Customer tokens per role: token -> account id. */
export const CUSTOMER_TOKENS: Record<RoleName, Record<string, string>> = {
  cloud: { [CLOUD_CUSTOMER_TOKEN]: CLOUD_CUSTOMER_ACCOUNT },
  partner: {
    [PARTNER_CUSTOMER_TOKEN]: PARTNER_CUSTOMER_ACCOUNT,
    [PARTNER_CUSTOMER_TOKEN_2]: PARTNER_CUSTOMER_ACCOUNT_2,
  },
};

export const DEFAULT_SEED = 1;
export const DEFAULT_PROVISIONING_DELAY_MS = 1500;
export const DEFAULT_CLI_DATA_DIR = ".interconnect-emulator";

/** Activation keys expire this long after the cloud issued them (emulated clock). */
export const ACTIVATION_KEY_TTL_MS = 7 * 24 * 3600 * 1000;
/** After a MACsec rotation no other rotation may start on the interconnect for this long. */
export const MACSEC_BAKE_MS = 2 * 3600 * 1000;

export const CLOUD_ASN = 64512;
export const PARTNER_ASN = 65010;
