// The API clients configured from the connection settings (../settings.ts), as the providers use them. The client
// modules load on the first client made: a preview's check and diff make none, so they never load axios or the
// AWS signing and credential libraries (bench/preview-scale.ts).
import type { AwsInterconnectClient } from "./aws";
import type { PartnerClient } from "./partner";
import { readSettings, requireRegion, requireSetting } from "../settings";

export function awsClient(settings = readSettings()): AwsInterconnectClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: see the top of this file
  const { AwsInterconnectClient } = require("./aws") as typeof import("./aws");
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
  const { PartnerClient } = require("./partner") as typeof import("./partner");
  return new PartnerClient({
    baseUrl: requireSetting(settings, "partnerEndpoint"),
    token: requireSetting(settings, "partnerToken"),
    retry: settings.retry,
  });
}
