// Connection settings, resolved at call time inside the dynamic provider process.
// Source order: stack config handed to the provider's `configure(req)` (namespace `interconnect:`, tokens as
// secrets), then settings set in-process with `setConnectionSettings`, then INTERCONNECT_* environment variables.
// Nothing here is captured when the provider is serialized (the stub loads this module at run time), so endpoints
// and tokens never reach the checkpoint.
import type * as pulumi from "@pulumi/pulumi";
import { CloudClient, PartnerClient, RetryPolicy } from "./client";

export const CONFIG_NAMESPACE = "interconnect";

export interface ConnectionSettings {
  cloudEndpoint?: string;
  partnerEndpoint?: string;
  cloudToken?: string;
  partnerToken?: string;
  /** The cloud account that owns the activation keys; when set, keys owned by another account are refused. */
  accountId?: string;
  /** Not a stack setting: lets tests and in-process callers shorten backoff. */
  retry?: Partial<RetryPolicy>;
}

type StringSetting = Exclude<keyof ConnectionSettings, "retry">;

const SETTINGS: Record<StringSetting, { env: string; secret: boolean }> = {
  cloudEndpoint: { env: "INTERCONNECT_CLOUD_ENDPOINT", secret: false },
  partnerEndpoint: { env: "INTERCONNECT_PARTNER_ENDPOINT", secret: false },
  cloudToken: { env: "INTERCONNECT_CLOUD_TOKEN", secret: true },
  partnerToken: { env: "INTERCONNECT_PARTNER_TOKEN", secret: true },
  accountId: { env: "INTERCONNECT_ACCOUNT_ID", secret: false },
};

let fromStack: ConnectionSettings = {};
let inProcess: ConnectionSettings = {};

/** Called from the providers' `configure(req)`; in 3.248 `req.config` holds the whole stack config. */
export function configureFromStack(config: pulumi.dynamic.Config): void {
  fromStack = {};
  for (const key of Object.keys(SETTINGS) as StringSetting[]) {
    const value = config.get(`${CONFIG_NAMESPACE}:${key}`);
    if (value) fromStack[key] = value;
  }
}

export function setConnectionSettings(settings: ConnectionSettings): void {
  inProcess = { ...settings };
}

export function resetConnectionSettings(): void {
  fromStack = {};
  inProcess = {};
}

export function readSettings(): ConnectionSettings {
  const resolved: ConnectionSettings = { retry: inProcess.retry };
  for (const [key, { env }] of Object.entries(SETTINGS) as [StringSetting, { env: string }][]) {
    resolved[key] = fromStack[key] ?? inProcess[key] ?? (process.env[env] || undefined);
  }
  return resolved;
}

function requireSetting(settings: ConnectionSettings, key: StringSetting): string {
  const value = settings[key];
  if (value) return value;
  const { env, secret } = SETTINGS[key];
  throw new Error(
    `missing setting ${CONFIG_NAMESPACE}:${key}: run \`pulumi config set ${secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} <value>\` or set ${env}`,
  );
}

export function cloudClient(settings = readSettings()): CloudClient {
  return new CloudClient({
    baseUrl: requireSetting(settings, "cloudEndpoint"),
    token: requireSetting(settings, "cloudToken"),
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
