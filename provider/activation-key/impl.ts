// ActivationKey: a cloud-side connection whose activation key the partner accepts (see ../interconnect).
//
// Changing bandwidthGbps after provisioning — an in-place update, never a replacement:
//   * while the key is unused (cloud state "pending": no partner has accepted it), the update PATCHes the cloud
//     connection's bandwidth, so the key is re-issued at the new size;
//   * once a partner has accepted the key, the Interconnect owns the bandwidth (it PATCHes the partner side and
//     the cloud side follows). PATCHing the cloud side from here would fight it, so the update records the new
//     value, makes no API call and prints a line saying to change Interconnect.bandwidthGbps instead.
//     `connectionBandwidthGbps` always shows what is provisioned, and read stops reporting bandwidth drift then.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { BandwidthGbps, CloudConnection, CloudConnectionState } from "../../schema/customer";
import { CloudClient, isNotFound } from "../client";
import { cloudClient, configureFromStack, readSettings } from "../config";
import { progress } from "../common/progress";
import { bandwidthTierInput, checkFailures, withoutUndefined } from "../common/validation";
import { clientToken, findLive, isGone } from "../common/lifecycle";
import { waitUntilDeleted } from "../common/wait";

// ---------------------------------------------------------------------------------------------------------------------
// Types

export interface ActivationKeyInputs {
  environment: string;
  bandwidthGbps: number;
  /** Gateway the connection attaches to, e.g. "dxgw-0123abcd". */
  attachPoint: string;
  /** The partner account allowed to accept the key. */
  remoteAccountId: string;
  description?: string;
  /** Set by the ActivationKey class; seeds the idempotency token. */
  resourceUrn: string;
}

export interface ActivationKeyOutputs extends ActivationKeyInputs {
  /** The activation key (base64); secret. */
  key: string;
  connectionId: string;
  sharedConnectionUuid: string;
  state: CloudConnectionState;
  expiresAt: string;
  /** Bandwidth the cloud connection is provisioned at (follows the Interconnect once the key is accepted). */
  connectionBandwidthGbps: number;
}

const DELETE_TIMEOUT_MS = 5 * 60_000;
/** Fields that identify what was ordered; a change means a different connection. */
const REPLACE_ON_CHANGE = ["environment", "attachPoint", "remoteAccountId"] as const;
const UPDATE_IN_PLACE = ["bandwidthGbps", "description"] as const;
/** Gives up on an absurd number of deleted predecessors rather than loop. */
const MAX_TOKEN_GENERATIONS = 20;

// ---------------------------------------------------------------------------------------------------------------------
// Check

const nonEmpty = z.string().min(1, "must be a non-empty string");

export const ActivationKeyInputsSchema = z.object({
  environment: nonEmpty,
  bandwidthGbps: bandwidthTierInput,
  attachPoint: nonEmpty,
  remoteAccountId: nonEmpty,
  description: z.string().max(256, "must be at most 256 characters").optional(),
  resourceUrn: nonEmpty,
});

