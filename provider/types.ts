// The public types of the package, in plain TypeScript. What `index.d.ts` reaches must compile in any Pulumi
// project (strict, no skipLibCheck, no esModuleInterop), so nothing here may import zod, fastify, axios or the
// schema modules: those types are derived from zod schemas. tests/unit/stub-public-types.test.ts proves at compile
// time that each type below equals the one the implementation derives from its schema.

/** Bandwidth tiers in Gbps, as the AWS Interconnect API and the partners offer them. */
export const BANDWIDTH_TIERS_GBPS = [1, 2, 5, 10, 25, 50, 100] as const;
export type BandwidthGbps = (typeof BANDWIDTH_TIERS_GBPS)[number];

/** How many tiers one Interconnect update may raise bandwidth by, unless maxBandwidthStepTiers says otherwise. */
export const DEFAULT_MAX_STEP_TIERS = 2;

/** AWS Interconnect connection state. */
export type ConnectionState =
  "available" | "requested" | "pending" | "down" | "deleting" | "deleted" | "failed" | "updating";

/** Physical dimensions links can share, and a diversity policy keeps distinct. */
export type DiversityDimension = "device" | "entrance" | "facility" | "conduit";
export type Dimension = DiversityDimension;
export type MacsecMode = "required" | "preferred" | "off";

/** Partner connection state. */
export type PartnerConnectionState =
  "pending" | "provisioning" | "available" | "updating" | "migrating" | "deleting" | "deleted" | "failed";

/** The Connection Coordinator's verification state. */
export type VerificationState =
  "VERIFICATION_STATE_UNSPECIFIED" | "PENDING_PARTNER" | "PENDING_LOCAL" | "VERIFIED" | "FAILED";

/** Durations such as "20m" or "30s". */
export interface ConnectionTimeouts {
  create?: string;
  update?: string;
  delete?: string;
}
export type InterconnectTimeouts = ConnectionTimeouts;

/** What an Interconnect's create and update wait for. */
export type WaitForMode = "verified" | "accepted";
/** What an ActivationKey's create and update wait for. */
export type ActivationKeyWaitFor = "requested" | "available";
/** What a ConnectionProposalAccepter's create and update wait for. */
export type AccepterWaitFor = "pending" | "available";
/** How a RedundantLinkGroup enforces its policy. */
export type Enforcement = "reconcile" | "fail" | "warn";

/** One link of an Interconnect (`Interconnect.links`). MACsec key material is never an output. */
export interface LinkOutput {
  name: string;
  device: string;
  facility: string;
  entrance: string;
  conduit: string;
  vlan: number;
  ipv4Subnet: string;
  localAsn: number;
  remoteAsn: number;
  bgpState: "IDLE" | "CONNECT" | "ACTIVE" | "ESTABLISHED" | "DOWN";
  macsecActive: boolean;
  adminState: "ADMIN_STATE_UNSPECIFIED" | "ADMIN_STATE_UP" | "ADMIN_STATE_DOWN";
  operState: "UP" | "DOWN";
}

/** A RedundantLinkGroup's diversity policy, as written in a program (defaults optional). */
export interface DiversityPolicyInput {
  /** Links the group must have UP; at least 2, default 4. */
  minLinks?: number;
  /** Dimensions in which no single failure may take down every link ("structure": no shared manhole or bridge). */
  distinct: (DiversityDimension | "structure")[];
  /** Links of the group allowed in maintenance at once; default 1. */
  maxConcurrentMaintenance?: number;
  /** Every link must have MACsec active; default true. */
  requireMacsec?: boolean;
  /** Least distance in meters between the routes of any two links (0 < m <= 10000). */
  minSeparationMeters?: number;
  /** Around a facility or entrance two routes share, closeness is ignored; default 150 m. */
  convergenceRadiusMeters?: number;
  /** survivesSingleFailure.cut and worstCut: one cut of this radius anywhere along the routes. */
  cutRadiusMeters?: number;
}

/** [longitude, latitude]. */
export type Position = [number, number];

