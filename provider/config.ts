// The API clients configured from the connection settings (./settings.ts), as the providers use them. The client
// modules load on the first client made: a preview's check and diff make none, so they never load axios or the
// AWS signing and credential libraries (bench/preview-scale.ts).
import type { AwsInterconnectClient } from "./aws-client";
import type { PartnerClient } from "./client";
import { readSettings, requireRegion, requireSetting } from "./settings";

export * from "./settings";

export function awsClient(settings = readSettings()): AwsInterconnectClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: see the top of this file
  const { AwsInterconnectClient } = require("./aws-client") as typeof import("./aws-client");
  return new AwsInterconnectClient({
    region: requireRegion(settings),
    endpoint: settings.cloudEndpoint,
    credentials: settings.awsCredentials,
    profile: settings.profile,
    retry: settings.retry,
  });
}

export function partnerClient(settings = readSettings()): PartnerClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: see the top of this file
  const { PartnerClient } = require("./client") as typeof import("./client");
  return new PartnerClient({
    baseUrl: requireSetting(settings, "partnerEndpoint"),
    token: requireSetting(settings, "partnerToken"),
    retry: settings.retry,
  });
}
