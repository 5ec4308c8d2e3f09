// The environment that points the provider (and any AWS-credential-chain user) at a running emulator: its two
// endpoints, the development AWS credentials its cloud API verifies, its region and the partner token. The demo,
// the tests and the README's "use the emulator" steps all take these values from here.
import {
  DEFAULT_AWS_REGION,
  DEV_AWS_ACCESS_KEY_ID,
  DEV_AWS_SECRET_ACCESS_KEY,
  PARTNER_CUSTOMER_TOKEN,
} from "./identities";

export interface EmulatorEndpoints {
  cloudUrl: string;
  partnerUrl: string;
  region?: string;
}

export function providerEnv(emulator: EmulatorEndpoints): Record<string, string> {
  return {
    INTERCONNECT_CLOUD_ENDPOINT: emulator.cloudUrl,
    INTERCONNECT_PARTNER_ENDPOINT: emulator.partnerUrl,
    INTERCONNECT_PARTNER_TOKEN: PARTNER_CUSTOMER_TOKEN,
    AWS_REGION: emulator.region ?? DEFAULT_AWS_REGION,
    AWS_ACCESS_KEY_ID: DEV_AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: DEV_AWS_SECRET_ACCESS_KEY,
    // The emulator needs no session token; a stale one from the caller's shell would be signed and sent.
    AWS_SESSION_TOKEN: "",
  };
}