async function check(_olds: ActivationKeyInputs, news: ActivationKeyInputs): Promise<pulumi.dynamic.CheckResult> {
  return { inputs: news, failures: checkFailures(ActivationKeyInputsSchema, news) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Diff

async function diff(_id: string, olds: ActivationKeyOutputs, news: ActivationKeyInputs): Promise<pulumi.dynamic.DiffResult> {
  const replaces = REPLACE_ON_CHANGE.filter((field) => olds[field] !== news[field]);
  const updates = UPDATE_IN_PLACE.filter((field) => olds[field] !== news[field]);
  return { changes: replaces.length + updates.length > 0, replaces };
}

// ---------------------------------------------------------------------------------------------------------------------
// Create

async function create(inputs: ActivationKeyInputs): Promise<pulumi.dynamic.CreateResult<ActivationKeyOutputs>> {
  const client = cloudClient();
  const identity = [inputs.environment, inputs.attachPoint, inputs.remoteAccountId, inputs.bandwidthGbps];
  // Same URN + same order ⇒ same token, so a retried or interrupted create returns the first connection.
  // A token whose connection was deleted since (destroy, then up again) is skipped.
  for (let generation = 0; generation < MAX_TOKEN_GENERATIONS; generation++) {
    const connection = await client.createConnection({
      environment: inputs.environment,
      bandwidthGbps: inputs.bandwidthGbps as BandwidthGbps,
      attachPoint: inputs.attachPoint,
      remoteAccountId: inputs.remoteAccountId,
      description: inputs.description,
      clientToken: clientToken(inputs.resourceUrn, identity, generation),
    });
    if (isGone(connection.state)) continue;
    assertOwnedByConfiguredAccount(connection);
    progress(describe(inputs), `activation key issued (connection ${connection.id}, state ${connection.state})`);
    return { id: connection.id, outs: toOutputs(inputs, connection) };
  }
  throw new Error(`${describe(inputs)}: ${MAX_TOKEN_GENERATIONS} earlier connections for this resource were deleted; giving up`);
}

// ---------------------------------------------------------------------------------------------------------------------
// Read

async function read(id: string, props?: ActivationKeyOutputs): Promise<pulumi.dynamic.ReadResult<ActivationKeyOutputs>> {
  const connection = await findConnection(cloudClient(), id);
  if (!connection) return {};
  // `pulumi import` reads with no props: take the inputs from the live connection.
  const inputs = props?.environment ? inputsOf(props) : inputsFromConnection(connection);
  // Bandwidth drift only means something while the key is ours to size (see the top of this file).
  const live = isKeyUnused(connection) ? { ...inputs, bandwidthGbps: connection.bandwidthGbps } : inputs;
  return {
    id,
    props: toOutputs({ ...live, description: connection.description }, connection),
    inputs: withoutUndefined(inputs) as ActivationKeyOutputs,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Update

async function update(
  id: string,
  olds: ActivationKeyOutputs,
  news: ActivationKeyInputs,
): Promise<pulumi.dynamic.UpdateResult<ActivationKeyOutputs>> {
  const client = cloudClient();
  let connection = await client.getConnection(id);
  const bandwidthChanged = olds.bandwidthGbps !== news.bandwidthGbps;
  const resizeCloudSide = bandwidthChanged && isKeyUnused(connection);
  if (bandwidthChanged && !resizeCloudSide) {
    progress(
      describe(news),
      `bandwidthGbps ${olds.bandwidthGbps} => ${news.bandwidthGbps} recorded without an API call: the key was accepted ` +
        `by the partner (connection state ${connection.state}), so the Interconnect owns the bandwidth; ` +
        `change Interconnect.bandwidthGbps to resize (provisioned now: ${connection.bandwidthGbps} Gbps)`,
    );
  }
  const descriptionChanged = olds.description !== news.description;
  if (resizeCloudSide || descriptionChanged) {
    connection = await client.updateConnection(id, {
      bandwidthGbps: resizeCloudSide ? (news.bandwidthGbps as BandwidthGbps) : undefined,
      description: descriptionChanged ? (news.description ?? "") : undefined,
    });
  }
  return { outs: toOutputs(news, connection) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Delete

async function deleteKey(id: string, props: ActivationKeyOutputs): Promise<void> {
  const client = cloudClient();
  try {
    await client.deleteConnection(id);
  } catch (e) {
    if (isNotFound(e)) return; // already gone is what we wanted
    throw e;
  }
  await waitUntilDeleted(describe(props), () => client.getConnection(id), DELETE_TIMEOUT_MS);
}

// ---------------------------------------------------------------------------------------------------------------------
// Find / wait helpers

/** Unused: no partner has accepted the key yet. */
const isKeyUnused = (connection: CloudConnection) => connection.state === "pending";

/** The live connection, or undefined when it no longer exists (404, deleting or deleted). */
export async function findConnection(client: CloudClient, id: string): Promise<CloudConnection | undefined> {
  return findLive(() => client.getConnection(id));
}

function assertOwnedByConfiguredAccount(connection: CloudConnection): void {
  const { accountId } = readSettings();
  if (accountId && connection.ownerAccountId !== accountId) {
    throw new Error(
      `cloud connection ${connection.id} belongs to account ${connection.ownerAccountId}, not the configured ` +
        `interconnect:accountId ${accountId}; check the cloud endpoint and token`,
    );
  }
}

const describe = (inputs: Pick<ActivationKeyInputs, "environment" | "attachPoint">) =>
  `ActivationKey ${inputs.environment}/${inputs.attachPoint}`;

function inputsOf(props: ActivationKeyInputs): ActivationKeyInputs {
  const { environment, bandwidthGbps, attachPoint, remoteAccountId, description, resourceUrn } = props;
  return { environment, bandwidthGbps, attachPoint, remoteAccountId, description, resourceUrn };
}

function inputsFromConnection(connection: CloudConnection): ActivationKeyInputs {
  const { environment, bandwidthGbps, attachPoint, remoteAccountId, description } = connection;
  return { environment, bandwidthGbps, attachPoint, remoteAccountId, description, resourceUrn: "" };
}

function toOutputs(inputs: ActivationKeyInputs, connection: CloudConnection): ActivationKeyOutputs {
  return withoutUndefined({
    ...inputsOf(inputs),
    key: connection.activationKey,
    connectionId: connection.id,
    sharedConnectionUuid: connection.sharedConnectionUuid,
    state: connection.state,
    expiresAt: connection.expiresAt,
    connectionBandwidthGbps: connection.bandwidthGbps,
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
