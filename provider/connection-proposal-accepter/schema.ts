// ConnectionProposalAccepter's schema: its arguments as check validates them, its outputs and how each change is
// applied. The single source of the check, the diff rules, the public types (provider/generated/types.ts) and the
// README's reference (both written by `npm run schema`).
import { z } from "zod";
import { ConnectionStateSchema } from "../../schema/aws";
import { attachPointInput, descriptionInput, tagsInput } from "../common/aws-connection/schema";
import { documented, resourceSchema } from "../common/schema-docs";
import { timeoutsInput } from "../common/validation";

const KEY_RULE = "must be the activation key the partner generated (1 to 2048 characters)";

export const AccepterWaitForSchema = documented(z.enum(["pending", "available"], 'must be "pending" or "available"'), {
  tsType: "AccepterWaitFor",
});

export const ConnectionProposalAccepterInputsSchema = z.object({
  activationKey: documented(z.string(KEY_RULE).min(1, KEY_RULE).max(2048, KEY_RULE), { secret: true }).describe(
    "The key the partner generated on its portal; a key of another connection replaces (one re-issued for the same " +
      "connection does not)",
  ),
  attachPoint: attachPointInput.describe(
    "A Direct Connect gateway id (UUID, as `@pulumi/aws` `directconnect.Gateway.id` gives it) or an Interconnect " +
      "connection ARN",
  ),
  description: descriptionInput.describe("The connection's description"),
  tags: tagsInput.describe("AWS tags (TagResource / UntagResource)"),
  waitFor: AccepterWaitForSchema.default("pending").describe(
    "`pending`: done once AWS accepted the proposal; `available`: wait until the connection works",
  ),
  timeouts: timeoutsInput.describe('How long create, update and delete wait, e.g. `"20m"`'),
  resourceUrn: z.string().min(1),
});

export const ConnectionProposalAccepterOutputsSchema = z.object({
  activationKey: documented(z.string(), { secret: true }).describe("The accepted key"),
  connectionId: z.string().describe("The AWS connection id, `lmcc-…`: the resource's id, known in previews"),
  arn: z.string().describe("The connection's ARN"),
  sharedId: z.string().describe("The id both sides know the connection by"),
  state: ConnectionStateSchema.describe("As for ActivationKey"),
  bandwidthGbps: z.number().describe("The bandwidth the partner proposed"),
  billingTier: z.number().optional().describe("AWS's billing tier of the connection"),
  environmentId: z.string().describe("The environment of the proposal"),
  location: z.string().describe("The partner location"),
  provider: z.string().describe("The last-mile provider's name"),
});

export const ConnectionProposalAccepterSchema = resourceSchema({
  type: "ConnectionProposalAccepter",
  summary: "The reverse flow: accepts on AWS an activation key the partner generated.",
  inputs: ConnectionProposalAccepterInputsSchema,
  outputs: ConnectionProposalAccepterOutputsSchema,
  idOutput: "connectionId",
  changes: {
    replace: ["activationKey", "attachPoint"],
    update: ["description", "tags"],
    providerOnly: ["waitFor", "timeouts"],
  },
});

export type ConnectionProposalAccepterInputs = z.output<typeof ConnectionProposalAccepterInputsSchema>;
/** What state holds: the arguments and the outputs. */
export type ConnectionProposalAccepterState = ConnectionProposalAccepterInputs &
  z.output<typeof ConnectionProposalAccepterOutputsSchema>;
