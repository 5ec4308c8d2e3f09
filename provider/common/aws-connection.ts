// What ActivationKey and ConnectionProposalAccepter share: one AWS Interconnect connection each, with the same
// attach point, description, tags, timeouts, waits and deletion (the partner side: ./partner-connection.ts). The names
// follow one scheme on both sides: find… (undefined when the connection is gone), get… (throws then), wait…<Goal>
// (polls until the goal, ends early on failure, times out with the last state seen).
import { z } from "zod";
import {
  AttachPoint,
  ConnectionArnSchema,
  Connection,
  ConnectionState,
  DESCRIPTION_PATTERN,
  DirectConnectGatewayIdSchema,
  MAX_TAGS,
  providerName,
} from "../../schema/aws";
import type { AwsInterconnectClient } from "../clients/aws";
import { isNotFound } from "../clients/errors";
import { readSettings } from "../settings";
import { documented } from "./schema-docs";
import { findLive, partialState } from "./lifecycle";
import { progress } from "./progress";
import { lastObserved, waitUntil, waitUntilDeleted } from "./wait";

// ---------------------------------------------------------------------------------------------------------------------
// Check pieces: each message says what is allowed

/** A Direct Connect gateway id (UUID, as `@pulumi/aws` directconnect.Gateway.id) or an Interconnect connection ARN. */
export const isAttachPoint = (value: unknown): value is string =>
  DirectConnectGatewayIdSchema.safeParse(value).success || ConnectionArnSchema.safeParse(value).success;

export const attachPointInput = documented(
  z.custom<string>(isAttachPoint, {
    message:
      "must be a Direct Connect gateway id (a UUID such as 5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01, as " +
      "@pulumi/aws directconnect.Gateway.id gives it) or an Interconnect connection ARN " +
      "(arn:aws:interconnect:<region>:<12-digit account>:connection/lmcc-xxxxxxxx)",
  }),
  {
    tsType: "string",
    label: "string: gateway UUID or connection ARN",
    jsonSchema: () => z.toJSONSchema(z.union([DirectConnectGatewayIdSchema, ConnectionArnSchema])),
  },
);

export const descriptionInput = documented(
  z
    .string("must be a string")
    .min(1, "must be 1 to 255 characters")
    .max(255, "must be 1 to 255 characters")
    .regex(DESCRIPTION_PATTERN, "may contain only letters, digits, spaces, '-' and '_' (1 to 255 characters)"),
  { label: "string (1–255: letters, digits, space, `-`, `_`)" },
).optional();

/** Names a JavaScript object already has: a tag map cannot carry them as plain keys, so AWS would never see them. */
const OBJECT_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/** Why AWS (or this provider) would refuse the tag key, or undefined. */
function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return `tag keys must be 1 to 128 characters (this one has ${key.length})`;
  if (/^aws:/i.test(key)) return `tag keys may not start with "aws:" (in any case): AWS reserves that prefix`;
  if (OBJECT_NAMES.has(key))
    return `"${key}" cannot be a tag key here: it is a JavaScript object name, which would be dropped, not tagged`;
  return undefined;
}
export const tagsInput = documented(
  z
    .record(
      z.string(),
      z.string("tag values must be strings").max(256, "tag values must be at most 256 characters"),
      "must be a map of tag key to value",
    )
    .superRefine((tags, ctx) => {
      const count = Object.keys(tags).length;
      if (count > MAX_TAGS) {
        ctx.addIssue({ code: "custom", message: `at most ${MAX_TAGS} tags are allowed (got ${count})` });
      }
      for (const key of Object.keys(tags)) {
        const problem = tagKeyProblem(key);
        if (problem) ctx.addIssue({ code: "custom", path: [key], message: problem });
      }
    }),
  { label: `{ key: value } (≤ ${MAX_TAGS})` },
).optional();

// ---------------------------------------------------------------------------------------------------------------------
// Wire conversions

export const toWireAttachPoint = (attachPoint: string): AttachPoint =>
  attachPoint.startsWith("arn:") ? { arn: attachPoint } : { directConnectGateway: attachPoint };

export const fromWireAttachPoint = (attachPoint: AttachPoint): string =>
  "arn" in attachPoint ? attachPoint.arn : attachPoint.directConnectGateway;

// ---------------------------------------------------------------------------------------------------------------------
// Lifecycle helpers

/** The live connection, or undefined when it no longer exists (ResourceNotFoundException, deleting or deleted). */
export const findConnection = (client: AwsInterconnectClient, id: string): Promise<Connection | undefined> =>
  findLive(() => getConnection(client, id));

/** GetConnection for a connection that must exist. */
export const getConnection = async (client: AwsInterconnectClient, id: string): Promise<Connection> =>
  requireConnection(id, (await client.getConnection({ identifier: id })).connection);

/** `connection` is optional in most outputs of the model; an answer without one is unusable. */
export function requireConnection(what: string, connection: Connection | undefined): Connection {
  if (!connection) throw new Error(`${what}: AWS answered without a connection`);
  return connection;
}

/** `interconnect:accountId`, when set, is the AWS account that must own the connection. */
export function assertOwnedByConfiguredAccount(connection: Connection): void {
  const { accountId } = readSettings();
  if (accountId && connection.ownerAccount !== accountId) {
    throw new Error(
      `AWS connection ${connection.id} belongs to account ${connection.ownerAccount}, not the configured ` +
        `interconnect:accountId ${accountId}; check the AWS credentials, profile and endpoint`,
    );
  }
}

const FAILED_STATES: readonly ConnectionState[] = ["down", "failed", "deleting", "deleted"];

