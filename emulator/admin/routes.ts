// Admin API under /_admin (no auth): request statistics, fault injection, the emulated clock, physical cuts,
// out-of-band drift (a link re-homed, MACsec off on one link), maintenance scheduling, MACsec rotation and a state dump.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  BandwidthGbpsSchema,
  DiversityDimensionSchema,
  MacsecModeSchema,
  type DiversityDimension,
} from "../../schema/customer";
import { PARTNER_CUSTOMER_ACCOUNT } from "../defaults";
import { invalidArgument, notFound } from "../http/errors";
import type { Faults } from "../http/faults";
import type { Stats } from "../http/stats";
import type { CloudBackend } from "../cloud/backend";
import type { Inventory } from "../world/inventory";
import type { PartnerBackend } from "../partner/backend";
import { REHOME_DIMENSIONS, type RehomeOnto } from "../partner/rehome";
import type { CutRecord, Store } from "../state/store";

const FaultsSchema = z.strictObject({
  scope: z
    .array(z.enum(["customer", "peer"]))
    .min(1)
    .optional(),
  errorRates: z.record(z.string().regex(/^[45]\d\d$/), z.number().min(0).max(1)).optional(),
  latencyMs: z.number().int().min(0).optional(),
  rateLimitRps: z.number().min(0).optional(),
  resetRate: z.number().min(0).max(1).optional(),
  provisioningFailureRate: z.number().min(0).max(1).optional(),
  lostAnswers: z
    .array(
      z.strictObject({
        role: z.enum(["cloud", "partner"]),
        api: z.enum(["customer", "peer"]),
        operation: z.string().min(1).max(100),
        count: z.number().int().min(1).max(1000).default(1),
      }),
    )
    .optional(),
});
/** A cut names one element per diversity dimension (schema/customer.ts), or an area. */
const CUT_DIMENSIONS = DiversityDimensionSchema.options;
const CutSchema = z
  .strictObject({
    ...(Object.fromEntries(CUT_DIMENSIONS.map((d) => [d, z.string().optional()])) as Record<
      DiversityDimension,
      z.ZodOptional<z.ZodString>
    >),
    /** An area cut: every link whose route passes within radiusMeters of point ([lon, lat]) goes down. */
    point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).optional(),
    radiusMeters: z.number().positive().max(100_000).optional(),
    /** true: repair the element instead of cutting it. */
    restore: z.boolean().optional(),
  })
  .refine((b) => (b.point === undefined) === (b.radiusMeters === undefined), {
    message: "an area cut needs both point ([lon, lat]) and radiusMeters",
  });

/** The area cut of a request, named by its centre and radius so that restoring it finds it again. */
function areaCut(body: z.infer<typeof CutSchema>): CutRecord[] {
  if (!body.point || body.radiusMeters === undefined) return [];
  const [lon, lat] = body.point;
  return [
    {
      dimension: "area",
      id: `${lon},${lat}@${body.radiusMeters}m`,
      point: body.point,
      radiusMeters: body.radiusMeters,
    },
  ];
}
/** A connection id as the emulator issues them; never an Object.prototype name (the tables are plain objects). */
const ConnectionIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a connection id (letters, digits, . _ -)")
  .refine((id) => !(id in Object.prototype), "is not a connection id");
