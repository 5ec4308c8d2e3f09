// Shared setup of the example tests: the emulator on a free loopback port and the engine environment that points
// the provider at it.
import { startEmulator } from "../../emulator/server";
import { providerEnv } from "../../emulator/provider-env";

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export function startTestEmulator(): Promise<Emulator> {
  return startEmulator({ port: 0, provisioningDelayMs: 100 });
}

/**
 * The engine environment for example stacks. PULUMI_NODEJS_TRANSPILE_ONLY: the programs are type-checked by `tsc -p .`
 * (npm test's build) already; without it the language host type-checks each program again on every operation.
 */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
  return {
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...providerEnv(emulator),
  };
}

/** What the emulator holds for a connection: the partner's record (absent once deleted) and the cloud's. */
export async function emulatorRecords(emulator: Emulator, ids: { partner?: string; cloud?: string }) {
  const state = (await fetch(`${emulator.url}/_admin/state`).then((r) => r.json())) as {
    cloud: { customers: Record<string, { deletedAt?: number; bandwidthGbps: number }> };
    partner: { customers: Record<string, { state: string; bandwidthGbps: number; interconnect?: string }> };
  };
  return {
    partner: ids.partner ? state.partner.customers[ids.partner] : undefined,
    cloud: ids.cloud ? state.cloud.customers[ids.cloud] : undefined,
  };
}
