// Customer-facing API of the partner role. The Connection Coordinator spec leaves it to each provider; this file is
// its contract, shared by the emulator (server side), the client and the provider. The cloud role speaks the real
// AWS Interconnect API instead (schema/aws.ts).
// Routes (all JSON, bearer token auth, errors as ErrorBody), under <partnerUrl> (e.g. http://127.0.0.1:PORT/partner):
//     POST   /v1/connections                        AcceptActivationKeyRequest -> PartnerConnection (201; 200 when clientToken repeats)
//     GET    /v1/connections?pageSize&pageToken     -> ListPartnerConnectionsResponse
//     GET    /v1/connections/{id}                   -> PartnerConnection
//     PATCH  /v1/connections/{id}                   UpdatePartnerConnectionRequest -> PartnerConnection
//     DELETE /v1/connections/{id}                   -> PartnerConnection (state deleting|deleted)
//     GET    /v1/connections/{id}/links             -> ListLinksResponse
//     POST   /v1/connections/{id}/links/{link}/relocate  RelocateLinkRequest -> PartnerConnection (make-before-break move)
import { z } from "zod";
import { BANDWIDTH_TIERS_GBPS, type BandwidthGbps } from "./aws";

/** The tiers live with the AWS contract (schema/aws.ts); re-exported for the partner side. */
export { BANDWIDTH_TIERS_GBPS, type BandwidthGbps };
export const BandwidthGbpsSchema = z
  .number()
  .refine((v): v is BandwidthGbps => (BANDWIDTH_TIERS_GBPS as readonly number[]).includes(v), {
    message: `must be one of ${BANDWIDTH_TIERS_GBPS.join(", ")} (Gbps)`,
  });

/** Error body every non-2xx answer carries. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(), // e.g. NOT_FOUND, CONFLICT, INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED
    message: z.string(),
    status: z.number().int(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

const isoTime = z.string().datetime({ offset: true });
const pageOf = <T extends z.ZodTypeAny>(key: string, item: T) =>
  z.object({ [key]: z.array(item), nextPageToken: z.string().optional() });

// ---------------------------------------------------------------------------------------------------------------------
// Partner role

export const DiversityDimensionSchema = z.enum(["device", "entrance", "facility", "conduit"]);
export type DiversityDimension = z.infer<typeof DiversityDimensionSchema>;

export const MacsecModeSchema = z.enum(["required", "preferred", "off"]);
export type MacsecMode = z.infer<typeof MacsecModeSchema>;

export const AcceptActivationKeyRequestSchema = z.object({
  activationKey: z.string().min(1),
  /** The customer's site (building) the links land in, e.g. "nyc-hq". */
  site: z.string().min(1),
  /** Optional: order a tier other than the key's (the key's tier by default). */
  bandwidthGbps: BandwidthGbpsSchema.optional(),
  macsec: MacsecModeSchema.default("required"),
  /** Physical dimensions the partner should keep distinct between this connection's links when placing them. */
  diversity: z.array(DiversityDimensionSchema).optional(),
  /** Other partner connection ids whose links this one's must be diverse from. */
  diverseFrom: z.array(z.string()).optional(),
  clientToken: z.string().min(1).max(128).optional(),
});
export type AcceptActivationKeyRequest = z.input<typeof AcceptActivationKeyRequestSchema>;

/** pending: accepted, negotiating; provisioning: features agreed, both sides provisioning; available: verified. */
export const PartnerConnectionStateSchema = z.enum([
  "pending",
  "provisioning",
  "available",
  "updating",
  "migrating",
  "deleting",
  "deleted",
  "failed",
]);
export type PartnerConnectionState = z.infer<typeof PartnerConnectionStateSchema>;

export const VerificationStateSchema = z.enum([
  "VERIFICATION_STATE_UNSPECIFIED",
  "PENDING_PARTNER",
  "PENDING_LOCAL",
  "VERIFIED",
  "FAILED",
]);

// ---- geometry (GeoJSON, RFC 7946: [longitude, latitude] in WGS 84 degrees) ----------------------------------------

