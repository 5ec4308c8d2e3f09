// ConnectionProposalAccepter: the reverse flow. The partner generated the activation key; this accepts it on AWS
// (AcceptConnectionProposal) and attaches the connection to a Direct Connect gateway. Create first shows what the
// key proposes (DescribeConnectionProposal: environment, location, bandwidth — never the key), accepts it with a
// URN-derived idempotency token and waits for `pending` (accepted, provisioning) or `available`. A wait that times
// out keeps the connection in state; the next `up` resumes it. Delete is DeleteConnection, then wait until deleted.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Connection, ConnectionState, decodeActivationKey, fromWireBandwidth, providerName } from "../../schema/aws";
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
import { checkFailures, isUnknown, withoutUndefined, inputsOf as inputsOfSchema } from "../common/validation";

/** "pending" (default): done once AWS accepted the proposal; "available": wait until the connection works. */
export type AccepterWaitFor = "pending" | "available";

export interface ConnectionProposalAccepterInputs {
  /** The partner's activation key (secret). */
  activationKey: string;
  attachPoint: string;
  description?: string;
  tags?: Record<string, string>;
  waitFor: AccepterWaitFor;
  timeouts?: ConnectionTimeouts;
  resourceUrn: string;
}

export interface ConnectionProposalAccepterOutputs extends ConnectionProposalAccepterInputs {
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

const REPLACE_ON_CHANGE = ["attachPoint"] as const;
const UPDATE_IN_PLACE = ["description", "waitFor"] as const;
const MAX_TOKEN_GENERATIONS = 20;
/** States in which AWS has accepted the proposal. */
const ACCEPTED: readonly ConnectionState[] = ["pending", "available", "updating"];

const KEY_RULE = "must be the activation key the partner generated (1 to 2048 characters)";

export const ConnectionProposalAccepterInputsSchema = z.object({
  activationKey: z.string(KEY_RULE).min(1, KEY_RULE).max(2048, KEY_RULE),
  attachPoint: attachPointInput,
  description: descriptionInput,
  tags: tagsInput,
  waitFor: z.enum(["pending", "available"], 'must be "pending" or "available"'),
  timeouts: timeoutsInput,
  resourceUrn: z.string().min(1),
});

async function check(_olds: unknown, news: ConnectionProposalAccepterInputs): Promise<pulumi.dynamic.CheckResult> {
  const inputs = { ...news, waitFor: news.waitFor ?? "pending" };
  const failures = checkFailures(ConnectionProposalAccepterInputsSchema, inputs, ["activationKey"]);
  return { inputs: withoutUndefined(inputs), failures };
}

/** Keys are the same when they name the same shared connection (a key re-issued after a resize still is). */
function sameKey(before: string, after: string): boolean {
  if (before === after || isUnknown(after)) return true; // unknown at preview: the real run decides
  const [a, b] = [decodeActivationKey(before), decodeActivationKey(after)];
  return a !== undefined && a.sharedConnectionUuid === b?.sharedConnectionUuid;
}

async function diff(
  _id: string,
  olds: ConnectionProposalAccepterOutputs,
  news: ConnectionProposalAccepterInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces: string[] = REPLACE_ON_CHANGE.filter((field) => olds[field] !== news[field]);
  if (!sameKey(olds.activationKey, news.activationKey)) replaces.push("activationKey");
  const updates = [
    ...UPDATE_IN_PLACE.filter((field) => olds[field] !== news[field]),
    ...(sameTags(olds.tags, news.tags) ? [] : ["tags"]),
    ...(JSON.stringify(olds.timeouts) === JSON.stringify(news.timeouts) ? [] : ["timeouts"]),
    ...(olds.activationKey === news.activationKey ? [] : ["activationKey"]),
  ];
  return { changes: replaces.length + updates.length > 0, replaces };
}

async function create(
  inputs: ConnectionProposalAccepterInputs,
): Promise<pulumi.dynamic.CreateResult<ConnectionProposalAccepterOutputs>> {
  const client = awsClient();
  const proposal = await client.describeConnectionProposal({ activationKey: inputs.activationKey });
  progress(
    describe(inputs),
    `proposal: environment ${proposal.environmentId}, location ${proposal.location}, ` +
      `${proposal.bandwidth} from ${providerName(proposal.provider)}`,
  );
  const accepted = await accept(client, inputs, proposal.environmentId);
  assertOwnedByConfiguredAccount(accepted);
  progress(describe(inputs, accepted.id), `proposal accepted (state ${accepted.state})`);
  try {
    const ready = await waitFor(client, inputs, accepted, timeoutMs(inputs.timeouts, "create"));
    return { id: accepted.id, outs: toOutputs(inputs, ready) };
  } catch (e) {
    throw partialState(accepted.id, toOutputs(inputs, lastSeen(e) ?? accepted), e);
  }
}

async function accept(
  client: AwsInterconnectClient,
  inputs: ConnectionProposalAccepterInputs,
  environmentId: string,
): Promise<Connection> {
  // The key itself stays out of the token's identity: the token is not secret, the key is.
  const identity = [environmentId, inputs.attachPoint, decodeActivationKey(inputs.activationKey)?.sharedConnectionUuid];
  for (let generation = 0; generation < MAX_TOKEN_GENERATIONS; generation++) {
    const answer = await client.acceptConnectionProposal({
      activationKey: inputs.activationKey,
      attachPoint: toWireAttachPoint(inputs.attachPoint),
      description: inputs.description,
      tags: inputs.tags,
      clientToken: clientToken(inputs.resourceUrn, identity, generation),
    });
    const connection = requireConnection("AcceptConnectionProposal", answer.connection);
    if (!isGone(connection.state)) return connection;
  }
  throw new Error(
    `${describe(inputs)}: ${MAX_TOKEN_GENERATIONS} earlier connections for this resource were deleted; giving up`,
  );
}

/** Waits for what `waitFor` asks: accepted (pending or later) or available. */
function waitFor(
  client: AwsInterconnectClient,
  inputs: ConnectionProposalAccepterInputs,
  c: Connection,
  timeout: number,
) {
  const goal: readonly ConnectionState[] = inputs.waitFor === "available" ? ["available"] : ACCEPTED;
  if (goal.includes(c.state)) return Promise.resolve(c);
  return waitForState(client, c.id, describe(inputs, c.id), goal, timeout);
}

async function read(
  id: string,
  props?: ConnectionProposalAccepterOutputs,
): Promise<pulumi.dynamic.ReadResult<ConnectionProposalAccepterOutputs>> {
  if (!props?.activationKey) throw new Error(`ConnectionProposalAccepter ${id}: import is not supported`);
  const client = awsClient();
  const connection = await findConnection(client, id);
  if (!connection) return {};
  const inputs = inputsOf(props);
  const live = {
    ...inputs,
    description: inputs.description !== undefined ? connection.description : undefined,
    tags: await readTags(client, connection.arn),
  };
  const declared = withoutUndefined(inputs) as ConnectionProposalAccepterOutputs;
  return { id, props: toOutputs(live, connection), inputs: declared };
}

async function update(
  id: string,
  olds: ConnectionProposalAccepterOutputs,
  news: ConnectionProposalAccepterInputs,
): Promise<pulumi.dynamic.UpdateResult<ConnectionProposalAccepterOutputs>> {
  const client = awsClient();
  let connection = requireConnection(id, (await client.getConnection({ identifier: id })).connection);
  if (news.description !== undefined && olds.description !== news.description) {
    const answer = await client.updateConnection({ identifier: id, description: news.description });
    connection = answer.connection ?? connection;
  }
  await applyTagChanges(client, connection.arn, describe(news, id), olds.tags, news.tags);
  try {
    // Also resumes a wait that a timed-out create left behind.
    return { outs: toOutputs(news, await waitFor(client, news, connection, timeoutMs(news.timeouts, "update"))) };
  } catch (e) {
    throw partialState(id, toOutputs(news, lastSeen(e) ?? connection), e);
  }
}

async function deleteAccepter(id: string, props: ConnectionProposalAccepterOutputs): Promise<void> {
  await deleteConnection(awsClient(), id, describe(props, id), timeoutMs(props.timeouts, "delete"));
}

/** "ConnectionProposalAccepter hq (lmcc-…)": the Pulumi name; the attach point when there is no URN. */
const describe = (inputs: Pick<ConnectionProposalAccepterInputs, "attachPoint" | "resourceUrn">, id?: string) =>
  subjectOf("ConnectionProposalAccepter", inputs.resourceUrn, inputs.attachPoint, id);

const inputsOf = (props: ConnectionProposalAccepterInputs): ConnectionProposalAccepterInputs =>
  inputsOfSchema(ConnectionProposalAccepterInputsSchema, props);

function toOutputs(inputs: ConnectionProposalAccepterInputs, c: Connection): ConnectionProposalAccepterOutputs {
  return withoutUndefined({
    ...inputsOf(inputs),
    ...connectionOutputs(c),
    bandwidthGbps: fromWireBandwidth(c.bandwidth) ?? 0,
    environmentId: c.environmentId,
  });
}

type Provider = pulumi.dynamic.ResourceProvider<ConnectionProposalAccepterInputs, ConnectionProposalAccepterOutputs>;

export const provider: Provider = {
  configure: async (req) => configureFromStack(req.config),
  check,
  diff,
  create,
  read,
  update,
  delete: deleteAccepter,
};
