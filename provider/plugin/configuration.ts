// The plugin's provider configuration, read as the dynamic face reads it (../settings.ts `configureFromStack`). The
// engine sends Configure its variables as `interconnect:config:<key>` (and, newer, as typed `args` with plain keys);
// both become `interconnect:<key>` (./service.ts hands each Configure request here).
import type * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE } from "../settings";
import { unwrapDeep } from "./secrets";

/** The value the engine sends for a configuration value not known yet (a preview). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** `interconnect:config:cloudEndpoint` or `cloudEndpoint` → `interconnect:cloudEndpoint`. */
export function configKey(key: string): string {
  const legacy = /^([^:]+):config:(.+)$/.exec(key);
  if (legacy) return `${legacy[1]}:${legacy[2]}`;
  return key.includes(":") ? key : `${CONFIG_NAMESPACE}:${key}`;
}

const asText = (value: unknown): string | undefined => {
  if (value === undefined || value === null || value === UNKNOWN) return undefined;
  return typeof value === "string" ? value : JSON.stringify(value);
};

/** The configuration a Configure request carries, as the `Config` the dynamic face's configure is given. */
export function configOf(variables: Record<string, string>, args?: Record<string, unknown>): pulumi.dynamic.Config {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries((unwrapDeep(args ?? {}) as Record<string, unknown>) ?? {})) {
    const text = asText(value);
    if (text !== undefined) values.set(configKey(key), text);
  }
  for (const [key, value] of Object.entries(variables)) {
    const text = asText(value);
    if (text !== undefined && !values.has(configKey(key))) values.set(configKey(key), text);
  }
  return {
    get: (key: string) => values.get(key),
    require: (key: string) => {
      const value = values.get(key);
      if (value === undefined) throw new Error(`missing required configuration key ${key}`);
      return value;
    },
  };
}
