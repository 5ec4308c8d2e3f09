// The retry machinery both API clients share (partner REST client in ./partner.ts, AWS client in ./aws.ts):
// p-retry with jittered exponential backoff, a server's Retry-After obeyed instead of the backoff, a total budget of
// maxElapsedMs, and non-retryable failures returned at once. Clients only say how a failure maps to an error.
import type { AxiosError } from "axios";
import pRetry, { AbortError } from "p-retry";
import { progress } from "../progress";

import type { RetryPolicy } from "../types";

export type { RetryPolicy };

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  retries: 8,
  minDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 60_000,
};

/** What the retry loop needs to know about a failed attempt. */
export interface RetryableFailure extends Error {
  readonly retryable: boolean;
  /** The delay a Retry-After header asked for. */
  readonly retryAfterMs?: number;
}

export const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ERR_NETWORK",
]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Names the call in the line printed when it starts retrying, e.g. { operation: "GetConnection", endpoint }. */
export interface RetryNotice {
  operation: string;
  endpoint: string;
}

/** Says, once per call, which endpoint failed and that the call is being retried: a minute of silence looks hung. */
function retryNotifier(policy: RetryPolicy, notice: RetryNotice | undefined) {
  let told = false;
  return ({ error, retriesLeft }: { error: Error; retriesLeft: number }) => {
    if (told || !notice || retriesLeft <= 0 || !(error as Partial<RetryableFailure>).retryable) return;
    told = true;
    const seconds = Math.round(policy.maxElapsedMs / 1000);
    progress(notice.operation, `${notice.endpoint} failed (${error.message}); retrying for up to ${seconds} s`);
  };
}

/** Runs `attempt` until it succeeds, `toFailure` says its error is final, or the policy's budget is spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  toFailure: (e: unknown) => RetryableFailure,
  notice?: RetryNotice,
): Promise<T> {
  // Earliest time the next attempt may start, set by a Retry-After header.
  let notBefore = 0;
  return pRetry(
    async () => {
      const wait = notBefore - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        return await attempt();
      } catch (e) {
        const failure = toFailure(e);
        if (!failure.retryable) throw new AbortError(failure);
        throw failure;
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minDelayMs,
      maxTimeout: policy.maxDelayMs,
      maxRetryTime: policy.maxElapsedMs,
      factor: 2,
      randomize: true,
      onFailedAttempt: retryNotifier(policy, notice),
      // A server that says when to come back (429/503 with Retry-After) is obeyed, not second-guessed: the next
      // attempt waits that long plus up to half again (so a throttled burst does not return in step), instead of
      // the exponential backoff, and uses no retry from the budget — a long throttle ends at maxElapsedMs.
      shouldConsumeRetry: ({ error }) => (error as RetryableFailure).retryAfterMs === undefined,
      shouldRetry: ({ error }) => {
        const retryAfterMs = (error as RetryableFailure).retryAfterMs;
        if (retryAfterMs === undefined) return true;
        // A server asking for more patience than our budget allows: fail now rather than sleep and fail.
        if (retryAfterMs > policy.maxDelayMs) return false;
        notBefore = Date.now() + retryAfterMs * (1 + Math.random() / 2);
        return true;
      },
    },
  );
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(e: AxiosError): number | undefined {
  const header: unknown = e.response?.headers?.["retry-after"];
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The server answered 2xx with a body that does not match the contract; never retried. */
export class ResponseValidationError extends Error {
  override readonly name = "ResponseValidationError";
  constructor(
    readonly operation: string,
    readonly issues: string,
  ) {
    super(`${operation}: response does not match the API contract: ${issues}`);
  }
}
