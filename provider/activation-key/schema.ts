// ActivationKey's schema: its arguments as check validates them, its outputs and how each change is applied. The
// single source of the check, the diff rules, the public types (provider/generated/types.ts) and the README's
// reference (both written by `npm run schema`).
import { z } from "zod";
import { ConnectionStateSchema } from "../../schema/aws";
import { attachPointInput, descriptionInput, tagsInput } from "../common/aws-connection/schema";
import { bandwidthGuardInputs } from "../common/bandwidth-guard";
import { documented, resourceSchema } from "../common/schema-docs";
import { bandwidthTierInput, identifierInput, timeoutsInput } from "../common/validation";

const REMOTE_ACCOUNT_RULE = "must be 1 to 255 letters, digits, '-', '_', '@' or '.' (the partner account id or email)";
const REMOTE_ACCOUNT_PATTERN = /^[-a-zA-Z0-9_@.]+$/;

export const ActivationKeyWaitForSchema = documented(
  z.enum(["requested", "available"], 'must be "requested" or "available"'),
  { tsType: "ActivationKeyWaitFor" },
);

export const ActivationKeyInputsSchema = z.object({
  environmentId: identifierInput("an environment id (see ListEnvironments)", 64).describe(
    "AWS Interconnect environment (cloud region ↔ partner location, see ListEnvironments), e.g. `us-east-1:nyc`",
  ),
  bandwidthGbps: bandwidthTierInput.describe(
    'The connection\'s bandwidth at AWS for its whole life, sent as `"<n>Gbps"`: changed in place with ' +
      "UpdateConnection (an unused key is re-issued; an accepted connection is resized with the partner and waited " +
      "for until available at the new tier), limited by the step guard (`maxBandwidthStepTiers`). An Interconnect " +
      "on this key follows it",
  ),
  attachPoint: attachPointInput.describe(
    "A Direct Connect gateway id (UUID, as `@pulumi/aws` `directconnect.Gateway.id` gives it) or an Interconnect " +
      "connection ARN",
  ),
  remoteAccount: z
    .string(REMOTE_ACCOUNT_RULE)
    .min(1, REMOTE_ACCOUNT_RULE)
    .max(255, REMOTE_ACCOUNT_RULE)
    .regex(REMOTE_ACCOUNT_PATTERN, REMOTE_ACCOUNT_RULE)
    .optional()
    .describe("The partner-side account (id or email) allowed to accept the key"),
  description: descriptionInput.describe("The connection's description"),
  tags: tagsInput.describe("AWS tags (TagResource / UntagResource)"),
  waitFor: ActivationKeyWaitForSchema.default("requested").describe(
    "`requested`: done once the key is issued; `available`: wait until the partner applied it (portal partners)",
  ),
  timeouts: timeoutsInput.describe('How long create, update and delete wait, e.g. `"20m"`'),
  ...bandwidthGuardInputs,
  resourceUrn: z.string().min(1),
});

const secret = documented(z.string(), { secret: true });

export const ActivationKeyOutputsSchema = z.object({
  activationKey: secret.describe("The activation key to hand to the partner"),
  connectionId: z.string().describe("The AWS connection id, `lmcc-…`: the resource's id, known in previews"),
  arn: z.string().describe("The connection's ARN"),
  sharedId: z.string().describe("The id both sides know the connection by"),
  state: ConnectionStateSchema.describe(
    "`requested` (waiting for the partner), `pending` (accepted, provisioning), `available`, `updating`, `down`, " +
      "`failed`, `deleting`, `deleted`",
  ),
  bandwidthGbps: bandwidthTierInput.describe(
    "As declared, once AWS has confirmed it (an unfinished resize shows the size before)",
  ),
  connectionBandwidthGbps: z.number().describe("What AWS reports (during a resize: the size asked for)"),
  billingTier: z.number().optional().describe("AWS's billing tier of the connection"),
  location: z.string().describe("The partner location of the environment"),
  provider: z.string().describe("The last-mile provider's name"),
  activationPageUrl: z.string().optional().describe("Where a portal partner's customer applies the key"),
});

export const ActivationKeySchema = resourceSchema({
  type: "ActivationKey",
  summary: "The cloud side of a private interconnect: an AWS Interconnect connection and its activation key.",
  inputs: ActivationKeyInputsSchema,
  outputs: ActivationKeyOutputsSchema,
  idOutput: "connectionId",
  changes: {
    replace: ["environmentId", "attachPoint", "remoteAccount"],
    update: ["bandwidthGbps", "description", "tags"],
    providerOnly: ["waitFor", "timeouts", "allowLargeBandwidthStep", "maxBandwidthStepTiers", "priceTable"],
  },
});

export type ActivationKeyInputs = z.output<typeof ActivationKeyInputsSchema>;
/** What state holds: the arguments and the outputs. */
export type ActivationKeyState = ActivationKeyInputs & z.output<typeof ActivationKeyOutputsSchema>;