const longitude = z.number().min(-180).max(180);
const latitude = z.number().min(-90).max(90);
export const PositionSchema = z.tuple([longitude, latitude]);
/** A fiber route: from the facility (first position) to the building entrance (last position). */
export const LineStringSchema = z.object({
  type: z.literal("LineString"),
  coordinates: z.array(PositionSchema).min(2),
});
export type LineString = z.infer<typeof LineStringSchema>;
export const STRUCTURE_KINDS = ["manhole", "handhole", "vault", "bridge", "tunnel", "pole"] as const;
export const StructureKindSchema = z.enum(STRUCTURE_KINDS);
/** A structure a route passes through: one failure there (flooded manhole, bridge work) cuts every fiber inside. */
export const StructureSchema = z.object({
  id: z.string().min(1),
  kind: StructureKindSchema,
  lon: longitude,
  lat: latitude,
});
export type Structure = z.infer<typeof StructureSchema>;

/** Counters never go down and never come negative or fractional; a partner that sends otherwise is at fault. */
const counter = z.number().int().nonnegative();

/**
 * A link's health, as the partner measures it. The open spec carries no counters or timers, so this contract does.
 * Counters count from the link's turn-up and never decrease.
 */
export const LinkHealthSchema = z.object({
  macsec: z.object({
    /** Frames sent encrypted (MACsec-protected). */
    framesEncrypted: counter,
    /** Frames sent unencrypted. Growing while MACsec is on means traffic is leaking in the clear. */
    framesUnencrypted: counter,
    /** The link's MACsec key: LIVE in use, PENDING installed but not yet in use, NONE with MACsec off, MISSING. */
    keyStatus: z.enum(["LIVE", "PENDING", "NONE", "MISSING"]),
  }),
  bgp: z.object({
    /** BGP hold time and keepalive, seconds. Links of one group fail over alike only with the same timers. */
    holdTimeSeconds: z.number().int().min(3).max(65535),
    keepaliveSeconds: z.number().int().min(1).max(21845),
    /** Session flaps (ESTABLISHED left) since turn-up. */
    flaps: counter,
  }),
  /** Round-trip latency over the link, milliseconds. */
  latencyMs: z.number().nonnegative().max(10_000),
  /** Frames received with errors (CRC, symbol) since turn-up. */
  errorFrames: counter,
});
export type LinkHealth = z.infer<typeof LinkHealthSchema>;

export const LinkSchema = z.object({
  /** e.g. "ch1". */
  name: z.string(),
  /** Spec channel resource name at the partner. */
  channel: z.string(),
  device: z.string(),
  facility: z.string(),
  entrance: z.string(),
  conduit: z.string(),
  vlan: z.number().int(),
  ipv4Subnet: z.string(),
  localAsn: z.number().int(),
  remoteAsn: z.number().int(),
  bgpState: z.enum(["IDLE", "CONNECT", "ACTIVE", "ESTABLISHED", "DOWN"]),
  macsecActive: z.boolean(),
  /** CKN of the active MACsec key (the CAK itself is never returned by the customer API). */
  macsecCkn: z.string().optional(),
  adminState: z.enum(["ADMIN_STATE_UNSPECIFIED", "ADMIN_STATE_UP", "ADMIN_STATE_DOWN"]),
  operState: z.enum(["UP", "DOWN"]),
  inMaintenance: z.boolean(),
  /** The fiber route, facility to building entrance, when the partner has surveyed it. */
  route: LineStringSchema.optional(),
  /** Manholes, handholes, vaults and bridges along the route, in route order. */
  structures: z.array(StructureSchema).optional(),
  health: LinkHealthSchema,
});
export type Link = z.infer<typeof LinkSchema>;

