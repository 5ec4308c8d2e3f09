// Zod schemas of the Connection Coordinator objects the emulator emits (our own reading of the open spec), the
// table of spec operations the emulator serves, and a builder for an OpenAPI 3.1 document of the emulator's API.
import { z } from "zod";
import { ActivationKeyPayloadSchema } from "./aws";
import * as customer from "./customer";

const int = () => z.number().int();
const isoTime = z.string().datetime({ offset: true });

export const AdminStateSchema = z.enum(["ADMIN_STATE_ENABLED", "ADMIN_STATE_DISABLED"]);
export const SpecVerificationStateSchema = z.enum(["VERIFICATION_STATE_UNVERIFIED", "VERIFICATION_STATE_VERIFIED"]);
export const ProvisioningStateSchema = z.enum(["PROVISIONING_STATE_PENDING", "PROVISIONING_STATE_FINAL"]);
export const FeatureTypeSchema = z.enum(["FEATURE_TYPE_L3_BASE"]);
export const EmptySchema = z.object({});

export const ProviderSchema = z.object({ name: z.string(), displayName: z.string() });
// The spec's ListProvidersResponse names its list "environments"; we emit that and the evident "providers".
export const ListProvidersResponseSchema = z.object({
  providers: z.array(ProviderSchema),
  environments: z.array(ProviderSchema),
  nextPageToken: z.string().optional(),
});

export const EnvironmentSchema = z.object({
  name: z.string(),
  providerSites: z.array(z.object({ providerId: z.string(), site: z.string(), displayName: z.string() })),
  apiUri: z.string(),
  supportedConnectionSizeMbps: z.array(int()),
  supportedFeatures: z.array(FeatureTypeSchema),
  environmentVisibility: z.enum(["ENVIRONMENT_VISIBILITY_PRIVATE", "ENVIRONMENT_VISIBILITY_PUBLIC"]),
  deferralTimeoutHours: int(),
  deferConnectionProvisioning: z.boolean(),
});

export const InterconnectSchema = z.object({
  name: z.string(),
  supportedConnectionSizeMbps: z.array(int()),
  supportedFeatures: z.array(FeatureTypeSchema),
  state: z.enum(["INTERCONNECT_STATE_PENDING", "INTERCONNECT_STATE_ACTIVE", "INTERCONNECT_STATE_CLOSED"]),
  maxBandwidthMbps: int(),
  /** Emulator extension: bandwidth the server can still reserve on the interconnect. */
  availableBandwidthMbps: int().optional(),
});

export const ChannelSchema = z.object({
  name: z.string(),
  macsecManagerProvider: z.string(),
  crossConnectManagerProvider: z.string(),
  aggregateChannelSizeGbps: int(),
  channelMemberSizeGbps: int(),
  obfuscatedDeviceId: z.string(),
  demarc: z.string(),
  adminState: AdminStateSchema,
});

export const ConnectionSchema = z.object({
  name: z.string(),
  activationKey: z.string().optional(),
  bandwidthMbps: int(),
  adminState: AdminStateSchema,
  verificationState: SpecVerificationStateSchema,
  deferProvisioning: z.boolean().optional(),
});

const SubnetGuidanceSchema = z.object({
  includeSubnet: z.string(),
  excludeSubnets: z.array(z.string()),
  preferredSubnet: z.string().optional(),
});
const RangeSchema = z.object({ start: int(), stop: int() });

export const FeatureGuidanceSchema = z.object({
  featureType: FeatureTypeSchema,
  channel: z.string(),
  channelAdminState: AdminStateSchema,
  l3BaseGuidance: z.object({
    asnRanges: z.array(RangeSchema),
    ipv4SubnetGuidance: z.array(SubnetGuidanceSchema),
    ipv4AllowedSubnetPrefixLengths: z.array(int()),
    vlanRanges: z.array(RangeSchema),
    mtuRanges: z.array(RangeSchema),
    maxReceivedBgpRoutePrefixes: int(),
  }),
});
export const GenerateFeatureGuidanceResponseSchema = z.object({ featureGuidance: z.array(FeatureGuidanceSchema) });

export const L3BaseConfigSchema = z.object({
  ipv4Subnet: z.string(),
  ipv4SubnetPrefixLength: int(),
  mtuBytes: int(),
  vlanId: int(),
  providerBgpConfigs: z.array(z.object({ provider: z.string(), asn: int().nonnegative(), hostIpv4: z.string() })),
  md5BgpPassword: z.string().optional(),
});
export const L3FeatureConfigSchema = z.object({ featureType: FeatureTypeSchema, l3BaseConfig: L3BaseConfigSchema });
export const FeatureSchema = z.object({
  name: z.string(),
  channel: z.string(),
  featureConfig: L3FeatureConfigSchema,
  provisioningState: ProvisioningStateSchema,
});

