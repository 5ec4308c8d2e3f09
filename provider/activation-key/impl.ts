// ActivationKey's implementation: an AWS Interconnect connection ordered from the cloud side, whose key a partner
// accepts. Create, read, update (description, tags, and bandwidth through ./resize.ts) and delete, on the resource kit.
import * as pulumi from "@pulumi/pulumi";
import { Connection, Environment, toWireBandwidth } from "../../schema/aws";
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
import { lastSeen, outputsAfterWait, waitConnectionState } from "../common/aws-connection/wait";
import { bandwidthStepFailure } from "../common/bandwidth-guard";
import { sameValue } from "../common/diff";
import { defineResource } from "../common/resource-kit";
import { createWithFreshToken, partialState } from "../common/lifecycle";
import { progress, warn } from "../progress";
import { withoutUndefined, timeoutMs } from "../common/validation";
import { explainCreateRefusal, findEnvironment } from "./environment";
import { bandwidthOf, isKeyUnused, resizeConnection } from "./resize";
import {
  ActivationKeyInputsSchema,
  ActivationKeySchema,
  type ActivationKeyInputs,
  type ActivationKeyState,
} from "./schema";

// Identity (environment, attach point, remote account) replaces; the rest changes in place (the schema's rules). No
// `stables`: see the Interconnect's diff (../interconnect/impl.ts); connectionId is the resource id (idOutput).
const kit = defineResource<ActivationKeyInputs, ActivationKeyState, typeof ActivationKeyInputsSchema>({
  schema: ActivationKeySchema,
  namedBy: "environmentId",
  extraChecks: (olds, inputs) => {
    const stepFailure = bandwidthStepFailure(olds.bandwidthGbps, inputs);
    return stepFailure ? [{ property: "bandwidthGbps", reason: stepFailure }] : [];
  },
  create,
  read,
  update,
  delete: deleteKey,
});
export const provider = kit.provider;

// ---------------------------------------------------------------------------------------------------------------------
// Create

async function create(inputs: ActivationKeyInputs): Promise<pulumi.dynamic.CreateResult<ActivationKeyState>> {
  const client = awsClient();
  const environment = await findEnvironment(client, inputs.environmentId, inputs.bandwidthGbps);
  const connection = await createConnection(client, inputs, environment);
  assertOwnedByConfiguredAccount(connection);
  progress(kit.subject(inputs, connection.id), `activation key issued (state ${connection.state})`);
  const confirmed = await withConfirmedTags(client, connection.arn, inputs);
  const issued = toOutputs(confirmed, connection, environment.activationPageUrl, inputs);
  if (inputs.waitFor !== "available") return { id: connection.id, outs: issued };
  // AWS has the order: a wait that does not finish keeps its id in state and the next `up` resumes waiting.
  const outs = await outputsAfterWait(
    connection.id,
    connection,
    () => waitKeyAvailable(client, issued, timeoutMs(inputs.timeouts, "create")),
    (seen) => toOutputs(confirmed, seen, environment.activationPageUrl, inputs),
  );
  return { id: connection.id, outs };
}

/**
 * CreateConnection with a token derived from the URN and the request: a retried or interrupted create gets the first
 * connection back.
 */
