// Connection settings, resolved at call time in the provider process: stack config handed to `configure`, then
// `setConnectionSettings`, then environment variables; never captured in state. Plain: part of the public index.d.ts.
import type * as pulumi from "@pulumi/pulumi";
import type { AwsCredentials, RetryPolicy } from "./types";

export const CONFIG_NAMESPACE = "interconnect";

export interface ConnectionSettings {
  /** Replaces the AWS Interconnect regional endpoint, used as-is (e.g. the emulator's cloud URL). */
  cloudEndpoint?: string;
  partnerEndpoint?: string;
  partnerToken?: string;
  /** AWS region of the Interconnect API. */
  region?: string;
  /** AWS shared-config profile for the credential chain. */
  profile?: string;
  /** The AWS account id (12 digits) that must own the cloud connections; when set, any other owner is refused. */
  accountId?: string;
  /** Not a stack setting: credentials handed in-process (tests) instead of the default chain. */
  awsCredentials?: AwsCredentials;
  /** Not a stack setting: lets tests and in-process callers shorten backoff. */
  retry?: Partial<RetryPolicy>;
}

type StringSetting = Exclude<keyof ConnectionSettings, "retry" | "awsCredentials">;

interface SettingSource {
  /** Stack config keys, first found wins. */
  config: string[];
  /** Environment variables, first set wins. */
  env: string[];
  secret: boolean;
}

const SETTINGS: Record<StringSetting, SettingSource> = {
  cloudEndpoint: { config: ["interconnect:cloudEndpoint"], env: ["INTERCONNECT_CLOUD_ENDPOINT"], secret: false },
  partnerEndpoint: { config: ["interconnect:partnerEndpoint"], env: ["INTERCONNECT_PARTNER_ENDPOINT"], secret: false },
  partnerToken: { config: ["interconnect:partnerToken"], env: ["INTERCONNECT_PARTNER_TOKEN"], secret: true },
  region: { config: ["interconnect:region", "aws:region"], env: ["AWS_REGION", "AWS_DEFAULT_REGION"], secret: false },
  profile: { config: ["aws:profile"], env: ["AWS_PROFILE"], secret: false },
  accountId: { config: ["interconnect:accountId"], env: ["INTERCONNECT_ACCOUNT_ID"], secret: false },
};

let fromStack: Partial<Record<StringSetting, string>> = {};
let inProcess: ConnectionSettings = {};
/** Bumped whenever the settings are set: what was learned from a remote under the old ones may not hold. */
let epoch = 0;

/** Which settings are in force: memos of remote facts are kept per epoch (./common/partner-connection.ts). */
export const settingsEpoch = (): number => epoch;

/** Called from the providers' `configure(req)`; in 3.248 `req.config` holds the whole stack config. */
export function configureFromStack(config: pulumi.dynamic.Config): void {
  epoch += 1;
  fromStack = {};
  for (const [key, { config: names }] of Object.entries(SETTINGS) as [StringSetting, SettingSource][]) {
    const value = names.map((name) => config.get(name)).find((v) => v);
    if (value) fromStack[key] = value;
  }
}

export function setConnectionSettings(settings: ConnectionSettings): void {
  epoch += 1;
  inProcess = { ...settings };
}

export function resetConnectionSettings(): void {
  epoch += 1;
  fromStack = {};
  inProcess = {};
}

export function readSettings(): ConnectionSettings {
  const resolved: ConnectionSettings = { retry: inProcess.retry, awsCredentials: inProcess.awsCredentials };
  for (const [key, { env }] of Object.entries(SETTINGS) as [StringSetting, SettingSource][]) {
    const fromEnv = env.map((name) => process.env[name]).find((v) => v);
    resolved[key] = fromStack[key] ?? inProcess[key] ?? (fromEnv || undefined);
  }
  return resolved;
}

export function requireSetting(settings: ConnectionSettings, key: StringSetting): string {
  const value = settings[key];
  if (value) return value;
  const { config, env, secret } = SETTINGS[key];
  throw new Error(
    `missing setting ${config[0]}: run \`pulumi config set ${secret ? "--secret " : ""}${config[0]} <value>\` ` +
      `or set ${env.join(" or ")}`,
  );
}

/** The AWS region, or an error naming every place it can come from. */
export function requireRegion(settings = readSettings()): string {
  if (settings.region) return settings.region;
  throw new Error(
    "no AWS region for the Interconnect API: run `pulumi config set interconnect:region <region>` " +
      "(or set aws:region), or set the AWS_REGION environment variable",
  );
}
