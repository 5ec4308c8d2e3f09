// The API clients configured from the connection settings (./settings.ts), as the providers use them.
import { AwsInterconnectClient } from "./aws-client";
import { PartnerClient } from "./client";
import { readSettings, requireRegion, requireSetting } from "./settings";

export * from "./settings";

export function awsClient(settings = readSettings()): AwsInterconnectClient {
  return new AwsInterconnectClient({
    region: requireRegion(settings),
    endpoint: settings.cloudEndpoint,
    credentials: settings.awsCredentials,
    profile: settings.profile,
    retry: settings.retry,
  });
}

export function partnerClient(settings = readSettings()): PartnerClient {
  return new PartnerClient({
    baseUrl: requireSetting(settings, "partnerEndpoint"),
    token: requireSetting(settings, "partnerToken"),
    retry: settings.retry,
  });
}
