// Counters a partner reports since turn-up (frames sent unencrypted, say), compared between two reads.

/**
 * What a counter counted since the previous read: undefined without one. A counter lower than before restarted (the
 * link moved to new equipment), so all it counts now is new.
 */
export function countedSince(now: number, before: number | undefined): number | undefined {
  if (before === undefined) return undefined;
  return now >= before ? now - before : now;
}
