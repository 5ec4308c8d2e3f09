// All emulator state lives in one JSON document. With a data dir it is persisted atomically (temp file + rename)
// whenever something changed; a corrupt or foreign file stops the start-up with a clear error instead of a reset.
import * as fs from "node:fs";
import * as path from "node:path";
import type { DiversityDimension, MacsecMode, PartnerConnectionState } from "../schema/customer";
import type { AttachPoint } from "../schema/aws";
import type { LinkPath } from "./inventory";

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
    providerBgpConfigs: Array<{ provider: string; asn: number; hostIpv4: string }>;
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
  migration?: { interconnect?: string; bandwidthGbps: number; links: PartnerLinkRecord[]; refusedInterconnects: string[] };
  /** Interconnects CreateConnection was refused on (409) during placement. */
  refusedInterconnects: string[];
  failureReason?: string;
  createdAt: number;
  updatedAt: number;
  /** Emulated time (ms) the connection last became available and verified (admin state only, for benchmarks). */
  verifiedAt?: number;
  /** Reverse flow: the partner's portal issued the key; negotiation waits until the cloud confirmed it. */
  proposal?: { expiresAt: number; confirmedAt?: number };
}

export interface CutRecord {
  dimension: "conduit" | "entrance" | "device" | "facility";
  id: string;
}

export interface EmulatorState {
  version: 1;
  seed: number;
  clockOffsetMs: number;
  cloud: RoleState & { customers: Record<string, CloudCustomerConnectionRecord> };
  partner: RoleState & { customers: Record<string, PartnerConnectionRecord> };
  cuts: CutRecord[];
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

export class Store {
  private dirty = false;

  private constructor(
    readonly state: EmulatorState,
    private readonly file: string | undefined,
  ) {}

  /** Opens (or creates) the state. Without a data dir the state lives in memory only. */
  static open(dataDir: string | undefined, seed: number | undefined, defaultSeed: number): Store {
    if (!dataDir) return new Store(emptyState(seed ?? defaultSeed), undefined);
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, STATE_FILE);
    if (!fs.existsSync(file)) {
      const store = new Store(emptyState(seed ?? defaultSeed), file);
      store.touch();
      store.flush();
      return store;
    }
    const state = readStateFile(file);
    if (seed !== undefined && seed !== state.seed) {
      throw new Error(`${file} was created with seed ${state.seed}, not ${seed}; use another data dir or drop --seed`);
    }
    return new Store(state, file);
  }

  /** Emulated time in epoch ms (real time plus the offset moved by POST /_admin/clock). */
  now(): number {
    return Date.now() + this.state.clockOffsetMs;
  }

  touch(): void {
    this.dirty = true;
  }

  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.file);
  }
}

function readStateFile(file: string): EmulatorState {
  const text = fs.readFileSync(file, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`emulator state file ${file} is corrupt (${(err as Error).message}); fix or remove it`);
  }
  const state = parsed as Partial<EmulatorState> | null;
  if (!state || state.version !== 1 || typeof state.seed !== "number" || !state.cloud || !state.partner || !state.cuts) {
    throw new Error(`emulator state file ${file} is corrupt or from another version (expected version 1); fix or remove it`);
  }
  if (Object.values(state.cloud.customers ?? {}).some((c) => typeof c.arn !== "string")) {
    throw new Error(`emulator state file ${file} holds cloud connections of the old REST API (before AWS Interconnect); remove it`);
  }
  return state as EmulatorState;
}
