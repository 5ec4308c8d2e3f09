// Go-style durations as used in `timeouts` ("30s", "20m", "1h30m", "500ms").
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export const isDuration = (text: string): boolean => DURATION.test(text);

export function parseDuration(text: string): number {
  if (!isDuration(text)) throw new Error(`invalid duration ${JSON.stringify(text)}: use e.g. "30s", "20m", "1h30m"`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

export const formatDuration = (ms: number): string =>
  ms >= 60_000 ? `${Math.round(ms / 6000) / 10}m` : `${Math.round(ms / 100) / 10}s`;
