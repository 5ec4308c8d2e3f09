// The plugin's provider configuration, read as the dynamic face reads it (../settings.ts `configureFromStack`). The
// engine sends Configure its variables as `interconnect:config:<key>` (and, newer, as typed `args` with plain keys);
// both become `interconnect:<key>`. @pulumi/pulumi 3.248's provider module answers Configure without handing it to the
// provider, so `forwardConfigure` wraps that one handler, where the module registers its gRPC service.
import * as path from "node:path";
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

interface ConfigureCall {
  request: {
    getVariablesMap(): { toObject(): [string, string][] };
    getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  };
}
type Handler = (call: ConfigureCall, callback: (error: unknown, response?: unknown) => void) => void;
type ServiceImplementation = Record<string, unknown> & { configure?: Handler; checkConfig?: unknown };

let forwarding = false;

/**
 * Has the provider module's Configure handler call `onConfigure` with the request's configuration first. Patches
 * `addService` of the gRPC module that @pulumi/pulumi loads, for the resource provider service only, once.
 */
export function forwardConfigure(onConfigure: (config: pulumi.dynamic.Config) => void): void {
  if (forwarding) return;
  forwarding = true;
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the very instance the provider module uses
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as {
    Server: { prototype: { addService: (service: unknown, implementation: ServiceImplementation) => void } };
  };
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    const answer = implementation.configure;
    if (answer && implementation.checkConfig) {
      implementation.configure = (call, callback) => {
        try {
          const variables = Object.fromEntries(call.request.getVariablesMap().toObject());
          onConfigure(configOf(variables, call.request.getArgs()?.toJavaScript()));
        } catch (e) {
          callback(e);
          return;
        }
        answer.call(implementation, call, callback);
      };
    }
    addService.call(this, service, implementation);
  };
}
