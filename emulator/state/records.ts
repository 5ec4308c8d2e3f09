// The persisted records, declared once: zod schemas, with the types the emulator uses derived from them. The store
// (./store.ts) checks a state.json against EmulatorStateSchema at start-up, so a file that parses but is structurally
// incomplete is refused like a corrupt one, naming the first bad field, instead of failing later in a handler.
import { z } from "zod";
import { AttachPointSchema } from "../../schema/aws";
import { DiversityDimensionSchema, MacsecModeSchema, PartnerConnectionStateSchema } from "../../schema/customer";
import {
  AdminStateSchema,
  CommentSchema,
  FeatureSchema,
  IssueSchema,
  L3FeatureConfigSchema,
  MacSecKeySchema,
  MaintenanceEventSchema,
} from "../../schema/spec";
import { LinkPathSchema } from "../world/catalog";

/** The state file's layout version (./migrations.ts upgrades older files). */
export const STATE_VERSION = 2;

const str = z.string();
const num = z.number();
const int = z.number().int();
const time = z.number().finite();

/** A table keyed by its records' own name/id (a key that differs from the record is corruption). */
function table<T extends z.ZodType>(record: T, keyOf: (value: z.infer<T>) => string) {
  return z.record(str, record).superRefine((t, ctx) => {
    for (const [key, value] of Object.entries(t)) {
      if (keyOf(value) === key) continue;
      ctx.addIssue({ code: "custom", path: [key], message: "key does not match the record's name/id" });
    }
  });
}

const SpecConnection = z.object({
  name: str,
  environment: str,
  interconnect: str,
  /** The shared connection uuid. */
  id: str,
  bandwidthMbps: int,
  activationKey: str.optional(),
  adminState: AdminStateSchema,
  /** We told the peer that all our features are final (reset whenever features go back to pending). */
  notifiedFinal: z.boolean(),
  /** Result of the last refresh of the peer's features after its NotifyConnectionStatus. */
  peerFinal: z.boolean(),
  peerRefreshPending: z.boolean(),
  /** Emulated time of the last look at the peer's features (see the side's tick re-check). */
  peerCheckedAt: time.optional(),
  createdAt: time,
  updatedAt: time,
});
export type SpecConnectionRecord = z.infer<typeof SpecConnection>;

/** The spec's feature config (schema/spec.ts), stored as agreed. */
export type L3FeatureConfig = z.infer<typeof L3FeatureConfigSchema>;

/** The spec's feature (its channel: our spec channel name), with its connection and its provisioning timer. */
const Feature = FeatureSchema.extend({
  /** Spec connection name. */
  connection: str,
  readyAt: num,
  createdAt: time,
});
export type FeatureRecord = z.infer<typeof Feature>;

/** The spec's MACsec key, with its channel and its start as emulated time (ms). */
const MacSecKey = MacSecKeySchema.extend({ channel: str, startTime: time });
export type MacSecKeyRecord = z.infer<typeof MacSecKey>;

/** The spec's maintenance event, with times as emulated time (ms). */
const Maintenance = MaintenanceEventSchema.extend({
  /** Spec channel name (in the holder's namespace). */
  channel: str,
  startTime: time,
  endTime: time,
  /** local: scheduled by this role; peer: learned through GetMaintenanceEvents after a NotifyMaintenance. */
  origin: z.enum(["local", "peer"]),
});
export type MaintenanceRecord = z.infer<typeof Maintenance>;

const Comment = CommentSchema.extend({ createTime: time });
export type CommentRecord = z.infer<typeof Comment>;

/** The spec's issue (its own fields; the optional ones kept as given in `fields`), never in STATE_UNSPECIFIED. */
const Issue = IssueSchema.pick({ name: true, title: true, body: true, localIssueId: true }).extend({
  /** Optional spec fields kept as given (contexts, priority, ...). */
  fields: z.record(str, z.unknown()),
  state: IssueSchema.shape.state.exclude(["STATE_UNSPECIFIED"]),
  createTime: time,
  comments: z.array(Comment),
});
export type IssueRecord = z.infer<typeof Issue>;

/** Spec resources one role hosts for its peer. */
const roleShape = {
  /** The spec's connections, by name (one per shared connection and interconnect). */
  specConnections: table(SpecConnection, (c) => c.name),
  features: table(Feature, (f) => f.name),
  macsecKeys: table(MacSecKey, (k) => k.name),
  /** Per interconnect name: when the last rotation (a key added to a channel that already had one) started. */
  lastRotationAt: z.record(str, time),
  maintenance: z.array(Maintenance),
  issues: table(Issue, (i) => i.name),
};
export type RoleState = z.infer<z.ZodObject<typeof roleShape>>;

/** A connection of the cloud's AWS Interconnect API (its state is derived by CloudBackend.connectionState). */
const CloudConnection = z.object({
  /** "lmcc-" + 8 chars [a-z0-9]. */
  id: str,
  arn: str,
  /** 12-digit AWS account. */
  ownerAccountId: str,
  environment: str,
  bandwidthGbps: num,
  attachPoint: AttachPointSchema,
  /** The partner account allowed to accept the key; undefined: any. */
  remoteAccountId: str.optional(),
  description: str.optional(),
  clientToken: str.optional(),
  tags: z.record(str, str),
  /** Who issued the activation key: the cloud (CreateConnection) or the partner's portal (AcceptConnectionProposal). */
  keyIssuer: z.enum(["cloud", "partner"]),
  activationKey: str,
  sharedConnectionUuid: str,
  expiresAt: time,
  createdAt: time,
  updatedAt: time,
  /** The partner confirmed the key (forward flow), or the cloud accepted the partner's proposal (reverse flow). */
  confirmedAt: time.optional(),
  /**
   * The Idempotency-Key of the partner's confirm (forward flow), when it sent one: a repeat of that confirm (its
   * answer was lost) is answered again; a confirm under another key, or none, is a different accept and refused.
   */
  confirmedBy: str.optional(),
  deletedAt: time.optional(),
  /** Set once the connection was verified; later unverified phases show as "updating". */
  everAvailable: z.boolean(),
  /** A customer-requested change is being pushed to the partner; peer updates meanwhile get 409. */
  updateInFlight: z.boolean(),
});
export type CloudConnectionRecord = z.infer<typeof CloudConnection>;

