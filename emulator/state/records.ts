// zod schemas of the persisted state (emulator/state/store.ts): a state.json that parses but is structurally incomplete
// is refused at start-up like a corrupt one, naming the first bad field, instead of failing later in a handler.
import { z } from "zod";
import { AttachPointSchema } from "../../schema/aws";
import { DiversityDimensionSchema, MacsecModeSchema, PartnerConnectionStateSchema } from "../../schema/customer";
import type { EmulatorState } from "./store";

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
  id: str,
  bandwidthMbps: int,
  activationKey: str.optional(),
  adminState: z.enum(["ADMIN_STATE_ENABLED", "ADMIN_STATE_DISABLED"]),
  notifiedFinal: z.boolean(),
  peerFinal: z.boolean(),
  peerRefreshPending: z.boolean(),
  peerCheckedAt: time.optional(),
  createdAt: time,
  updatedAt: time,
});

const L3Feature = z.object({
  featureType: z.literal("FEATURE_TYPE_L3_BASE"),
  l3BaseConfig: z.object({
    ipv4Subnet: str,
    ipv4SubnetPrefixLength: int,
    mtuBytes: int,
    vlanId: int,
    providerBgpConfigs: z.array(z.object({ provider: str, asn: int, hostIpv4: str })),
    md5BgpPassword: str.optional(),
  }),
});

const Feature = z.object({
  name: str,
  connection: str,
  channel: str,
  featureConfig: L3Feature,
  provisioningState: z.enum(["PROVISIONING_STATE_PENDING", "PROVISIONING_STATE_FINAL"]),
  readyAt: num,
  createdAt: time,
});

const MacSecKey = z.object({ name: str, channel: str, cak: str, ckn: str, startTime: time, active: z.boolean() });

const Maintenance = z.object({
  maintenanceId: str,
  channel: str,
  startTime: time,
  endTime: time,
  origin: z.enum(["local", "peer"]),
});

const Comment = z.object({ body: str, createTime: time, displayName: str, localCommentId: str });

const Issue = z.object({
  name: str,
  title: str,
  body: str,
  fields: z.record(str, z.unknown()),
  state: z.enum(["STATE_OPEN", "STATE_IN_PROGRESS", "STATE_ACTION_REQUIRED", "STATE_CLOSED"]),
  createTime: time,
  localIssueId: str,
  comments: z.array(Comment),
});

const roleShape = {
  connections: table(SpecConnection, (c) => c.name),
  features: table(Feature, (f) => f.name),
  macsecKeys: table(MacSecKey, (k) => k.name),
  lastRotationAt: z.record(str, time),
  maintenance: z.array(Maintenance),
  issues: table(Issue, (i) => i.name),
};

const CloudCustomer = z.object({
  id: str,
  arn: str,
  ownerAccountId: str,
  environment: str,
  bandwidthGbps: num,
  attachPoint: AttachPointSchema,
  remoteAccountId: str.optional(),
  description: str.optional(),
  clientToken: str.optional(),
  tags: z.record(str, str),
  keyIssuer: z.enum(["cloud", "partner"]),
  activationKey: str,
  sharedConnectionUuid: str,
  expiresAt: time,
  createdAt: time,
  updatedAt: time,
  confirmedAt: time.optional(),
  confirmedBy: str.optional(),
  deletedAt: time.optional(),
  everAvailable: z.boolean(),
  updateInFlight: z.boolean(),
});

const LinkPath = z.object({ device: str, entrance: str, facility: str, conduit: str });
const PartnerLink = z.object({ name: str, path: LinkPath, adminDown: z.boolean() });

const PartnerCustomer = z.object({
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
  interconnect: str.optional(),
  links: z.array(PartnerLink),
  migration: z
    .object({
      interconnect: str.optional(),
      bandwidthGbps: num,
      links: z.array(PartnerLink),
      refusedInterconnects: z.array(str),
    })
    .optional(),
  refusedInterconnects: z.array(str),
  failureReason: str.optional(),
  createdAt: time,
  updatedAt: time,
  verifiedAt: time.optional(),
  proposal: z.object({ expiresAt: time, confirmedAt: time.optional(), confirmedBy: str.optional() }).optional(),
});

export const EmulatorStateSchema: z.ZodType<EmulatorState> = z.object({
  version: z.literal(1),
  seed: int,
  clockOffsetMs: num,
  cloud: z.object({ ...roleShape, customers: table(CloudCustomer, (c) => c.id) }),
  partner: z.object({ ...roleShape, customers: table(PartnerCustomer, (c) => c.id) }),
  aws: z
    .object({
      pageTokenSecret: str,
      clientTokens: z.record(
        str,
        z.object({ operation: str, input: z.record(str, z.unknown()), connectionId: str, at: time }),
      ),
    })
    .optional(),
  cuts: z.array(
    z.object({
      dimension: z.enum([...DiversityDimensionSchema.options, "area"]),
      id: str,
      point: z.tuple([num, num]).optional(),
      radiusMeters: num.optional(),
    }),
  ),
});

/** The first problem, as `<path>: <message>` (e.g. `partner.customers.pcon-1a2b.links.0.path: ...`). */
export function firstStateProblem(value: unknown): string | undefined {
  const result = EmulatorStateSchema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`;
}
