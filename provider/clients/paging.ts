// Paging through a list operation, for either API client.

/**
 * Follows nextPageToken until the last page, or until `enough` says the items so far suffice (saves the rest of a
 * long listing); `items` picks the page's array.
 */
export async function listAll<P extends { nextPageToken?: string }, T>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  items: (page: P) => T[],
  enough: (soFar: readonly T[]) => boolean = () => false,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await fetchPage(pageToken);
    all.push(...items(page));
    if (enough(all)) break;
    pageToken = page.nextPageToken || undefined;
    if (pageToken !== undefined && seen.has(pageToken)) {
      throw new Error(`pagination loop: page token ${pageToken} was returned twice`);
    }
    if (pageToken !== undefined) seen.add(pageToken);
  } while (pageToken !== undefined);
  return all;
}
