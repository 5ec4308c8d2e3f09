// ConnectionProposalAccepter's implementation, the reverse flow: a key the partner generated is accepted on AWS
// (AcceptConnectionProposal) and attached to a Direct Connect gateway. Create, read, update and delete on the kit.
import * as pulumi from "@pulumi/pulumi";
import { Connection, ConnectionState, fromWireBandwidth, providerName } from "../../schema/aws";
import type { AwsInterconnectClient } from "../clients/aws";
import { awsClient } from "../clients/configured";
import { applyInPlaceChange, deleteConnection, withLiveDescriptionAndTags } from "../common/aws-connection/change";
import {
  assertOwnedByConfiguredAccount,
  connectionOutputs,
  findConnection,
  getConnection,
  requireConnection,
} from "../common/aws-connection/find";
import { fromWireAttachPoint, toWireAttachPoint } from "../common/aws-connection/schema";
import { withConfirmedTags } from "../common/aws-connection/tags";
import { outputsAfterWait, waitConnectionState } from "../common/aws-connection/wait";
import { createWithFreshToken } from "../common/lifecycle";
import {
  ConnectionProposalAccepterInputsSchema,
  ConnectionProposalAccepterSchema,
  type ConnectionProposalAccepterInputs,
  type ConnectionProposalAccepterState,
} from "./schema";
import { progress } from "../progress";
import { sameSharedConnection, sameValue } from "../common/diff";
import { defineResource } from "../common/resource-kit";
import { keyVersionFailures, timeoutMs, withoutUndefined } from "../common/validation";

/** States in which AWS has accepted the proposal. */
const ACCEPTED: readonly ConnectionState[] = ["pending", "available", "updating"];

// An attach point change replaces; a key replaces only when it names another connection.
const kit = defineResource<
  ConnectionProposalAccepterInputs,
  ConnectionProposalAccepterState,
  typeof ConnectionProposalAccepterInputsSchema
>({
  schema: ConnectionProposalAccepterSchema,
  namedBy: "attachPoint",
  redacted: ["activationKey"],
  diffOptions: { sameObject: { activationKey: sameSharedConnection } },
  extraChecks: (_olds, inputs) => keyVersionFailures(inputs.activationKey),
  create,
  read,
  update,
  delete: deleteAccepter,
});
export const provider = kit.provider;

async function create(
  inputs: ConnectionProposalAccepterInputs,
): Promise<pulumi.dynamic.CreateResult<ConnectionProposalAccepterState>> {
  const client = awsClient();
  const proposal = await client.describeConnectionProposal({ activationKey: inputs.activationKey });
  progress(
    kit.subject(inputs),
    `proposal: environment ${proposal.environmentId}, location ${proposal.location}, ` +
      `${proposal.bandwidth} from ${providerName(proposal.provider)}`,
  );
  const accepted = await accept(client, inputs);
  assertOwnedByConfiguredAccount(accepted);
  progress(kit.subject(inputs, accepted.id), `proposal accepted (state ${accepted.state})`);
  const confirmed = await withConfirmedTags(client, accepted.arn, inputs);
  const outs = await outputsAfterWait(
    accepted.id,
    accepted,
    () => waitAccepterGoal(client, inputs, accepted, timeoutMs(inputs.timeouts, "create")),
    (seen) => toOutputs(confirmed, seen, inputs),
  );
  return { id: accepted.id, outs };
}

/** AcceptConnectionProposal with a token derived from the URN and the request (../common/lifecycle.ts). */
async function accept(client: AwsInterconnectClient, inputs: ConnectionProposalAccepterInputs): Promise<Connection> {
  const request = {
    activationKey: inputs.activationKey,
    attachPoint: toWireAttachPoint(inputs.attachPoint),
    description: inputs.description,
    tags: inputs.tags,
  };
  return createWithFreshToken(kit.subject(inputs), inputs.resourceUrn, request, async (sent) => {
    const answer = await client.acceptConnectionProposal(sent);
    return requireConnection("AcceptConnectionProposal", answer.connection);
  });
}

async function read(
  id: string,
  props?: ConnectionProposalAccepterState,
): Promise<pulumi.dynamic.ReadResult<ConnectionProposalAccepterState>> {
  const client = awsClient();
  const connection = await findConnection(client, id);
  if (!connection) return {};
  if (!props?.activationKey) {
    // `pulumi import` (the plugin face) reads with no state: the inputs a program declares for the live connection.
    const declared = await withLiveDescriptionAndTags(client, inputsFromConnection(connection, props), connection);
    const inputs = withoutUndefined<ConnectionProposalAccepterInputs>(declared);
    return { id, props: toOutputs(inputs, connection, inputs), inputs: inputs as ConnectionProposalAccepterState };
  }
  const inputs = kit.declaredInputsOf(props);
  const live = await withLiveDescriptionAndTags(client, inputs, connection);
  return { id, props: toOutputs(live, connection, inputs), inputs: inputs as ConnectionProposalAccepterState };
}

async function update(
  id: string,
  olds: ConnectionProposalAccepterState,
  news: ConnectionProposalAccepterInputs,
): Promise<pulumi.dynamic.UpdateResult<ConnectionProposalAccepterState>> {
  const client = awsClient();
  const current = await getConnection(client, id);
  const connection = await applyInPlaceChange(client, id, kit.subject(news, id), current, { olds, news });
  const confirmed = sameValue(olds.tags, news.tags) ? news : await withConfirmedTags(client, connection.arn, news);
  // Also resumes a wait that a timed-out create left behind.
  const outs = await outputsAfterWait(
    id,
    connection,
    () => waitAccepterGoal(client, news, connection, timeoutMs(news.timeouts, "update")),
    (seen) => toOutputs(confirmed, seen, news),
  );
  return { outs };
}

async function deleteAccepter(id: string, props: ConnectionProposalAccepterState): Promise<void> {
  await deleteConnection(awsClient(), id, kit.subject(props, id), timeoutMs(props.timeouts, "delete"));
}

/** Waits for what `waitFor` asks: accepted (pending or later) or available. */
function waitAccepterGoal(
  client: AwsInterconnectClient,
  inputs: ConnectionProposalAccepterInputs,
  c: Connection,
  timeout: number,
) {
  const goal: readonly ConnectionState[] = inputs.waitFor === "available" ? ["available"] : ACCEPTED;
  if (goal.includes(c.state)) return Promise.resolve(c);
  return waitConnectionState(client, c.id, kit.subject(inputs, c.id), goal, timeout);
}

/** The arguments that made `c`, as far as AWS reports them (the key AWS holds, the attach point, the description). */
function inputsFromConnection(
  c: Connection,
  props?: Partial<ConnectionProposalAccepterState>,
): ConnectionProposalAccepterInputs {
  return {
    activationKey: c.activationKey,
    attachPoint: fromWireAttachPoint(c.attachPoint),
    description: c.description || undefined,
    waitFor: "pending",
    resourceUrn: props?.resourceUrn ?? "",
  };
}

/** `inputs` as seen (live description and tags) over what was `declared`. */
function toOutputs(
  inputs: ConnectionProposalAccepterInputs,
  c: Connection,
  declared: ConnectionProposalAccepterInputs,
): ConnectionProposalAccepterState {
  return kit.stateOf(declared, {
    ...kit.inputsOf(inputs),
    ...connectionOutputs(c),
    bandwidthGbps: fromWireBandwidth(c.bandwidth) ?? 0,
    environmentId: c.environmentId,
  });
}
