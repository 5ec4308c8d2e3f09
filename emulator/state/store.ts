// All emulator state lives in one JSON document. With a data dir it is persisted atomically (temp file + rename)
// whenever something changed; a corrupt or foreign file stops the start-up with a clear error instead of a reset.
import * as fs from "node:fs";
import * as path from "node:path";
import { migrateState } from "./migrations";
import { firstStateProblem, STATE_VERSION, type CutRecord, type EmulatorState, type RoleState } from "./records";

export type {
  AwsApiState,
  ClientTokenRecord,
  CloudConnectionRecord,
  CommentRecord,
  CutRecord,
  EmulatorState,
  FeatureRecord,
  IssueRecord,
  L3FeatureConfig,
  LinkHealthFaultRecord,
  MacSecKeyRecord,
  MaintenanceRecord,
  PartnerConnectionRecord,
  PartnerLinkRecord,
  RoleState,
  SpecConnectionRecord,
} from "./records";

const emptyRole = (): RoleState => ({
  specConnections: {},
  features: {},
  macsecKeys: {},
  lastRotationAt: {},
  maintenance: [],
  issues: {},
});

export function emptyState(seed: number): EmulatorState {
  return {
    version: STATE_VERSION,
    seed,
    clockOffsetMs: 0,
    cloud: { ...emptyRole(), connections: {} },
    partner: { ...emptyRole(), connections: {} },
    cuts: [],
  };
}

const STATE_FILE = "state.json";
const LOCK_FILE = "emulator.lock";

/** A table lookup that never returns inherited properties (`__proto__`, `constructor`, ...). */
export const own = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** JSON.parse that refuses `__proto__` keys (they would turn into prototype changes when copied by assignment). */
export function parseJsonSafely(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (key === "__proto__") throw new SyntaxError("the key __proto__ is not allowed");
    return value;
  });
}

/** The state could not be written; the change was rolled back to the last written state. */
export class StoreWriteError extends Error {}

export class Store {
  /**
   * Written once after start, whatever the file held: start-up settles state (interrupted resizes, the AWS front's
   * page-token secret) and an upgraded file is written back in the current layout.
   */
  private dirty = true;
  /** Bumped on every rollback: a request that started before one may have lost its changes. */
  private generation = 0;
  /** The last state text that reached the disk (the rollback target). */
  private written: string;

  private constructor(
    private current: EmulatorState,
    private readonly file: string | undefined,
    private readonly lock: string | undefined,
  ) {
    this.written = JSON.stringify(current);
  }

  get state(): EmulatorState {
    return this.current;
  }

  get epoch(): number {
    return this.generation;
  }

  /**
   * Opens (or creates) the state. Without a data dir the state lives in memory only. With one, the dir must be
   * writable (probed), not in use by another emulator (lock file), and its state.json must validate.
   */
  static open(dataDir: string | undefined, seed: number | undefined, defaultSeed: number): Store {
    if (!dataDir) return new Store(emptyState(seed ?? defaultSeed), undefined, undefined);
    prepareDataDir(dataDir);
    const lock = acquireLock(dataDir);
    try {
      const file = path.join(dataDir, STATE_FILE);
      if (!fs.existsSync(file)) {
        const store = new Store(emptyState(seed ?? defaultSeed), file, lock);
        store.flush();
        return store;
      }
      const state = readStateFile(file);
      if (seed !== undefined && seed !== state.seed) {
        const hint = "use another data dir or drop --seed";
        throw new Error(`${file} was created with seed ${state.seed}, not ${seed}; ${hint}`);
      }
      return new Store(state, file, lock);
    } catch (err) {
      releaseLock(lock);
      throw err;
    }
  }

  /** Emulated time in epoch ms (real time plus the offset moved by POST /_admin/clock). */
  now(): number {
    return Date.now() + this.current.clockOffsetMs;
  }

  /** Moves the emulated clock forward (POST /_admin/clock). */
  advanceClock(ms: number): void {
    this.current.clockOffsetMs += ms;
  }

  /** Cuts the given elements, or repairs them (`restore`); answers the cuts in force afterwards. */
  cut(targets: CutRecord[], restore: boolean): CutRecord[] {
    const same = (a: CutRecord, b: CutRecord) => a.dimension === b.dimension && a.id === b.id;
    this.current.cuts = this.current.cuts.filter((c) => !targets.some((t) => same(c, t)));
    if (!restore) this.current.cuts.push(...targets);
    return this.current.cuts;
  }