const DriftSchema = z.strictObject({
  connectionId: ConnectionIdSchema,
  bandwidthGbps: z.number().positive().max(100).optional(),
  macsec: z.literal(false).optional(),
  /** MACsec off on this one link; the connection still asks for it. */
  macsecOffLink: z.string().min(1).optional(),
  linkAdminDown: z.string().optional(),
  delete: z.literal(true).optional(),
});
/** The partner's crew moves one link: onto named elements, or into those of another link (../partner/rehome.ts). */
const RehomeSchema = z
  .strictObject({
    connectionId: ConnectionIdSchema,
    link: z.string().min(1),
    onto: z
      .strictObject(Object.fromEntries(REHOME_DIMENSIONS.map((d) => [d, z.string().min(1).optional()])))
      .refine((o) => Object.values(o).some((v) => v !== undefined), `name one of ${REHOME_DIMENSIONS.join(", ")}`)
      .optional(),
    shareWith: z
      .strictObject({
        connectionId: ConnectionIdSchema,
        link: z.string().min(1),
        dimensions: z.array(z.enum(REHOME_DIMENSIONS)).min(1).default(["conduit"]),
      })
      .optional(),
  })
  .refine((b) => (b.onto === undefined) !== (b.shareWith === undefined), {
    message:
      "name exactly one of onto ({device?, entrance?, conduit?}) or shareWith ({connectionId, link, dimensions?})",
  });
/** Link health faults: each failure the provider must catch, reproducible (emulator README, "Link health"). */
const LinkHealthFaultSchema = z.strictObject({
  connectionId: ConnectionIdSchema,
  link: z.string(),
  leakFramesPerSecond: z.number().int().nonnegative().max(1_000_000).optional(),
  holdTimeSeconds: z.number().int().min(3).max(65535).optional(),
  keepaliveSeconds: z.number().int().min(1).max(21845).optional(),
  flaps: z.number().int().nonnegative().max(1_000_000).optional(),
  extraLatencyMs: z.number().nonnegative().max(5_000).optional(),
  errorFramesPerSecond: z.number().int().nonnegative().max(1_000_000).optional(),
  clear: z.literal(true).optional(),
});
/** A channel by its spec address, or (partner role) by the customer's partner connection id and link name. */
const SPEC_ADDRESS = {
  role: z.enum(["cloud", "partner"]).default("partner"),
  environment: z.string(),
  interconnect: z.string(),
  channel: z.string(),
};
const LINK_ADDRESS = { role: z.literal("partner").default("partner"), connectionId: z.string(), link: z.string() };
const channelAddressed = <T extends z.ZodRawShape>(shape: T) =>
  z.union([z.strictObject({ ...SPEC_ADDRESS, ...shape }), z.strictObject({ ...LINK_ADDRESS, ...shape })]);
type ChannelAddress = z.output<ReturnType<typeof channelAddressed<Record<never, never>>>>;
/** null: back to the version the emulator implements. */
const SpecVersionSchema = z.strictObject({ specVersion: z.string().min(1).max(32).nullable() });
const MaintenanceSchema = channelAddressed({
  startTime: z.string().datetime({ offset: true }),
  endTime: z.string().datetime({ offset: true }),
});
const CancelMaintenanceSchema = channelAddressed({ maintenanceId: z.string() });
const RotateSchema = z.strictObject({ environment: z.string(), interconnect: z.string(), channel: z.string() });
/** "The customer applied the key at the partner's portal": the partner's AcceptActivationKey, for `account`. */
const PortalActivateSchema = z.strictObject({
  activationKey: z.string().min(1),
  site: z.string().min(1),
  account: z.string().min(1).default(PARTNER_CUSTOMER_ACCOUNT),
  bandwidthGbps: BandwidthGbpsSchema.optional(),
  macsec: MacsecModeSchema.optional(),
  diversity: z.array(DiversityDimensionSchema).optional(),
  clientToken: z.string().min(1).max(128).optional(),
});
/** The partner's portal issues a key for the cloud (reverse flow: AcceptConnectionProposal at the cloud). */
const PortalProposalSchema = z.strictObject({
  environment: z.string().min(1),
  bandwidthGbps: BandwidthGbpsSchema,
  site: z.string().min(1),
  account: z.string().min(1).default(PARTNER_CUSTOMER_ACCOUNT),
});

const ClockSchema = z.strictObject({ advanceMs: z.number().int().min(0) });
/** Routes that take no body accept none, or {}. */
const NoBodySchema = z.strictObject({});