export const MacSecKeySchema = z.object({
  name: z.string(),
  cak: z.string(),
  ckn: z.string(),
  startTime: isoTime,
  active: z.boolean(),
});

export const MaintenanceEventSchema = z.object({ maintenanceId: z.string(), startTime: isoTime, endTime: isoTime });

const contextList = z.array(z.object({ name: z.string() })).optional();
export const IssuePrioritySchema = z.enum([
  "PRIORITY_UNSPECIFIED",
  "PRIORITY_P0",
  "PRIORITY_P1",
  "PRIORITY_P2",
  "PRIORITY_P3",
  "PRIORITY_P4",
]);
export const IssueContextSchema = z.enum([
  "ISSUE_CONTEXT_UNSPECIFIED",
  "ISSUE_CONTEXT_CONNECTION_ISSUE",
  "ISSUE_CONTEXT_INTERCONNECT_ISSUE",
]);
export const IssueSchema = z.object({
  name: z.string(),
  title: z.string(),
  body: z.string(),
  state: z.enum(["STATE_UNSPECIFIED", "STATE_OPEN", "STATE_IN_PROGRESS", "STATE_ACTION_REQUIRED", "STATE_CLOSED"]),
  createTime: isoTime,
  localIssueId: z.string(),
  priority: IssuePrioritySchema.optional(),
  issueContext: IssueContextSchema.optional(),
  remoteContactEmail: z.string().optional(),
  remoteIssueId: z.string().optional(),
  channelContexts: contextList,
  connectionContexts: contextList,
  featureContexts: contextList,
  interconnectContexts: contextList,
});
/** CreateIssue's body: title and body required, the spec's enums; output-only fields are ignored, unknown ones dropped. */
export const CreateIssueRequestSchema = IssueSchema.omit({
  name: true,
  state: true,
  createTime: true,
  localIssueId: true,
}).extend({
  title: z.string().min(1),
  body: z.string().min(1),
});
export const CommentSchema = z.object({
  body: z.string(),
  createTime: isoTime,
  displayName: z.string(),
  localCommentId: z.string(),
});

export const ActivationKeySchema = ActivationKeyPayloadSchema;
export const ConfirmActivationKeyResponseSchema = z.object({ keyValid: z.boolean() });

/** One page of a list: { [key]: items, nextPageToken? }, typed by its key (peers read these pages too). */
const listOf = <K extends string, T extends z.ZodTypeAny>(key: K, item: T) =>
  z.object({ [key]: z.array(item) } as Record<K, z.ZodArray<T>>).extend({ nextPageToken: z.string().optional() });

export const ListEnvironmentsResponseSchema = listOf("environments", EnvironmentSchema);
export const ListInterconnectsResponseSchema = listOf("interconnects", InterconnectSchema);
export const ListChannelsResponseSchema = listOf("channels", ChannelSchema);
export const ListConnectionsResponseSchema = listOf("connections", ConnectionSchema);
export const ListFeaturesResponseSchema = listOf("features", FeatureSchema);
export const ListMacSecKeysResponseSchema = listOf("macSecKeys", MacSecKeySchema);
export const GetMaintenanceEventsResponseSchema = listOf("events", MaintenanceEventSchema);
export const ListIssuesResponseSchema = listOf("issues", IssueSchema);
export const ListCommentsResponseSchema = listOf("comments", CommentSchema);
export const AddCommentResponseSchema = z.object({ comment: CommentSchema });

// Request bodies of the spec operations (the fields a caller sends). The emulator reads them leniently: a field of the
// wrong type reads as absent, and the handler answers with the spec's message for it (emulator/coordinator/request.ts).
export const ConfirmActivationKeyRequestSchema = z.object({
  encodedKey: z.string().optional(),
  key: ActivationKeySchema.optional(),
});
export const NotifyMaintenanceRequestSchema = z.object({ events: z.array(MaintenanceEventSchema).optional() });
export const RequestMacSecKeyRotationRequestSchema = z.object({ reason: z.string().optional() });
export const CreateMacSecKeyRequestSchema = z.object({ cak: z.string(), ckn: z.string() });
/** CreateConnection and UpdateConnection (whose update mask defaults to the fields the body names). */
export const ConnectionRequestSchema = ConnectionSchema.partial();
export const GenerateFeatureGuidanceRequestSchema = z.object({ channel: z.string().optional() });
export const CreateFeatureRequestSchema = FeatureSchema.partial();
export const AddCommentRequestSchema = z.object({ comment: CommentSchema.partial() });

