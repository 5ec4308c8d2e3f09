// Upgrades a state file written by an earlier release to the current layout (STATE_VERSION), one version at a time.
// Each step is a pure function of the parsed JSON; the store validates the result like any other state file.
import { STATE_VERSION } from "./records";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Version 1 kept each role's own API connections as `customers` and the spec's connections as `connections`, so the
 * same word named different records on each side. Version 2 calls the role's API connections `connections` and the
 * spec's `specConnections`.
 */
function fromVersion1(state: Json): Json {
  const role = (value: unknown) => {
    if (!isObject(value)) return value;
    const { connections, customers, ...rest } = value;
    return { ...rest, specConnections: connections, connections: customers };
  };
  return { ...state, version: 2, cloud: role(state.cloud), partner: role(state.partner) };
}

const STEPS: Record<number, (state: Json) => Json> = { 1: fromVersion1 };

/** The state at STATE_VERSION; undefined for a version no step leads from. */
export function migrateState(parsed: unknown): Json | undefined {
  if (!isObject(parsed)) return undefined;
  let state = parsed;
  while (state.version !== STATE_VERSION) {
    const step = typeof state.version === "number" ? STEPS[state.version] : undefined;
    if (!step) return undefined;
    state = step(state);
  }
  return state;
}
