// What both AWS-side resources change in place (description and tags, read back live for drift) and their delete.
import type { Connection } from "../../../schema/aws";
import type { AwsInterconnectClient } from "../../clients/aws";
import { isNotFound } from "../../clients/errors";
import { waitUntilDeleted } from "../wait";
import { getConnection } from "./find";
import { applyTagChanges, readTags } from "./tags";

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

export async function deleteConnection(client: AwsInterconnectClient, id: string, subject: string, timeout: number) {
  try {
    await client.deleteConnection({ identifier: id });
  } catch (e) {
    if (isNotFound(e)) return; // already gone is what we wanted
    throw e;
  }
  await waitUntilDeleted(subject, () => getConnection(client, id), timeout);
}
