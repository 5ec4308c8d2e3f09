// The AWS Interconnect API (version 2022-07-26) as this package speaks it: awsJson1_0 over `POST /`, SigV4 signed
// with the signing name `interconnect`. Shapes follow the official Smithy model (../shared/aws-model/interconnect.json)
// member for member; requests are strict (the emulator refuses unknown members), responses are read leniently (a
// member AWS adds later must not break a deployed provider). The conformance tests check both against the model.
import { z } from "zod";

export const AWS_SERVICE_TARGET = "Interconnect";
export const AWS_JSON_CONTENT_TYPE = "application/x-amz-json-1.0";
export const AWS_SIGNING_NAME = "interconnect";

/** The bandwidth tiers a connection can be ordered at, in Gbps. */
export const BANDWIDTH_TIERS_GBPS = [1, 2, 5, 10, 25, 50, 100] as const;
export type BandwidthGbps = (typeof BANDWIDTH_TIERS_GBPS)[number];

/** Wire form of a bandwidth: 10 → "10Gbps", 0.5 → "500Mbps" (the inverse of fromWireBandwidth). */
export const toWireBandwidth = (gbps: number) =>
  Number.isInteger(gbps) ? `${gbps}Gbps` : `${Math.round(gbps * 1000)}Mbps`;
/** "10Gbps" → 10, "500Mbps" → 0.5; undefined for anything else. */
export function fromWireBandwidth(bandwidth: string): number | undefined {
  const match = /^(\d+)([MG])bps$/.exec(bandwidth);
  if (!match) return undefined;
  return match[2] === "G" ? Number(match[1]) : Number(match[1]) / 1000;
}

// ---------------------------------------------------------------------------------------------------------------------
// Simple shapes (patterns and lengths exactly as the model declares them)

const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const ConnectionIdSchema = z
  .string()
  .max(32)
  .regex(/^(mcc|lmcc)-[a-z0-9]{8}$/);
export const ConnectionArnSchema = z
  .string()
  .min(59)
  .max(150)
  .regex(/^arn:aws[a-z-]*:interconnect:[^:]+:[0-9]{12}:connection\/(mcc|lmcc)-[a-z0-9]{8}$/);
export const ConnectionBandwidthSchema = z
  .string()
  .min(1)
  .max(8)
  .regex(/^\d+[MG]bps$/);
export const DESCRIPTION_PATTERN = /^[-a-zA-Z0-9_ ]+$/;
export const ConnectionDescriptionSchema = z.string().min(1).max(255).regex(DESCRIPTION_PATTERN);
export const DirectConnectGatewayIdSchema = z.string().length(36).regex(UUID_PATTERN);
export const SharedIdSchema = z.string().length(36).regex(UUID_PATTERN);
export const EnvironmentIdSchema = z.string().min(1).max(64);
export const OwnerAccountSchema = z.string().regex(/^[0-9]{12}$/);
export const RemoteOwnerAccountSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[-a-zA-Z0-9_@.]+$/);
export const ActivationKeySchema = z.string().min(1).max(2048);
export const TagKeySchema = z.string().min(1).max(128);
export const TagValueSchema = z.string().max(256);
export const TagMapSchema = z.record(TagKeySchema, TagValueSchema);
/** Tags one AWS resource can carry: AWS's tagging limit, which the Smithy model does not state. */
export const MAX_TAGS = 50;
export const MaxResultsSchema = z.number().int().min(1).max(100);
export const NextTokenSchema = z.string().min(1).max(1024);