/** A link's fiber route, facility to entrance (GeoJSON LineString). */
export interface Route {
  type: "LineString";
  coordinates: Position[];
}

/** A manhole, handhole, vault or bridge a route passes through. */
export interface Structure {
  id: string;
  kind: string;
  lon: number;
  lat: number;
}

/** Where one cut of `policy.cutRadiusMeters` takes down the most UP links (`RedundantLinkGroup.worstCut`). */
export interface WorstCut {
  point: Position;
  radiusMeters: number;
  /** Display references of the links a cut there takes down. */
  links: string[];
}

/** Per dimension: does an UP link survive any single failure in it (`structure`, `cut` when they apply)? */
export type Survival = Record<Dimension, boolean> & { structure?: boolean; cut?: boolean };

/** What keeps a RedundantLinkGroup from meeting its policy (`RedundantLinkGroup.blockers`). */
export interface Blocker {
  /** "minLinks" | "distinct:<dimension>" | "requireMacsec" | "maxConcurrentMaintenance" | "unknownPath:<dimension>" */
  rule: string;
  /** Display references of the links concerned, e.g. "hq-primary/ch2". */
  links: string[];
  /** The shared physical thing, e.g. "conduit C-17". */
  shared?: string;
  /** Plain words: what is wrong and what to do about it. */
  explanation: string;
}

/** One member link of a RedundantLinkGroup (`RedundantLinkGroup.links`). */
export interface LinkSummary {
  /** Display reference, e.g. "hq-primary/ch2". */
  link: string;
  interconnect: string;
  connectionId: string;
  name: string;
  /** The physical path per dimension; null where the partner did not report it. */
  path: Record<Dimension, string | null>;
  operUp: boolean;
  macsecActive: boolean;
  inMaintenance: boolean;
  /** Rules of the blockers that name this link, in blocker order. */
  blockedBy: string[];
  /** The fiber route (facility to entrance) and the structures along it, when reported. */
  route?: Route;
  structures?: Structure[];
}

/** Maintenance windows overlapping beyond `maxConcurrentMaintenance` (`RedundantLinkGroup.maintenanceConflicts`). */
export interface MaintenanceConflict {
  /** Display references of every link in maintenance during the span, in group order. */
  links: string[];
  /** ISO 8601 (UTC) bounds of the span during which the limit is exceeded. */
  startTime: string;
  endTime: string;
}

/** AWS credentials handed in-process instead of the default credential chain. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Retries of one API call: jittered exponential backoff within a total budget. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, randomized ×1–2 (jitter). */
  minDelayMs: number;
  /** Cap on one delay, Retry-After included. */
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  maxElapsedMs: number;
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs of each resource, as `pulumi stack output` and `.apply()` see them (inputs echoed back are left out).

export interface ActivationKeyOutputs {
  /** The activation key to hand to the partner (secret). */
  activationKey: string;
  /** The AWS connection id, `lmcc-…`. */
  connectionId: string;
  arn: string;
  sharedId: string;
  state: ConnectionState;
  bandwidthGbps: BandwidthGbps;
  connectionBandwidthGbps: number;
  billingTier?: number;
  location: string;
  provider: string;
  activationPageUrl?: string;
}

export interface ConnectionProposalAccepterOutputs {
  activationKey: string;
  connectionId: string;
  arn: string;
  sharedId: string;
  state: ConnectionState;
  bandwidthGbps: number;
  billingTier?: number;
  environmentId: string;
  location: string;
  provider: string;
}

export interface InterconnectOutputs {
  /** Partner connection id (what RedundantLinkGroup lists). */
  connectionId: string;
  sharedConnectionUuid: string;
  bandwidthGbps: number;
  state: PartnerConnectionState;
  verificationState: VerificationState;
  interconnectName?: string;
  links: LinkOutput[];
  activationKey: string;
}

export interface RedundantLinkGroupOutputs {
  compliant: boolean;
  blockers: Blocker[];
  survivesSingleFailure: Survival;
  links: LinkSummary[];
  maintenanceConflicts: MaintenanceConflict[];
  relocations: number;
  worstCut?: WorstCut;
}
