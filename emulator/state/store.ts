// All emulator state lives in one JSON document. With a data dir it is persisted atomically (temp file + rename)
// whenever something changed; a corrupt or foreign file stops the start-up with a clear error instead of a reset.
import * as fs from "node:fs";
import * as path from "node:path";
import type { DiversityDimension, MacsecMode, PartnerConnectionState } from "../../schema/customer";
import type { AttachPoint } from "../../schema/aws";
import type { LinkPath } from "../world/inventory";
import { firstStateProblem } from "./records";

export type AdminState = "ADMIN_STATE_ENABLED" | "ADMIN_STATE_DISABLED";
export type ProvisioningState = "PROVISIONING_STATE_PENDING" | "PROVISIONING_STATE_FINAL";

export interface SpecConnectionRecord {
  name: string;
  environment: string;
  interconnect: string;
  id: string; // the shared connection uuid
  bandwidthMbps: number;
  activationKey?: string;
  adminState: AdminState;
  /** We told the peer that all our features are final (reset whenever features go back to pending). */
  notifiedFinal: boolean;
  /** Result of the last refresh of the peer's features after its NotifyConnectionStatus. */
  peerFinal: boolean;
  peerRefreshPending: boolean;
  /** Emulated time of the last look at the peer's features (see RoleBase.tick's re-check). */
  peerCheckedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface FeatureRecord {
  name: string;
  connection: string; // spec connection name
  channel: string; // spec channel name
  featureConfig: L3FeatureConfig;
  provisioningState: ProvisioningState;
  readyAt: number;
  createdAt: number;
}

export interface L3FeatureConfig {
  featureType: "FEATURE_TYPE_L3_BASE";
  l3BaseConfig: {
    ipv4Subnet: string;
    ipv4SubnetPrefixLength: number;
    mtuBytes: number;
    vlanId: number;
    providerBgpConfigs: { provider: string; asn: number; hostIpv4: string }[];
    md5BgpPassword?: string;
  };
}

export interface MacSecKeyRecord {
  name: string;
  channel: string;
  cak: string;
  ckn: string;
  startTime: number;
  active: boolean;
}

export interface MaintenanceRecord {
  maintenanceId: string;
  channel: string; // spec channel name (in the holder's namespace)
  startTime: number;
  endTime: number;
  /** local: scheduled by this role; peer: learned through GetMaintenanceEvents after a NotifyMaintenance. */
  origin: "local" | "peer";
}

export interface CommentRecord {
  body: string;
  createTime: number;
  displayName: string;
  localCommentId: string;
}

export interface IssueRecord {
  name: string;
  title: string;
  body: string;
  fields: Record<string, unknown>; // optional spec fields kept as given (contexts, priority, ...)
  state: "STATE_OPEN" | "STATE_IN_PROGRESS" | "STATE_ACTION_REQUIRED" | "STATE_CLOSED";
  createTime: number;
  localIssueId: string;
  comments: CommentRecord[];
}

/** Spec resources one role hosts for its peer. */
export interface RoleState {
  connections: Record<string, SpecConnectionRecord>;
  features: Record<string, FeatureRecord>;
  macsecKeys: Record<string, MacSecKeyRecord>;
  /** Per interconnect name: when the last rotation (a key added to a channel that already had one) started. */
  lastRotationAt: Record<string, number>;
  maintenance: MaintenanceRecord[];
  issues: Record<string, IssueRecord>;
}

/** A connection of the cloud's AWS Interconnect API (state derived by CloudRole.connectionState). */
export interface CloudCustomerConnectionRecord {
  /** "lmcc-" + 8 chars [a-z0-9]. */
  id: string;
  arn: string;
  /** 12-digit AWS account. */
  ownerAccountId: string;
  environment: string;
  bandwidthGbps: number;
  attachPoint: AttachPoint;
  /** The partner account allowed to accept the key; undefined: any. */
  remoteAccountId?: string;
  description?: string;
  clientToken?: string;
  tags: Record<string, string>;
  /** Who issued the activation key: the cloud (CreateConnection) or the partner's portal (AcceptConnectionProposal). */
  keyIssuer: "cloud" | "partner";
  activationKey: string;
  sharedConnectionUuid: string;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  /** The partner confirmed the key (forward flow), or the cloud accepted the partner's proposal (reverse flow). */
  confirmedAt?: number;
  /**
   * The Idempotency-Key of the partner's confirm (forward flow), when it sent one: a repeat of that confirm (its
   * answer was lost) is answered again; a confirm under another key, or none, is a different accept and refused.
   */
  confirmedBy?: string;
  deletedAt?: number;
  /** Set once the connection was verified; later unverified phases show as "updating". */
  everAvailable: boolean;
  /** A customer-requested change is being pushed to the partner; peer updates meanwhile get 409. */
  updateInFlight: boolean;
}

export interface PartnerLinkRecord {
  name: string; // "ch1"
  path: LinkPath;
  adminDown: boolean;
}

export interface PartnerConnectionRecord {
  id: string;
  ownerAccountId: string;
  site: string;
  environment: string;
  sharedConnectionUuid: string;
  activationKey: string;
  bandwidthGbps: number;
  macsec: MacsecMode;
  diversity?: DiversityDimension[];
  diverseFrom?: string[];
  clientToken?: string;
  state: PartnerConnectionState;
  /** Interconnect id the connection currently sits on. */
  interconnect?: string;
  links: PartnerLinkRecord[];
  /** During a migration: the interconnect being built and its links. */
  migration?: {
    interconnect?: string;
    bandwidthGbps: number;
    links: PartnerLinkRecord[];
    refusedInterconnects: string[];
  };
  /** Interconnects CreateConnection was refused on (409) during placement. */
  refusedInterconnects: string[];
  failureReason?: string;
  createdAt: number;
  updatedAt: number;
  /** Emulated time (ms) the connection last became available and verified (admin state only, for benchmarks). */
  verifiedAt?: number;
  /** Reverse flow: the partner's portal issued the key; negotiation waits until the cloud confirmed it. */
  proposal?: {
    expiresAt: number;
    confirmedAt?: number;
    /** as CloudCustomerConnectionRecord.confirmedBy */ confirmedBy?: string;
  };
}

export interface CutRecord {
  /** "area": everything whose route passes within `radiusMeters` of `point` (a backhoe, a sinkhole). */
  dimension: DiversityDimension | "area";
  id: string;
  point?: [number, number];
  radiusMeters?: number;
}

/** A clientToken the AWS API has seen: what it was used for, so a repeat is answered alike or refused. */
export interface ClientTokenRecord {
  operation: string;
  /** The request's members but the token, as received. */
  input: Record<string, unknown>;
  connectionId: string;
  at: number;
}

/** What the AWS API front remembers beyond the connections: client tokens, and the secret its page tokens carry. */
export interface AwsApiState {
  pageTokenSecret: string;
  /** By `<account> <operation> <token>`. */
  clientTokens: Record<string, ClientTokenRecord>;
}

export interface EmulatorState {
  version: 1;
  seed: number;
  clockOffsetMs: number;
  cloud: RoleState & { customers: Record<string, CloudCustomerConnectionRecord> };
  partner: RoleState & { customers: Record<string, PartnerConnectionRecord> };
  cuts: CutRecord[];
  /** Absent in state written before it existed; made on first use. */
  aws?: AwsApiState;
}

const emptyRole = (): RoleState => ({
  connections: {},
  features: {},
  macsecKeys: {},
  lastRotationAt: {},
  maintenance: [],
  issues: {},
});

export function emptyState(seed: number): EmulatorState {
  return {
    version: 1,
    seed,
    clockOffsetMs: 0,
    cloud: { ...emptyRole(), customers: {} },
    partner: { ...emptyRole(), customers: {} },
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
  private dirty = false;
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
        store.touch();
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

  touch(): void {
    this.dirty = true;
  }

  /** Writes pending changes (temp file + rename). Throws on failure and stays dirty, so the next flush retries. */
  flush(): void {
    if (!this.dirty) return;
    const text = JSON.stringify(this.current);
    if (this.file) {
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, text);
      fs.renameSync(tmp, this.file);
    }
    this.written = text;
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

function readStateFile(file: string): EmulatorState {
  const text = fs.readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = parseJsonSafely(text);
  } catch (err) {
    throw new Error(`emulator state file ${file} is corrupt (${(err as Error).message}); fix or remove it`);
  }
  const state = parsed as Partial<EmulatorState> | null;
  if (!state || typeof state !== "object" || state.version !== 1) {
    const expected = "expected version 1; fix or remove it";
    throw new Error(`emulator state file ${file} is corrupt or from another version (${expected})`);
  }
  const cloudCustomers = state.cloud?.customers;
  const records = cloudCustomers && typeof cloudCustomers === "object" ? Object.values(cloudCustomers) : [];
  if (records.some((c) => typeof c?.arn !== "string")) {
    const what = "cloud connections of the old REST API (before AWS Interconnect)";
    throw new Error(`emulator state file ${file} holds ${what}; remove it`);
  }
  const problem = firstStateProblem(state);
  if (problem) throw new Error(`emulator state file ${file} is corrupt at ${problem}; fix or remove it`);
  return state as EmulatorState;
}