export const ConnectionStateSchema = z.enum([
  "available",
  "requested",
  "pending",
  "down",
  "deleting",
  "deleted",
  "failed",
  "updating",
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
export const EnvironmentStateSchema = z.enum(["available", "limited", "unavailable"]);

/** Exactly one member: a Direct Connect gateway id, or an ARN. */
export const AttachPointSchema = z.union([
  z.strictObject({ directConnectGateway: DirectConnectGatewayIdSchema }),
  z.strictObject({ arn: ConnectionArnSchema }),
]);
export type AttachPoint = z.infer<typeof AttachPointSchema>;

export const ProviderSchema = z.union([
  z.strictObject({ cloudServiceProvider: z.string().max(32) }),
  z.strictObject({ lastMileProvider: z.string().max(32) }),
]);
export type Provider = z.infer<typeof ProviderSchema>;
/** The provider's name, whichever member carries it. */
export const providerName = (p: Provider) => ("lastMileProvider" in p ? p.lastMileProvider : p.cloudServiceProvider);

export const RemoteAccountSchema = z.strictObject({ identifier: RemoteOwnerAccountSchema });

// ---------------------------------------------------------------------------------------------------------------------
// Resources

const connectionSummaryShape = {
  id: ConnectionIdSchema,
  arn: ConnectionArnSchema,
  description: ConnectionDescriptionSchema,
  bandwidth: ConnectionBandwidthSchema,
  attachPoint: AttachPointSchema,
  environmentId: EnvironmentIdSchema,
  provider: ProviderSchema,
  location: z.string().max(255),
  type: z.string().min(5).max(32),
  state: ConnectionStateSchema,
  sharedId: SharedIdSchema,
  billingTier: z.number().int().min(0).max(8).optional(),
};
export const ConnectionSummarySchema = z.object(connectionSummaryShape);
export type ConnectionSummary = z.infer<typeof ConnectionSummarySchema>;
export const ConnectionSchema = z.object({
  ...connectionSummaryShape,
  ownerAccount: OwnerAccountSchema,
  activationKey: ActivationKeySchema,
  tags: TagMapSchema.optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const EnvironmentSchema = z.object({
  provider: ProviderSchema,
  location: z.string().max(255),
  environmentId: EnvironmentIdSchema,
  state: EnvironmentStateSchema,
  bandwidths: z.object({
    available: z.array(ConnectionBandwidthSchema).optional(),
    supported: z.array(ConnectionBandwidthSchema).optional(),
  }),
  type: z.string().min(5).max(32),
  activationPageUrl: z.string().optional(),
  remoteIdentifierType: z.enum(["account", "email"]).optional(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const AttachPointDescriptorSchema = z.object({
  type: z.enum(["DirectConnectGateway"]),
  identifier: z.string(),
  name: z.string(),
});
export type AttachPointDescriptor = z.infer<typeof AttachPointDescriptorSchema>;

// ---------------------------------------------------------------------------------------------------------------------
// Operations: the input (strict) and output (lenient) of each, keyed by operation name (X-Amz-Target suffix)

const page = { maxResults: MaxResultsSchema.optional(), nextToken: NextTokenSchema.optional() };
const clientToken = z.string().optional();
const connectionOut = z.object({ connection: ConnectionSchema.optional() });

export const AWS_OPERATIONS = {
  CreateConnection: {
    input: z.strictObject({
      description: ConnectionDescriptionSchema.optional(),
      bandwidth: ConnectionBandwidthSchema,
      attachPoint: AttachPointSchema,
      environmentId: EnvironmentIdSchema,
      remoteAccount: RemoteAccountSchema.optional(),
      tags: TagMapSchema.optional(),
      clientToken,
    }),
    output: connectionOut,
  },
  GetConnection: { readonly: true, input: z.strictObject({ identifier: ConnectionIdSchema }), output: connectionOut },
  UpdateConnection: {
    input: z.strictObject({
      identifier: ConnectionIdSchema,
      description: ConnectionDescriptionSchema.optional(),
      bandwidth: ConnectionBandwidthSchema.optional(),
      clientToken,
    }),
    output: connectionOut,
  },
  DeleteConnection: {
    input: z.strictObject({ identifier: ConnectionIdSchema, clientToken }),
    output: z.object({ connection: ConnectionSchema }),
  },
  ListConnections: {
    readonly: true,
    input: z.strictObject({
      ...page,
      state: ConnectionStateSchema.optional(),
      environmentId: EnvironmentIdSchema.optional(),
      provider: ProviderSchema.optional(),
      attachPoint: AttachPointSchema.optional(),
    }),
    output: z.object({
      connections: z.array(ConnectionSummarySchema).optional(),
      nextToken: NextTokenSchema.optional(),
    }),
  },
  ListEnvironments: {
    readonly: true,
    input: z.strictObject({ ...page, provider: ProviderSchema.optional(), location: z.string().max(255).optional() }),
    output: z.object({ environments: z.array(EnvironmentSchema), nextToken: z.string().optional() }),
  },
  GetEnvironment: {
    readonly: true,
    input: z.strictObject({ id: EnvironmentIdSchema }),
    output: z.object({ environment: EnvironmentSchema }),
  },
  ListAttachPoints: {
    readonly: true,
    input: z.strictObject({ environmentId: EnvironmentIdSchema, ...page }),
    output: z.object({ attachPoints: z.array(AttachPointDescriptorSchema), nextToken: NextTokenSchema.optional() }),
  },
  AcceptConnectionProposal: {
    input: z.strictObject({
      attachPoint: AttachPointSchema,
      activationKey: ActivationKeySchema,
      description: ConnectionDescriptionSchema.optional(),
      tags: TagMapSchema.optional(),
      clientToken,
    }),
    output: connectionOut,
  },
  DescribeConnectionProposal: {
    readonly: true,
    input: z.strictObject({ activationKey: ActivationKeySchema }),
    output: z.object({
      bandwidth: ConnectionBandwidthSchema,
      environmentId: EnvironmentIdSchema,
      provider: ProviderSchema,
      location: z.string().max(255),
    }),
  },
  TagResource: { input: z.strictObject({ arn: ConnectionArnSchema, tags: TagMapSchema }), output: z.object({}) },
  UntagResource: {
    input: z.strictObject({ arn: ConnectionArnSchema, tagKeys: z.array(TagKeySchema) }),
    output: z.object({}),
  },
  ListTagsForResource: {
    readonly: true,
    input: z.strictObject({ arn: ConnectionArnSchema }),
    output: z.object({ tags: TagMapSchema.optional() }),
  },
} as const;

export type AwsOperation = keyof typeof AWS_OPERATIONS;
/** The operations the model marks smithy.api#readonly: they change nothing. */
export const isReadonlyAwsOperation = (op: AwsOperation) => "readonly" in AWS_OPERATIONS[op];
export const AWS_OPERATION_NAMES = Object.keys(AWS_OPERATIONS) as AwsOperation[];
export type AwsInput<O extends AwsOperation> = z.input<(typeof AWS_OPERATIONS)[O]["input"]>;
export type AwsOutput<O extends AwsOperation> = z.output<(typeof AWS_OPERATIONS)[O]["output"]>;

// ---------------------------------------------------------------------------------------------------------------------
// Errors: `__type` names the shape; the HTTP status is the model's httpError trait

export const AWS_ERRORS = {
  AccessDeniedException: 403,
  InterconnectClientException: 400,
  InterconnectValidationException: 400,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InterconnectServerException: 500,
} as const;
export type AwsErrorType = keyof typeof AWS_ERRORS;

/** An error body as AWS JSON services send it (`message` spelled either way, `__type` possibly namespaced). */
export const AwsErrorBodySchema = z.object({
  __type: z.string(),
  message: z.string().optional(),
  Message: z.string().optional(),
});
/** "com.amazonaws.interconnect#ThrottlingException:http://…" → "ThrottlingException". */
export const shortErrorType = (type: string) => type.split("#").pop()!.split(":")[0];

// ---------------------------------------------------------------------------------------------------------------------
// The activation key: base64 of the Connection Coordinator spec's ActivationKey object. One codec, used by the
// issuing side (emulator) and the accepting side (Interconnect's check and diff, which read the tier from it).

export const ActivationKeyPayloadSchema = z.object({
  version: z.number().int(),
  destinationEnvironmentUri: z.string(),
  sharedConnectionUuid: z.string(),
  connectionSizeMbps: z.number().int(),
  /** The remote account allowed to accept the key; absent when the order named none. */
  destinationAccountId: z.string().optional(),
});
export type ActivationKeyPayload = z.infer<typeof ActivationKeyPayloadSchema>;

/**
 * ActivationKey versions this package reads. The spec: a key's version "should match the API version on the creating
 * service", so a newer version means fields or meanings this package does not know.
 */
export const SUPPORTED_ACTIVATION_KEY_VERSIONS: readonly number[] = [1];

export const encodeActivationKey = (payload: ActivationKeyPayload) =>
  Buffer.from(JSON.stringify(payload)).toString("base64");

/** The payload, or undefined when the text is not a key this package can read. */
export function decodeActivationKey(encoded: string): ActivationKeyPayload | undefined {
  try {
    const parsed = ActivationKeyPayloadSchema.safeParse(JSON.parse(Buffer.from(encoded, "base64").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