  /** Repairs every cut. */
  clearCuts(): void {
    this.current.cuts = [];
  }

  /**
   * Something may have changed: the next flush writes. Called at the boundaries where the model changes, never by the
   * model itself: a request that may change state (../http/hooks.ts, the AWS front's commit in ../server.ts) and a
   * tick that did work (../ticker.ts). Reads change nothing worth a write of their own.
   */
  markChanged(): void {
    this.dirty = true;
  }

  /** Writes pending changes (temp file + rename). Throws on failure and stays dirty, so the next flush retries. */
  flush(): void {
    if (!this.dirty) return;
    // In memory nothing can fail to write, so there is nothing to roll back to: no copy of the state is kept.
    if (this.file) {
      const text = JSON.stringify(this.current);
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, this.file);
      this.written = text;
    }
    this.dirty = false;
  }

  /**
   * Makes a request's changes durable before it is answered. On a write failure the in-memory state goes back to
   * the last written one (so nothing unwritten is ever served as done) and a StoreWriteError is thrown; a request
   * that began before an earlier rollback gets one too, as its changes may have been discarded by it.
   */
  commit(sinceEpoch: number): void {
    try {
      this.flush();
    } catch (err) {
      this.current = JSON.parse(this.written) as EmulatorState;
      this.dirty = false;
      this.generation++;
      const reason = (err as Error).message;
      throw new StoreWriteError(`the change could not be written to ${this.file} (${reason}); it was rolled back`);
    }
    if (sinceEpoch !== this.generation) {
      throw new StoreWriteError("a failed write rolled the state back while this request ran; retry");
    }
  }

  /** Writes what is pending and releases the data dir's lock (the lock is released even if the write fails). */
  close(): void {
    try {
      this.flush();
    } finally {
      releaseLock(this.lock);
    }
  }
}

/** Creates the data dir and proves it writable, so a read-only or misplaced dir refuses the start, not a request. */
function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, "probe");
    fs.rmSync(probe);
  } catch (err) {
    const reason = (err as Error).message;
    throw new Error(`emulator data dir ${dataDir} is not writable (${reason}); choose another --data dir`);
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
};

/** `<dataDir>/emulator.lock` holds the owner's pid; a lock whose process is gone is stale and taken over. */
function acquireLock(dataDir: string): string {
  const lock = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      return lock;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
    }
    const holder = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new Error(
        `emulator data dir ${dataDir} is in use by another emulator (pid ${holder}, lock file ${lock}); ` +
          "stop it or use another --data dir",
      );
    }
    fs.rmSync(lock, { force: true }); // stale: its emulator is gone
  }
}

function releaseLock(lock: string | undefined): void {
  if (!lock) return;
  try {
    fs.rmSync(lock, { force: true });
  } catch {
    // the data dir itself is gone or unusable; nothing left to release
  }
}

/** The file's state at STATE_VERSION (upgraded from an earlier release's layout when it is older). */
function readStateFile(file: string): EmulatorState {
  const text = fs.readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = parseJsonSafely(text);
  } catch (err) {
    throw new Error(`emulator state file ${file} is corrupt (${(err as Error).message}); fix or remove it`);
  }
  const upgraded = migrateState(parsed);
  if (!upgraded) {
    const expected = `expected version ${STATE_VERSION} or an earlier one; fix or remove it`;
    throw new Error(`emulator state file ${file} is corrupt or from another version (${expected})`);
  }
  const state = upgraded as Partial<EmulatorState>;
  const cloudConnections = state.cloud?.connections;
  const records = cloudConnections && typeof cloudConnections === "object" ? Object.values(cloudConnections) : [];
  if (records.some((c) => typeof c?.arn !== "string")) {
    const what = "cloud connections of the old REST API (before AWS Interconnect)";
    throw new Error(`emulator state file ${file} holds ${what}; remove it`);
  }
  const problem = firstStateProblem(state);
  if (problem) throw new Error(`emulator state file ${file} is corrupt at ${problem}; fix or remove it`);
  return state as EmulatorState;
}