/**
 * Faults injected into a link's health (admin API): a leak of unencrypted frames under the key and on the device it
 * started with (a rotation or a move ends it), BGP timers, extra latency and errors.
 */
const LinkHealthFault = z.object({
  leak: z.object({ framesPerSecond: num, since: time, keyCkn: str.optional(), device: str }).optional(),
  /** Unencrypted frames counted by leaks that have ended. */
  leakedBefore: num.default(0),
  holdTimeSeconds: num.optional(),
  keepaliveSeconds: num.optional(),
  flaps: num.default(0),
  extraLatencyMs: num.default(0),
  errors: z.object({ framesPerSecond: num, since: time }).optional(),
  erroredBefore: num.default(0),
});
export type LinkHealthFaultRecord = z.infer<typeof LinkHealthFault>;

/** One of a partner connection's links: its channel ("ch1") and the physical path it takes. */
const PartnerLink = z.object({
  name: str,
  path: LinkPathSchema,
  adminDown: z.boolean(),
  health: LinkHealthFault.optional(),
  /**
   * MACsec switched off on this link alone at the partner (admin drift) while the connection asks for it: off since
   * `since` (until a relocation sets the link up again), and the frames it carried unencrypted in earlier such spells.
   */
  macsecOff: z.object({ since: time.optional(), framesBefore: num.default(0) }).optional(),
});
export type PartnerLinkRecord = z.infer<typeof PartnerLink>;

/** A connection of the partner's customer API. */
const PartnerConnection = z.object({
  id: str,
  ownerAccountId: str,
  site: str,
  environment: str,
  sharedConnectionUuid: str,
  activationKey: str,
  bandwidthGbps: num,
  macsec: MacsecModeSchema,
  diversity: z.array(DiversityDimensionSchema).optional(),
  diverseFrom: z.array(str).optional(),
  clientToken: str.optional(),
  state: PartnerConnectionStateSchema,
  /** Interconnect id the connection currently sits on. */
  interconnect: str.optional(),
  links: z.array(PartnerLink),
  /** During a migration: the interconnect being built and its links. */
  migration: z
    .object({
      interconnect: str.optional(),
      bandwidthGbps: num,
      links: z.array(PartnerLink),
      refusedInterconnects: z.array(str),
    })
    .optional(),
  /** Interconnects CreateConnection was refused on (409) during placement. */
  refusedInterconnects: z.array(str),
  failureReason: str.optional(),
  createdAt: time,
  updatedAt: time,
  /** Emulated time (ms) the connection last became available and verified (admin state only, for benchmarks). */
  verifiedAt: time.optional(),
  /** Reverse flow: the partner's portal issued the key; negotiation waits until the cloud confirmed it. */
  proposal: z.object({ expiresAt: time, confirmedAt: time.optional(), confirmedBy: str.optional() }).optional(),
});
export type PartnerConnectionRecord = z.infer<typeof PartnerConnection>;

/** "area": everything whose route passes within `radiusMeters` of `point` (a backhoe, a sinkhole). */
const Cut = z.object({
  dimension: z.enum([...DiversityDimensionSchema.options, "area"]),
  id: str,
  point: z.tuple([num, num]).optional(),
  radiusMeters: num.optional(),
});
export type CutRecord = z.infer<typeof Cut>;

/** A clientToken the AWS API has seen: what it was used for, so a repeat is answered alike or refused. */
const ClientToken = z.object({
  operation: str,
  /** The request's members but the token, as received. */
  input: z.record(str, z.unknown()),
  connectionId: str,
  at: time,
});
export type ClientTokenRecord = z.infer<typeof ClientToken>;

/** What the AWS API front remembers beyond the connections: client tokens, and the secret its page tokens carry. */
const AwsApi = z.object({
  pageTokenSecret: str,
  /** By `<account> <operation> <token>`. */
  clientTokens: z.record(str, ClientToken),
});
export type AwsApiState = z.infer<typeof AwsApi>;

export const EmulatorStateSchema = z.object({
  version: z.literal(STATE_VERSION),
  seed: int,
  clockOffsetMs: num,
  /** Each role: the spec records it hosts, and its own API's connections by id. */
  cloud: z.object({ ...roleShape, connections: table(CloudConnection, (c) => c.id) }),
  partner: z.object({
    ...roleShape,
    connections: table(PartnerConnection, (c) => c.id),
    /** The spec version the partner reports (admin API); absent: the one the emulator implements. */
    specVersion: str.optional(),
  }),
  /** Absent in state written before it existed; made on first use. */
  aws: AwsApi.optional(),
  cuts: z.array(Cut),
});
export type EmulatorState = z.infer<typeof EmulatorStateSchema>;

/** The first problem, as `<path>: <message>` (e.g. `partner.connections.pcon-1a2b.links.0.path: ...`). */
export function firstStateProblem(value: unknown): string | undefined {
  const result = EmulatorStateSchema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`;
}
