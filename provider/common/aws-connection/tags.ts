// An AWS connection's tags: the changes from old to new tags, applying them, and reading back the tags AWS confirms.
import type { AwsInterconnectClient } from "../../clients/aws";
import { progress } from "../../progress";

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
