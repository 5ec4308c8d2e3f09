// Polling with a deadline: fast at first, then backing off to a steady poll capped at MAX_POLL_INTERVAL_MS, so a
// state change is seen within about a second however long the wait has lasted. Callers waiting minutes pass maxDelayMs.
export const INITIAL_POLL_INTERVAL_MS = 150;
export const MAX_POLL_INTERVAL_MS = 800;
import { isNotFound } from "../clients/errors";
import { formatDuration } from "./duration";
import { progress } from "../progress";

export interface WaitOptions<T> {
  /** Who is waiting, for progress lines, e.g. `Interconnect conn-123`. */
  subject: string;
  /** What we are waiting for, for the timeout message, e.g. "state available". */
  goal: string;
  poll: () => Promise<T>;
  isDone: (observed: T) => boolean;
  /** A reason when the observed value can never reach the goal (e.g. state failed). */
  failure?: (observed: T) => string | undefined;
  /** Short description of the observed value; a progress line is printed whenever it changes. */
  describe: (observed: T) => string;
  timeoutMs: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export class WaitTimeoutError<T> extends Error {
  override readonly name = "WaitTimeoutError";
  constructor(
    message: string,
    readonly lastObserved: T | undefined,
  ) {
    super(message);
  }
}

export class WaitFailedError<T> extends Error {
  override readonly name = "WaitFailedError";
  constructor(
    message: string,
    readonly lastObserved: T,
  ) {
    super(message);
  }
}

/** The last value a failed or timed-out wait observed, when it is an object with `key` (e.g. "arn", "id"). */
export function lastObserved<T extends object>(e: unknown, key: keyof T & string): T | undefined {
  const observed: unknown = e instanceof WaitTimeoutError || e instanceof WaitFailedError ? e.lastObserved : undefined;
  return observed && typeof observed === "object" && key in observed ? (observed as T) : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil<T>(options: WaitOptions<T>): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.initialDelayMs ?? INITIAL_POLL_INTERVAL_MS;
  const maxDelay = options.maxDelayMs ?? MAX_POLL_INTERVAL_MS;
  let lastDescription: string | undefined;
  let observed: T | undefined;
  for (;;) {
    observed = await options.poll();
    const description = options.describe(observed);
    if (description !== lastDescription) {
      progress(options.subject, description);
      lastDescription = description;
    }
    if (options.isDone(observed)) return observed;
    const failure = options.failure?.(observed);
    if (failure) throw new WaitFailedError(`${options.subject}: ${failure}`, observed);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(
        `${options.subject}: timed out after ${formatDuration(options.timeoutMs)} waiting for ${options.goal} (last seen: ${description})`,
        observed,
      );
    }
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 1.6, maxDelay);
  }
}

/** Polls `fetch` until the object answers 404 or reports state "deleted". */
export async function waitUntilDeleted(
  subject: string,
  fetch: () => Promise<{ state: string }>,
  timeoutMs: number,
): Promise<void> {
  await waitUntil({
    subject,
    goal: "deletion",
    poll: async () => {
      try {
        return (await fetch()).state;
      } catch (e) {
        if (isNotFound(e)) return "deleted";
        throw e;
      }
    },
    isDone: (state) => state === "deleted",
    describe: (state) => `state ${state}`,
    timeoutMs,
  });
}
