// ActivationKey: an AWS Interconnect connection ordered from the cloud side (CreateConnection), whose activation key
// the partner accepts (see ../interconnect). The key is issued at once (state `requested`: waiting for the partner);
// `waitFor: "available"` is the portal flow: create then waits while the partner accepts (`pending`) and provisions,
// printing the environment's activation page, and a timeout keeps the connection in state so the next `up` resumes.
//
// Changing bandwidthGbps after provisioning — an in-place update, never a replacement:
//   * while the key is unused (state "requested": no partner has accepted it), the update calls UpdateConnection
//     with the new bandwidth, so the key is re-issued at the new size;
//   * once a partner has accepted the key, the Interconnect owns the bandwidth (it resizes the partner side and the
//     cloud side follows). Resizing the cloud side from here would fight it, so the update records the new value,
//     makes no API call and prints a line saying to change Interconnect.bandwidthGbps instead.
//     `connectionBandwidthGbps` always shows what is provisioned, and read stops reporting bandwidth drift then.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Connection, ConnectionState, Environment, fromWireBandwidth, toWireBandwidth } from "../../schema/aws";
import type { AwsInterconnectClient } from "../aws-client";
import { awsClient, configureFromStack } from "../config";
import {
  ConnectionTimeouts,
  applyTagChanges,
  assertOwnedByConfiguredAccount,
  attachPointInput,
  connectionOutputs,
  deleteConnection,
  descriptionInput,
  findConnection,
  fromWireAttachPoint,
  lastSeen,
  partialState,
  readTags,
  requireConnection,
  sameTags,
  tagsInput,
  timeoutMs,
  timeoutsInput,
  toWireAttachPoint,
  waitForState,
} from "../common/aws-connection";
import { clientToken, isGone } from "../common/lifecycle";
import { progress, subjectOf } from "../common/progress";
import {
  bandwidthTierInput,
  checkFailures,
  identifierInput,
  withoutUndefined,
  inputsOf as inputsOfSchema,
} from "../common/validation";
import { explainCreateRefusal, findEnvironment } from "./environment";

// ---------------------------------------------------------------------------------------------------------------------
// Types

/** What create and update wait for: the key ("requested", default) or the working connection ("available"). */
import type { ActivationKeyWaitFor } from "../types";

export type { ActivationKeyWaitFor } from "../types";

export interface ActivationKeyInputs {
  environmentId: string;
  bandwidthGbps: number;
  /** Direct Connect gateway id (UUID) or Interconnect connection ARN. */
  attachPoint: string;
  /** The account (id or email) allowed to accept the key at the partner. */
  remoteAccount?: string;
  description?: string;
  tags?: Record<string, string>;
  waitFor: ActivationKeyWaitFor;
  timeouts?: ConnectionTimeouts;
  /** Set by the ActivationKey class; seeds the idempotency token. */
  resourceUrn: string;
}

export interface ActivationKeyOutputs extends ActivationKeyInputs {
  /** The activation key; secret. */
  activationKey: string;
  connectionId: string;
  arn: string;
  sharedId: string;
  state: ConnectionState;
  /** Bandwidth the connection is provisioned at (follows the Interconnect once the key is accepted). */
  connectionBandwidthGbps: number;
  billingTier?: number;
  location: string;
  provider: string;
  activationPageUrl?: string;
}

/** Fields that identify what was ordered; a change means a different connection. */
const REPLACE_ON_CHANGE = ["environmentId", "attachPoint", "remoteAccount"] as const;
/** Changed in place: the first three through the API, the rest only steer this provider. */
const UPDATE_IN_PLACE = ["bandwidthGbps", "description", "tags", "waitFor", "timeouts"] as const;
/** Gives up on an absurd number of deleted predecessors rather than loop. */
const MAX_TOKEN_GENERATIONS = 20;

// ---------------------------------------------------------------------------------------------------------------------
// Check

const REMOTE_ACCOUNT_RULE = "must be 1 to 255 letters, digits, '-', '_', '@' or '.' (the partner account id or email)";
const REMOTE_ACCOUNT_PATTERN = /^[-a-zA-Z0-9_@.]+$/;

export const ActivationKeyInputsSchema = z.object({
  environmentId: identifierInput("an environment id (see ListEnvironments)", 64),
  bandwidthGbps: bandwidthTierInput,
  attachPoint: attachPointInput,
  remoteAccount: z
    .string(REMOTE_ACCOUNT_RULE)
    .min(1, REMOTE_ACCOUNT_RULE)
    .max(255, REMOTE_ACCOUNT_RULE)
    .regex(REMOTE_ACCOUNT_PATTERN, REMOTE_ACCOUNT_RULE)
    .optional(),
  description: descriptionInput,
  tags: tagsInput,
  waitFor: z.enum(["requested", "available"], 'must be "requested" or "available"'),
  timeouts: timeoutsInput,
  resourceUrn: z.string().min(1),
});