/** Polls GetConnection until its state is one of `goal`; down, failed or deleted ends the wait with that state. */
export function waitConnectionState(
  client: AwsInterconnectClient,
  id: string,
  subject: string,
  goal: readonly ConnectionState[],
  timeout: number,
  hint = "",
): Promise<Connection> {
  return waitUntil({
    subject,
    goal: `state ${goal.join(" or ")}`,
    poll: () => getConnection(client, id),
    isDone: (c) => goal.includes(c.state),
    failure: (c) => (FAILED_STATES.includes(c.state) ? `connection is ${c.state}` : undefined),
    describe: (c) => `state ${c.state}${hint}`,
    timeoutMs: timeout,
    // AWS waits last minutes: poll at most every 5 s, not the partner API's 0.8 s.
    maxDelayMs: 5000,
  });
}

/** The connection a failed or timed-out wait saw last. */
export const lastSeen = (e: unknown): Connection | undefined => lastObserved<Connection>(e, "arn");

/** The outputs both resources read from their AWS connection. */
export function connectionOutputs(c: Connection) {
  return {
    connectionId: c.id,
    arn: c.arn,
    sharedId: c.sharedId,
    state: c.state,
    billingTier: c.billingTier,
    location: c.location,
    provider: providerName(c.provider),
  };
}

/**
 * The outputs for the connection `wait` reaches. A wait that fails or times out keeps the connection in state as it
 * was last seen (no orphan, no second one), so the next `up` resumes it.
 */
export async function outputsAfterWait<T extends object>(
  id: string,
  connection: Connection,
  wait: () => Promise<Connection>,
  toOutputs: (connection: Connection) => T,
): Promise<T> {
  try {
    return toOutputs(await wait());
  } catch (e) {
    throw partialState(id, toOutputs(lastSeen(e) ?? connection), e);
  }
}

export async function deleteConnection(client: AwsInterconnectClient, id: string, subject: string, timeout: number) {
  try {
    await client.deleteConnection({ identifier: id });
  } catch (e) {
    if (isNotFound(e)) return; // already gone is what we wanted
    throw e;
  }
  await waitUntilDeleted(subject, () => getConnection(client, id), timeout);
}

// ---------------------------------------------------------------------------------------------------------------------
// Tags

/** Tags to (re)set and keys to remove to go from `olds` to `news`. */
export function tagChanges(olds: Record<string, string> = {}, news: Record<string, string> = {}) {
  const set = Object.fromEntries(Object.entries(news).filter(([k, v]) => olds[k] !== v));
  const remove = Object.keys(olds).filter((k) => !(k in news));
  return { set, remove };
}

export async function applyTagChanges(
  client: AwsInterconnectClient,
  arn: string,
  subject: string,
  olds: Record<string, string> | undefined,
  news: Record<string, string> | undefined,
): Promise<void> {
  const { set, remove } = tagChanges(olds, news);
  if (remove.length > 0) await client.untagResource({ arn, tagKeys: remove });
  if (Object.keys(set).length > 0) await client.tagResource({ arn, tags: set });
  if (remove.length + Object.keys(set).length > 0) {
    progress(subject, `tags: ${Object.keys(set).length} set, ${remove.length} removed`);
  }
}

/** The live tags; undefined when there are none (so an untagged resource shows no `tags` output). */
export async function readTags(
  client: AwsInterconnectClient,
  arn: string,
): Promise<Record<string, string> | undefined> {
  const { tags } = await client.listTagsForResource({ arn });
  return tags && Object.keys(tags).length > 0 ? tags : undefined;
}

/**
 * The inputs with the tags AWS reports after a create or update that set some: state records only tags AWS confirms,
 * so one AWS dropped shows as a change on the next preview instead of as applied.
 */
export async function withConfirmedTags<T extends { tags?: Record<string, string> }>(
  client: AwsInterconnectClient,
  arn: string,
  inputs: T,
): Promise<T> {
  return inputs.tags === undefined ? inputs : { ...inputs, tags: await readTags(client, arn) };
}

// ---------------------------------------------------------------------------------------------------------------------
// Read and update: the description and tags both resources change in place

type Tags = Record<string, string>;

interface DescriptionAndTags {
  description?: string;
  tags?: Tags;
}

/** The declared inputs with the live description and tags, which can change outside Pulumi. */
export async function withLiveDescriptionAndTags<T extends DescriptionAndTags>(
  client: AwsInterconnectClient,
  inputs: T,
  connection: Connection,
): Promise<T> {
  return {
    ...inputs,
    // An undeclared description is left alone (AWS cannot clear one), so it cannot drift either.
    description: inputs.description !== undefined ? connection.description : undefined,
    tags: await readTags(client, connection.arn),
  };
}

/** An update's description and tags, before and after (bandwidth is the resource's own: ActivationKey resizes). */
export interface InPlaceChange {
  olds: DescriptionAndTags;
  news: DescriptionAndTags;
}

/** UpdateConnection for a new description, then the tag changes; returns the connection as updated. */
export async function applyInPlaceChange(
  client: AwsInterconnectClient,
  id: string,
  subject: string,
  connection: Connection,
  { olds, news }: InPlaceChange,
): Promise<Connection> {
  // AWS cannot clear a description (1-255 characters): removing it from the program leaves the live one.
  const describeAgain = news.description !== undefined && olds.description !== news.description;
  let updated = connection;
  if (describeAgain) {
    const answer = await client.updateConnection({ identifier: id, description: news.description });
    updated = answer.connection ?? connection;
  }
  await applyTagChanges(client, updated.arn, subject, olds.tags, news.tags);
  return updated;
}