async function createConnection(
  client: AwsInterconnectClient,
  inputs: ActivationKeyInputs,
  environment: Environment,
): Promise<Connection> {
  const request = {
    environmentId: inputs.environmentId,
    bandwidth: toWireBandwidth(inputs.bandwidthGbps),
    attachPoint: toWireAttachPoint(inputs.attachPoint),
    remoteAccount: inputs.remoteAccount ? { identifier: inputs.remoteAccount } : undefined,
    description: inputs.description,
    tags: inputs.tags,
  };
  return createWithFreshToken(kit.subject(inputs), inputs.resourceUrn, request, async (sent) => {
    let answer;
    try {
      answer = await client.createConnection(sent);
    } catch (e) {
      throw explainCreateRefusal(e, environment, inputs.bandwidthGbps);
    }
    return requireConnection("CreateConnection", answer.connection);
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Read

async function read(id: string, props?: ActivationKeyState): Promise<pulumi.dynamic.ReadResult<ActivationKeyState>> {
  const client = awsClient();
  const connection = await findConnection(client, id);
  if (!connection) return {};
  // `pulumi import` reads with no props: take the inputs from the live connection.
  const inputs = props?.environmentId ? kit.declaredInputsOf(props) : inputsFromConnection(connection);
  const live: ActivationKeyInputs = {
    ...(await withLiveDescriptionAndTags(client, inputs, connection)),
    // An unused key shows its size as drift. An accepted connection resized elsewhere is reported, not undone by the
    // next `up`: only a change of this key's bandwidthGbps resizes it, so two owners never fight.
    bandwidthGbps: isKeyUnused(connection) ? bandwidthOf(connection) : inputs.bandwidthGbps,
  };
  if (
    !isKeyUnused(connection) &&
    connection.state === "available" &&
    bandwidthOf(connection) !== inputs.bandwidthGbps
  ) {
    warn(
      kit.subject(inputs, id),
      `AWS reports ${connection.bandwidth}, declared ${inputs.bandwidthGbps} Gbps: resized outside this resource ` +
        `(at the partner, or in the console); change bandwidthGbps to resize it from here`,
    );
  }
  const pageUrl =
    props?.activationPageUrl ??
    (await client.getEnvironment({ id: connection.environmentId })).environment.activationPageUrl;
  if (inputs.waitFor === "available" && connection.state !== "available") {
    progress(kit.subject(inputs, id), `state ${connection.state}; the next \`up\` waits for available`);
  }
  // An import declares the tags AWS holds too (the state compares them with the program's).
  const declared = props?.environmentId ? inputs : { ...inputs, tags: live.tags };
  return {
    id,
    props: toOutputs(live, connection, pageUrl, declared),
    inputs: withoutUndefined(declared) as ActivationKeyState,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Update

async function update(
  id: string,
  olds: ActivationKeyState,
  news: ActivationKeyInputs,
): Promise<pulumi.dynamic.UpdateResult<ActivationKeyState>> {
  const client = awsClient();
  const subject = kit.subject(news, id);
  const timeout = timeoutMs(news.timeouts, "update");
  let connection = await getConnection(client, id);
  if (olds.bandwidthGbps !== news.bandwidthGbps) {
    const resize = { client, id, subject, from: olds.bandwidthGbps, to: news.bandwidthGbps, timeoutMs: timeout };
    try {
      connection = await resizeConnection(resize, connection);
    } catch (e) {
      // Asked but not confirmed: state keeps the declared size AWS last confirmed and what AWS reports now, so the next
      // `up` sees the change again and only waits (resizeConnection never asks twice).
      const seen = lastSeen(e);
      if (seen)
        throw partialState(
          id,
          toOutputs({ ...news, bandwidthGbps: olds.bandwidthGbps }, seen, olds.activationPageUrl, news),
          e,
        );
      throw e;
    }
  }
  connection = await applyInPlaceChange(client, id, subject, connection, { olds, news });
  const confirmed = sameValue(olds.tags, news.tags) ? news : await withConfirmedTags(client, connection.arn, news);
  const outs = toOutputs(confirmed, connection, olds.activationPageUrl, news);
  if (news.waitFor !== "available" || connection.state === "available") return { outs };
  // Resumes a wait a timed-out create (or an earlier update) left behind.
  const ready = await outputsAfterWait(
    id,
    connection,
    () => waitKeyAvailable(client, outs, timeout),
    (seen) => toOutputs(confirmed, seen, olds.activationPageUrl, news),
  );
  return { outs: ready };
}

// ---------------------------------------------------------------------------------------------------------------------
// Delete

async function deleteKey(id: string, props: ActivationKeyState): Promise<void> {
  await deleteConnection(awsClient(), id, kit.subject(props, id), timeoutMs(props.timeouts, "delete"));
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

/** The portal flow: the partner accepts the key (the activation page helps) and provisions the connection. */
function waitKeyAvailable(client: AwsInterconnectClient, key: ActivationKeyState, timeout: number) {
  const page = key.activationPageUrl ? `; activate the key at ${key.activationPageUrl}` : "";
  return waitConnectionState(
    client,
    key.connectionId,
    kit.subject(key, key.connectionId),
    ["available"],
    timeout,
    page,
  );
}

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

/** `inputs` as seen (live description and tags, a confirmed size) over what was `declared`. */
function toOutputs(
  inputs: ActivationKeyInputs,
  connection: Connection,
  activationPageUrl?: string,
  declared: ActivationKeyInputs = inputs,
): ActivationKeyState {
  return kit.stateOf(declared, {
    ...kit.inputsOf(inputs),
    ...connectionOutputs(connection),
    activationKey: connection.activationKey,
    connectionBandwidthGbps: bandwidthOf(connection),
    activationPageUrl,
  });
}