async function check(_olds: unknown, news: ActivationKeyInputs): Promise<pulumi.dynamic.CheckResult> {
  const inputs: ActivationKeyInputs = { ...news, waitFor: news.waitFor ?? "requested" };
  return { inputs: withoutUndefined(inputs), failures: checkFailures(ActivationKeyInputsSchema, inputs) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Diff

const same = (a: unknown, b: unknown) =>
  typeof a === "object" || typeof b === "object"
    ? sameTags(a as Record<string, string>, b as Record<string, string>)
    : a === b;

async function diff(
  _id: string,
  olds: ActivationKeyOutputs,
  news: ActivationKeyInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = REPLACE_ON_CHANGE.filter((field) => !same(olds[field], news[field]));
  const updates = UPDATE_IN_PLACE.filter((field) =>
    field === "timeouts"
      ? JSON.stringify(olds[field]) !== JSON.stringify(news[field])
      : !same(olds[field], news[field]),
  );
  // No `stables`: see the Interconnect's diff (../interconnect/impl.ts); connectionId is the resource id (./index.ts).
  return { changes: replaces.length + updates.length > 0, replaces };
}

// ---------------------------------------------------------------------------------------------------------------------
// Create

async function create(inputs: ActivationKeyInputs): Promise<pulumi.dynamic.CreateResult<ActivationKeyOutputs>> {
  const client = awsClient();
  const environment = await findEnvironment(client, inputs.environmentId, inputs.bandwidthGbps);
  const connection = await createConnection(client, inputs, environment);
  assertOwnedByConfiguredAccount(connection);
  progress(describe(inputs, connection.id), `activation key issued (state ${connection.state})`);
  const issued = toOutputs(inputs, connection, environment.activationPageUrl);
  if (inputs.waitFor !== "available") return { id: connection.id, outs: issued };
  try {
    const ready = await waitUntilAvailable(client, issued, timeoutMs(inputs.timeouts, "create"));
    return { id: connection.id, outs: toOutputs(inputs, ready, issued.activationPageUrl) };
  } catch (e) {
    // AWS has the order: keep its id in state (no second connection) and let the next `up` resume waiting.
    const seen = lastSeen(e);
    throw partialState(connection.id, seen ? toOutputs(inputs, seen, issued.activationPageUrl) : issued, e);
  }
}

/** CreateConnection with a URN-derived token: a retried or interrupted create gets the first connection back. */
async function createConnection(
  client: AwsInterconnectClient,
  inputs: ActivationKeyInputs,
  environment: Environment,
): Promise<Connection> {
  const identity = [inputs.environmentId, inputs.attachPoint, inputs.remoteAccount ?? "", inputs.bandwidthGbps];
  for (let generation = 0; generation < MAX_TOKEN_GENERATIONS; generation++) {
    let answer;
    try {
      answer = await client.createConnection({
        environmentId: inputs.environmentId,
        bandwidth: toWireBandwidth(inputs.bandwidthGbps),
        attachPoint: toWireAttachPoint(inputs.attachPoint),
        remoteAccount: inputs.remoteAccount ? { identifier: inputs.remoteAccount } : undefined,
        description: inputs.description,
        tags: inputs.tags,
        clientToken: clientToken(inputs.resourceUrn, identity, generation),
      });
    } catch (e) {
      throw explainCreateRefusal(e, environment, inputs.bandwidthGbps);
    }
    const connection = requireConnection("CreateConnection", answer.connection);
    // A token reused after destroy + up answers with the deleted connection: move on to the next token.
    if (!isGone(connection.state)) return connection;
  }
  throw new Error(
    `${describe(inputs)}: ${MAX_TOKEN_GENERATIONS} earlier connections for this resource were deleted; giving up`,
  );
}

/** The portal flow: the partner accepts the key (the activation page helps) and provisions the connection. */
function waitUntilAvailable(client: AwsInterconnectClient, key: ActivationKeyOutputs, timeout: number) {
  const page = key.activationPageUrl ? `; activate the key at ${key.activationPageUrl}` : "";
  return waitForState(client, key.connectionId, describe(key, key.connectionId), ["available"], timeout, page);
}

// ---------------------------------------------------------------------------------------------------------------------
// Read

async function read(
  id: string,
  props?: ActivationKeyOutputs,
): Promise<pulumi.dynamic.ReadResult<ActivationKeyOutputs>> {
  const client = awsClient();
  const connection = await findConnection(client, id);
  if (!connection) return {};
  // `pulumi import` reads with no props: take the inputs from the live connection.
  const inputs = props?.environmentId ? inputsOf(props) : inputsFromConnection(connection);
  const tags = await readTags(client, connection.arn);
  const pageUrl =
    props?.activationPageUrl ??
    (await client.getEnvironment({ id: connection.environmentId })).environment.activationPageUrl;
  const live: ActivationKeyInputs = {
    ...inputs,
    // Bandwidth drift only means something while the key is ours to size (see the top of this file).
    bandwidthGbps: isKeyUnused(connection) ? bandwidthOf(connection) : inputs.bandwidthGbps,
    description: inputs.description !== undefined ? connection.description : undefined,
    tags,
  };
  if (inputs.waitFor === "available" && connection.state !== "available") {
    progress(describe(inputs, id), `state ${connection.state}; the next \`up\` waits for available`);
  }
  return { id, props: toOutputs(live, connection, pageUrl), inputs: withoutUndefined(inputs) as ActivationKeyOutputs };
}

// ---------------------------------------------------------------------------------------------------------------------
// Update

async function update(
  id: string,
  olds: ActivationKeyOutputs,
  news: ActivationKeyInputs,
): Promise<pulumi.dynamic.UpdateResult<ActivationKeyOutputs>> {
  const client = awsClient();
  const subject = describe(news, id);
  let connection = requireConnection(id, (await client.getConnection({ identifier: id })).connection);
  const resize = olds.bandwidthGbps !== news.bandwidthGbps && isKeyUnused(connection);
  if (olds.bandwidthGbps !== news.bandwidthGbps && !resize) {
    progress(
      subject,
      `bandwidthGbps ${olds.bandwidthGbps} => ${news.bandwidthGbps} recorded without an API call: ` +
        `the key was accepted by the partner (connection state ${connection.state}), ` +
        `so the Interconnect owns the bandwidth; ` +
        `change Interconnect.bandwidthGbps to resize (provisioned now: ${connection.bandwidth})`,
    );
  }
  // AWS cannot clear a description (1-255 characters): removing it from the program leaves the live one.
  const describeAgain = news.description !== undefined && olds.description !== news.description;
  if (resize || describeAgain) {
    const answer = await client.updateConnection({
      identifier: id,
      bandwidth: resize ? toWireBandwidth(news.bandwidthGbps) : undefined,
      description: describeAgain ? news.description : undefined,
    });
    connection = answer.connection ?? connection;
  }
  await applyTagChanges(client, connection.arn, subject, olds.tags, news.tags);
  const outs = toOutputs(news, connection, olds.activationPageUrl);
  if (news.waitFor !== "available" || connection.state === "available") return { outs };
  try {
    // Resumes a wait a timed-out create (or an earlier update) left behind.
    const ready = await waitUntilAvailable(client, outs, timeoutMs(news.timeouts, "update"));
    return { outs: toOutputs(news, ready, olds.activationPageUrl) };
  } catch (e) {
    const seen = lastSeen(e);
    throw partialState(id, seen ? toOutputs(news, seen, olds.activationPageUrl) : outs, e);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Delete

async function deleteKey(id: string, props: ActivationKeyOutputs): Promise<void> {
  await deleteConnection(awsClient(), id, describe(props, id), timeoutMs(props.timeouts, "delete"));
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** Unused: no partner has accepted the key yet. */
const isKeyUnused = (connection: Connection) => connection.state === "requested";

const bandwidthOf = (connection: Connection) => fromWireBandwidth(connection.bandwidth) ?? 0;

/** "ActivationKey hq (lmcc-…)": the Pulumi name; the environment for imports. */
const describe = (inputs: Pick<ActivationKeyInputs, "environmentId" | "resourceUrn">, id?: string) =>
  subjectOf("ActivationKey", inputs.resourceUrn, inputs.environmentId, id);

const inputsOf = (props: ActivationKeyInputs): ActivationKeyInputs => inputsOfSchema(ActivationKeyInputsSchema, props);

function inputsFromConnection(connection: Connection): ActivationKeyInputs {
  return {
    environmentId: connection.environmentId,
    bandwidthGbps: bandwidthOf(connection),
    attachPoint: fromWireAttachPoint(connection.attachPoint),
    description: connection.description || undefined,
    waitFor: "requested",
    resourceUrn: "",
  };
}

function toOutputs(
  inputs: ActivationKeyInputs,
  connection: Connection,
  activationPageUrl?: string,
): ActivationKeyOutputs {
  return withoutUndefined({
    ...inputsOf(inputs),
    ...connectionOutputs(connection),
    activationKey: connection.activationKey,
    connectionBandwidthGbps: bandwidthOf(connection),
    activationPageUrl,
  });
}

export const provider: pulumi.dynamic.ResourceProvider<ActivationKeyInputs, ActivationKeyOutputs> = {
  configure: async (req) => configureFromStack(req.config),
  check,
  diff,
  create,
  read,
  update,
  delete: deleteKey,
};