const redact = (_key: string, value: unknown) => (_key === "cak" || _key === "md5BgpPassword" ? "<redacted>" : value);

export interface AdminDeps {
  store: Store;
  stats: Stats;
  faults: Faults;
  inventory: Inventory;
  cloud: CloudBackend;
  partner: PartnerBackend;
}

export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  registerPortalRoutes(app, deps.partner);
  registerControlRoutes(app, deps);
  registerCutRoutes(app, deps.store);
  registerDriftRoute(app, deps);
  registerChannelRoutes(app, deps);
}

const clockOf = (store: Store) => ({ now: new Date(store.now()).toISOString(), offsetMs: store.state.clockOffsetMs });

/** Request statistics, fault injection and the emulated clock. */
function registerControlRoutes(app: FastifyInstance, { store, stats, faults }: AdminDeps): void {
  const clock = () => clockOf(store);
  app.get("/_admin/stats", async () => stats.snapshot());
  const resetStats = async (req: { body?: unknown }) => {
    NoBodySchema.parse(req.body ?? {});
    stats.reset();
    return stats.snapshot();
  };
  app.post("/_admin/stats/reset", resetStats);
  app.delete("/_admin/stats", resetStats);

  app.get("/_admin/faults", async () => faults.config);
  app.post("/_admin/faults", async (req) => faults.configure(FaultsSchema.parse(req.body ?? {})));
  app.delete("/_admin/faults", async (req) => {
    NoBodySchema.parse(req.body ?? {});
    return faults.clear();
  });

  app.get("/_admin/clock", async () => clock());
  app.post("/_admin/clock", async (req) => {
    const { advanceMs } = ClockSchema.parse(req.body ?? {});
    store.state.clockOffsetMs += advanceMs;
    return clock();
  });
}

/** Physical cuts: by dimension id, or every link whose path crosses an area. */
function registerCutRoutes(app: FastifyInstance, store: Store): void {
  app.get("/_admin/cut", async () => ({ cuts: store.state.cuts }));
  app.post("/_admin/cut", async (req) => {
    const body = CutSchema.parse(req.body ?? {});
    const targets: CutRecord[] = [
      ...CUT_DIMENSIONS.filter((d) => body[d]).map((d) => ({ dimension: d, id: body[d]! })),
      ...areaCut(body),
    ];
    if (targets.length === 0)
      throw invalidArgument(`name one of ${CUT_DIMENSIONS.join(", ")}, or point and radiusMeters`);
    const same = (a: CutRecord, b: CutRecord) => a.dimension === b.dimension && a.id === b.id;
    store.state.cuts = store.state.cuts.filter((c) => !targets.some((t) => same(c, t)));
    if (!body.restore) store.state.cuts.push(...targets);
    return { cuts: store.state.cuts };
  });
  app.delete("/_admin/cut", async (req) => {
    NoBodySchema.parse(req.body ?? {});
    store.state.cuts = [];
    return { cuts: [] };
  });
}

/** Out-of-band changes at the partner or the cloud, as if made on a portal: what refresh must detect. */
function registerDriftRoute(app: FastifyInstance, { cloud, partner }: AdminDeps): void {
  app.post("/_admin/drift", async (req) => {
    const { connectionId, ...change } = DriftSchema.parse(req.body ?? {});
    const changed = partner.changeOutOfBand(connectionId, change) ?? cloud.changeOutOfBand(connectionId, change);
    if (!changed) throw notFound(`no partner or cloud connection ${connectionId}`);
    return changed;
  });
  app.post("/_admin/rehome", async (req) => {
    const { connectionId, link, onto, shareWith } = RehomeSchema.parse(req.body ?? {});
    const target = shareWith ? { shareWith } : { onto: onto as RehomeOnto };
    const rehomed = partner.rehomeLink(connectionId, link, target);
    if (!rehomed) throw notFound(`no partner connection ${connectionId}`);
    return rehomed;
  });
  app.post("/_admin/spec-version", async (req) => {
    const { specVersion } = SpecVersionSchema.parse(req.body ?? {});
    partner.setSpecVersion(specVersion ?? undefined);
    return { specVersion: partner.specVersion() };
  });
  app.post("/_admin/link-health", async (req) => {
    const { connectionId, link, ...change } = LinkHealthFaultSchema.parse(req.body ?? {});
    const health = partner.changeLinkHealth(connectionId, link, change);
    if (!health) throw notFound(`no partner connection ${connectionId}`);
    return { connectionId, link, health };
  });
}