// ---------------------------------------------------------------------------------------------------------------------
// Operation tables: the emulator registers its routes from these, and the OpenAPI document is built from them.

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path template, e.g. "/providers/{provider}". */
  path: string;
  request?: z.ZodTypeAny;
  response: z.ZodTypeAny;
  /** Query parameters beyond pageSize/pageToken. */
  query?: readonly string[];
  paged?: boolean;
}

const ENV = "/providers/{provider}/environments/{environment}";
const IC = `${ENV}/interconnects/{interconnect}`;
const CH = `${IC}/channels/{channel}`;
const CONN = `${IC}/connections/{connection}`;
const ISSUE = "/providers/{provider}/issues/{issue}";

/** Every operationId of the Connection Coordinator spec, as served by both emulated roles. */
export const SPEC_OPERATIONS = [
  {
    operationId: "ListProviders",
    method: "GET",
    path: "/providers",
    response: ListProvidersResponseSchema,
    paged: true,
  },
  { operationId: "GetProvider", method: "GET", path: "/providers/{provider}", response: ProviderSchema },
  {
    operationId: "ListEnvironments",
    method: "GET",
    path: "/providers/{provider}/environments",
    response: ListEnvironmentsResponseSchema,
    paged: true,
  },
  { operationId: "GetEnvironment", method: "GET", path: ENV, response: EnvironmentSchema },
  {
    operationId: "ConfirmActivationKey",
    method: "POST",
    path: `${ENV}/ConfirmActivationKey`,
    request: ConfirmActivationKeyRequestSchema,
    response: ConfirmActivationKeyResponseSchema,
  },
  {
    operationId: "ListInterconnects",
    method: "GET",
    path: `${ENV}/interconnects`,
    response: ListInterconnectsResponseSchema,
    paged: true,
  },
  { operationId: "GetInterconnect", method: "GET", path: IC, response: InterconnectSchema },
  {
    operationId: "ListChannels",
    method: "GET",
    path: `${IC}/channels`,
    response: ListChannelsResponseSchema,
    paged: true,
  },
  { operationId: "GetChannel", method: "GET", path: CH, response: ChannelSchema },
  {
    operationId: "NotifyMaintenance",
    method: "POST",
    path: `${CH}/NotifyMaintenance`,
    request: NotifyMaintenanceRequestSchema,
    response: EmptySchema,
  },
  {
    operationId: "GetMaintenanceEvents",
    method: "GET",
    path: `${CH}/maintenanceEvents`,
    response: GetMaintenanceEventsResponseSchema,
    paged: true,
  },
  {
    operationId: "RequestMacSecKeyRotation",
    method: "POST",
    path: `${CH}/RequestMacSecKeyRotation`,
    request: RequestMacSecKeyRotationRequestSchema,
    response: EmptySchema,
  },
  {
    operationId: "ListMacSecKeys",
    method: "GET",
    path: `${CH}/macSecKeys`,
    response: ListMacSecKeysResponseSchema,
    paged: true,
  },
  {
    operationId: "CreateMacSecKey",
    method: "POST",
    path: `${CH}/macSecKeys`,
    query: ["macSecKeyId"],
    request: CreateMacSecKeyRequestSchema,
    response: MacSecKeySchema,
  },
  { operationId: "GetMacSecKey", method: "GET", path: `${CH}/macSecKeys/{macSecKey}`, response: MacSecKeySchema },
  { operationId: "DeleteMacSecKey", method: "DELETE", path: `${CH}/macSecKeys/{macSecKey}`, response: EmptySchema },
  {
    operationId: "ListConnections",
    method: "GET",
    path: `${IC}/connections`,
    response: ListConnectionsResponseSchema,
    paged: true,
  },
  {
    operationId: "CreateConnection",
    method: "POST",
    path: `${IC}/connections`,
    query: ["connectionId"],
    request: ConnectionRequestSchema,
    response: ConnectionSchema,
  },
  { operationId: "GetConnection", method: "GET", path: CONN, response: ConnectionSchema },
  {
    operationId: "UpdateConnection",
    method: "PATCH",
    path: CONN,
    query: ["updateMask"],
    request: ConnectionRequestSchema,
    response: ConnectionSchema,
  },
  { operationId: "DeleteConnection", method: "DELETE", path: CONN, response: EmptySchema },
  {
    operationId: "GenerateFeatureGuidance",
    method: "POST",
    path: `${CONN}/GenerateFeatureGuidance`,
    query: ["channel", "featureType"],
    request: GenerateFeatureGuidanceRequestSchema,
    response: GenerateFeatureGuidanceResponseSchema,
  },
  {
    operationId: "NotifyConnectionStatus",
    method: "POST",
    path: `${CONN}/NotifyConnectionStatus`,
    request: EmptySchema,
    response: EmptySchema,
  },
  {
    operationId: "ListFeatures",
    method: "GET",
    path: `${CONN}/features`,
    response: ListFeaturesResponseSchema,
    paged: true,
  },
  {
    operationId: "CreateFeature",
    method: "POST",
    path: `${CONN}/features`,
    query: ["featureId"],
    request: CreateFeatureRequestSchema,
    response: FeatureSchema,
  },
  { operationId: "GetFeature", method: "GET", path: `${CONN}/features/{feature}`, response: FeatureSchema },
  { operationId: "DeleteFeature", method: "DELETE", path: `${CONN}/features/{feature}`, response: EmptySchema },
  {
    operationId: "ListIssues",
    method: "GET",
    path: "/providers/{provider}/issues",
    response: ListIssuesResponseSchema,
    paged: true,
  },
  {
    operationId: "CreateIssue",
    method: "POST",
    path: "/providers/{provider}/issues",
    query: ["issueId"],
    request: CreateIssueRequestSchema,
    response: IssueSchema,
  },
  { operationId: "GetIssue", method: "GET", path: ISSUE, response: IssueSchema },
  { operationId: "CloseIssue", method: "POST", path: `${ISSUE}/Close`, request: EmptySchema, response: IssueSchema },
  {
    operationId: "ListComments",
    method: "GET",
    path: `${ISSUE}/comments`,
    response: ListCommentsResponseSchema,
    paged: true,
  },
  {
    operationId: "AddComment",
    method: "POST",
    path: `${ISSUE}/AddComment`,
    request: AddCommentRequestSchema,
    response: AddCommentResponseSchema,
  },
] as const satisfies readonly OperationSpec[];