export const MaintenanceWindowSchema = z.object({
  link: z.string(),
  startTime: isoTime,
  endTime: isoTime,
  state: z.string(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

export const PartnerConnectionSchema = z.object({
  id: z.string(),
  ownerAccountId: z.string(),
  site: z.string(),
  environment: z.string(),
  sharedConnectionUuid: z.string(),
  /** Cloud connection id the key belongs to. */
  cloudConnectionId: z.string().optional(),
  bandwidthGbps: z.number(),
  macsec: MacsecModeSchema,
  diversity: z.array(DiversityDimensionSchema).optional(),
  clientToken: z.string().optional(),
  state: PartnerConnectionStateSchema,
  verificationState: VerificationStateSchema,
  /** Spec name of the interconnect the connection sits on, e.g. "providers/partner/environments/e/interconnects/ic-1". */
  interconnect: z.string().optional(),
  interconnectName: z.string().optional(),
  links: z.array(LinkSchema),
  maintenance: z.array(MaintenanceWindowSchema).default([]),
  /** Last failure, in words, when state is failed. */
  failureReason: z.string().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type PartnerConnection = z.infer<typeof PartnerConnectionSchema>;
export const ListPartnerConnectionsResponseSchema = pageOf("connections", PartnerConnectionSchema);
export const ListLinksResponseSchema = pageOf("links", LinkSchema);

export const UpdatePartnerConnectionRequestSchema = z.object({ bandwidthGbps: BandwidthGbpsSchema });
export type UpdatePartnerConnectionRequest = z.infer<typeof UpdatePartnerConnectionRequestSchema>;

/** Ask the partner to move one link, make-before-break, onto a path that differs from the given ones. */
export const RelocateLinkRequestSchema = z
  .object({
    /** Dimensions the new path must not share with `avoid`'s paths. */
    distinct: z.array(DiversityDimensionSchema).default([]),
    /** Links (as "connectionId/linkName") whose physical path must be avoided. */
    avoid: z.array(z.string()).default([]),
    /** The new route must stay this far from every `avoid` route (outside `convergenceRadiusMeters` of shared ends). */
    minSeparationMeters: z.number().positive().max(10_000).optional(),
    /** Around a facility or entrance both routes reach, closeness is unavoidable and ignored (default DEFAULT_CONVERGENCE_RADIUS_METERS, schema/geometry.ts). */
    convergenceRadiusMeters: z.number().min(0).max(5_000).optional(),
    /** Structures (manholes, bridges, ...) the new route must not pass through; `avoid`'s structures are added. */
    avoidStructures: z.array(z.string().min(1)).optional(),
  })
  .refine((r) => r.distinct.length > 0 || r.minSeparationMeters !== undefined || r.avoidStructures !== undefined, {
    message: "name at least one of distinct (a dimension), minSeparationMeters or avoidStructures",
  });
export type RelocateLinkRequest = z.input<typeof RelocateLinkRequestSchema>;
export type RelocateLinkRequestOutput = z.output<typeof RelocateLinkRequestSchema>;

/** The version of the open Connection Coordinator spec (its OpenAPI `info.version`) this package implements. */
export const COORDINATOR_SPEC_VERSION = "v1";
/**
 * Spec versions this package speaks. A partner that runs another with the cloud may send fields or states this
 * package does not know, so it is refused before anything is ordered (and at preview once a read has recorded it).
 */
export const SUPPORTED_SPEC_VERSIONS: readonly string[] = [COORDINATOR_SPEC_VERSION];

/** What the partner's customer API says about itself. */
export const ServiceInfoSchema = z.object({
  /** The Connection Coordinator spec version the partner runs with the cloud, e.g. "v1". */
  specVersion: z.string().min(1).max(32),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

// ---------------------------------------------------------------------------------------------------------------------
// Operations: the partner customer API's routes, by operation id. The client (provider/clients/partner.ts), the
// emulator's front (emulator/partner/front.ts) and the OpenAPI document (schema/spec.ts) are built from this table.

export const PARTNER_OPERATIONS = {
  GetServiceInfo: { method: "GET", path: "/v1/service-info", response: ServiceInfoSchema },
  AcceptActivationKey: {
    method: "POST",
    path: "/v1/connections",
    request: AcceptActivationKeyRequestSchema,
    response: PartnerConnectionSchema,
    successStatus: 201,
  },
  ListConnections: {
    method: "GET",
    path: "/v1/connections",
    response: ListPartnerConnectionsResponseSchema,
    paged: true,
  },
  GetConnection: { method: "GET", path: "/v1/connections/{id}", response: PartnerConnectionSchema },
  UpdateConnection: {
    method: "PATCH",
    path: "/v1/connections/{id}",
    request: UpdatePartnerConnectionRequestSchema,
    response: PartnerConnectionSchema,
  },
  DeleteConnection: { method: "DELETE", path: "/v1/connections/{id}", response: PartnerConnectionSchema },
  ListLinks: { method: "GET", path: "/v1/connections/{id}/links", response: ListLinksResponseSchema, paged: true },
  RelocateLink: {
    method: "POST",
    path: "/v1/connections/{id}/links/{link}/relocate",
    request: RelocateLinkRequestSchema,
    response: PartnerConnectionSchema,
  },
} as const;

export type PartnerOperation = keyof typeof PARTNER_OPERATIONS;