/** Maintenance scheduling, MACsec rotation, the inventory and a (redacted) state dump. */
function registerChannelRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const { store, cloud, partner } = deps;
  const channelOf = (address: ChannelAddress) => {
    if (!("connectionId" in address)) return { ...address, side: address.role === "cloud" ? cloud.side : partner.side };
    const channel = partner.channelOf(address.connectionId, address.link);
    if (!channel)
      throw notFound(
        `partner connection ${address.connectionId} has no link ${address.link} on an interconnect (an unknown ` +
          `connection or link, or a connection not placed yet)`,
      );
    return { ...channel, role: address.role, side: partner.side };
  };
  app.post("/_admin/maintenance", async (req) => {
    const { startTime, endTime, ...address } = MaintenanceSchema.parse(req.body ?? {});
    const { side, role, environment, interconnect, channel } = channelOf(address);
    const event = await side.maintenance.schedule(
      environment,
      interconnect,
      channel,
      Date.parse(startTime),
      Date.parse(endTime),
    );
    return { role, maintenanceId: event.maintenanceId, channel: event.channel, startTime, endTime };
  });
  app.delete("/_admin/maintenance", async (req) => {
    const { maintenanceId, ...address } = CancelMaintenanceSchema.parse(req.body ?? {});
    const { side, role, environment, interconnect, channel } = channelOf(address);
    const event = await side.maintenance.cancel(environment, interconnect, channel, maintenanceId);
    return { role, maintenanceId, channel: event.channel, cancelled: true };
  });

  app.post("/_admin/macsec/rotate", async (req) => {
    const r = RotateSchema.parse(req.body ?? {});
    const manager = deps.inventory.channel(r.environment, r.interconnect, r.channel)?.macsecManager;
    if (!manager) throw notFound(`channel ${r.environment}/${r.interconnect}/${r.channel} does not exist`);
    const key = await (manager === "cloud" ? cloud : partner).keyring.rotateKeyAsManager(
      r.environment,
      r.interconnect,
      r.channel,
    );
    return { manager, name: key.name, ckn: key.ckn, startTime: new Date(key.startTime).toISOString() };
  });

  app.get("/_admin/inventory", async () => deps.inventory.catalog);
  app.get("/_admin/state", async (_req, reply) => {
    reply.type("application/json").send(JSON.stringify({ ...store.state, now: clockOf(store).now }, redact));
  });
}

/** The partner's portal, as admin calls: apply a cloud key, or issue a key for the cloud (reverse flow). */
function registerPortalRoutes(app: FastifyInstance, partner: PartnerBackend): void {
  app.post("/_admin/portal/activate", async (req, reply) => {
    const { account, ...request } = PortalActivateSchema.parse(req.body ?? {});
    const { pc, created } = await partner.acceptActivationKey(account, request);
    return reply.code(created ? 201 : 200).send(partner.view(pc));
  });
  app.post("/_admin/portal/proposals", async (req, reply) => {
    const body = PortalProposalSchema.parse(req.body ?? {});
    const { activationKey, pc } = partner.issueProposal(body);
    return reply.code(201).send({
      activationKey,
      partnerConnectionId: pc.id,
      sharedConnectionUuid: pc.sharedConnectionUuid,
      environment: pc.environment,
      bandwidthGbps: pc.bandwidthGbps,
    });
  });
}