export type SpecOperation = (typeof SPEC_OPERATIONS)[number];
export type SpecOperationId = SpecOperation["operationId"];
/** What a spec operation's request schema yields (undefined for an operation without a body). */
export type SpecRequest<Id extends SpecOperationId> = Id extends SpecOperationId
  ? Extract<SpecOperation, { operationId: Id }> extends { request: infer S extends z.ZodTypeAny }
    ? z.output<S>
    : undefined
  : never;

export interface CustomerOperationSpec extends OperationSpec {
  role: "cloud" | "partner";
  successStatus?: number;
}

/**
 * The partner's customer API (its table: PARTNER_OPERATIONS in schema/customer.ts); operation names are
 * "partner.<operationId>" in stats. The cloud's
 * customer API is the AWS Interconnect API (schema/aws.ts AWS_OPERATIONS, served by emulator/cloud/aws/front.ts).
 */
export const CUSTOMER_OPERATIONS: CustomerOperationSpec[] = Object.entries(customer.PARTNER_OPERATIONS).map(
  ([operationId, op]) => ({ role: "partner", operationId, ...op }),
);

const jsonSchema = (schema: z.ZodTypeAny, io: "input" | "output") =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" });

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function operationObject(op: OperationSpec, tag: string, security: Record<string, string[]>[], successStatus = 200) {
  const query = [...(op.query ?? []), ...(op.paged ? ["pageSize", "pageToken"] : [])].map((name) => ({
    name,
    in: "query",
    required: false,
    schema: name === "pageSize" ? { type: "integer" } : { type: "string" },
  }));
  const error = {
    description: "Error",
    content: { "application/json": { schema: jsonSchema(customer.ErrorBodySchema, "output") } },
  };
  return {
    operationId: op.operationId,
    tags: [tag],
    security,
    parameters: [...pathParameters(op.path), ...query],
    ...(op.request
      ? {
          requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.request, "input") } } },
        }
      : {}),
    responses: {
      [String(successStatus)]: {
        description: "Success",
        content: { "application/json": { schema: jsonSchema(op.response, "output") } },
      },
      default: error,
    },
  };
}

/** An OpenAPI 3.1 document describing both roles: customer APIs and the spec (peer) endpoints. */
export function buildOpenApiDocument(serverUrl = "/"): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const add = (path: string, method: HttpMethod, operation: unknown) => {
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  };
  for (const op of CUSTOMER_OPERATIONS) {
    add(`/${op.role}${op.path}`, op.method, {
      ...operationObject(op, `${op.role} customer API`, [{ bearer: [] }], op.successStatus),
      operationId: `${op.role}.${op.operationId}`,
    });
  }
  for (const role of ["cloud", "partner"] as const) {
    for (const op of SPEC_OPERATIONS) {
      add(`/${role}${op.path}`, op.method, {
        ...operationObject(op, `${role} peer API (Connection Coordinator)`, [{ bearer: [] }]),
        operationId: `${role}.spec.${op.operationId}`,
      });
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "pulumi-interconnect partner API emulator", version: "1.0.0" },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    paths,
  };
}
