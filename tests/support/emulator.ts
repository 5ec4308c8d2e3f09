// What every test needs around an emulator: starting one, the engine environment pointing the provider at it, the
// admin API (state, stats, faults, clock), the emulator's credentials, and polling with a deadline instead of sleeps.
import {
  DEV_AWS_SECRET_ACCESS_KEY,
  PARTNER_CUSTOMER_TOKEN,
  PARTNER_CUSTOMER_TOKEN_2,
  ROLES,
} from "../../emulator/defaults";
import { startEmulator, type RunningEmulator } from "../../emulator/server";

/** The engine environment that points the provider at an emulator (endpoints, credentials, partner token). */
export { providerEnv } from "../../emulator/provider-env";
import type { EmulatorState } from "../../emulator/state/store";

export type Emulator = RunningEmulator;

/** An emulator on a free loopback port, in memory, provisioning fast. */
export function startTestEmulator(): Promise<Emulator> {
  return startEmulator({ port: 0, provisioningDelayMs: 100 });
}

/** Credentials of the emulator: none may ever show up in state, output, logs or the data dir. */
export const EMULATOR_TOKENS = [
  DEV_AWS_SECRET_ACCESS_KEY,
  PARTNER_CUSTOMER_TOKEN,
  PARTNER_CUSTOMER_TOKEN_2,
  ROLES.cloud.peerToken,
  ROLES.partner.peerToken,
];

// ---------------------------------------------------------------------------------------------------------------------
// Waiting

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value other than undefined; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Polls `probe` until `done` holds or `timeoutMs` passes, and returns the last value (for the caller to assert on). */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Admin API

/** One admin call (`route` below /_admin); throws with the status and body on anything but 2xx. */
export async function admin<T = unknown>(
  emulator: Pick<RunningEmulator, "url">,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const request = () =>
    fetch(`${emulator.url}/_admin/${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A kept-alive socket to an emulator that was restarted on the same port fails once ("other side closed").
  const res = await request().catch(() => sleep(100).then(request));
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${route}: HTTP ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const adminState = (emulator: Pick<RunningEmulator, "url">) => admin<EmulatorState>(emulator, "GET", "state");

/** GET /_admin/stats. */
export interface Stats {
  since: string;
  total: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  /** One row per role, API (customer or peer), operation and status. */
  requests: { role: string; api: "customer" | "peer"; operation: string; status: string; count: number }[];
}
export const adminStats = (emulator: Pick<RunningEmulator, "url">) => admin<Stats>(emulator, "GET", "stats");

/** Calls of one peer (spec) operation in a stats snapshot. */
export const peerCalls = (stats: Stats, operation: string) =>
  stats.requests.filter((r) => r.api === "peer" && r.operation === operation).reduce((n, r) => n + r.count, 0);

/** Successful calls of one AWS Interconnect operation (the cloud's customer API) in a stats snapshot. */
export const awsCalls = (stats: Stats, operation: string) =>
  stats.requests
    .filter((r) => r.api === "customer" && r.operation === `cloud.${operation}` && r.status === "200")
    .reduce((n, r) => n + r.count, 0);

/** What the emulator holds for a connection: the partner's record (absent once deleted) and the cloud's. */
export async function emulatorRecords(
  emulator: Pick<RunningEmulator, "url">,
  ids: { partner?: string; cloud?: string },
) {
  const state = await adminState(emulator);
  return {
    partner: ids.partner ? state.partner.connections[ids.partner] : undefined,
    cloud: ids.cloud ? state.cloud.connections[ids.cloud] : undefined,
  };
}
