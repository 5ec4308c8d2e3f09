// Client for the customer APIs of the cloud and partner roles (routes: schema/customer.ts).
// One axios instance per endpoint + token. Every call goes through `ApiClient.call`, which retries transient
// failures (5xx, 429, network errors) with jittered exponential backoff, honours Retry-After, never retries any
// other 4xx, and validates every response body with the contract's zod schema.
// Tokens live only in the axios instance's default headers; errors are built from scratch so no request config
// (and so no Authorization header) ever ends up in a message, a stack, or Pulumi state.
import axios, { AxiosError, AxiosInstance, AxiosRequestConfig, isAxiosError } from "axios";
import pRetry, { AbortError } from "p-retry";
import { z } from "zod";
import {
  AcceptActivationKeyRequest,
  AcceptActivationKeyRequestSchema,
  CloudConnectionSchema,
  CreateCloudConnectionRequest,
  CreateCloudConnectionRequestSchema,
  ErrorBodySchema,
  ListCloudConnectionsResponseSchema,
  ListEnvironmentsResponseSchema,
  ListLinksResponseSchema,
  ListPartnerConnectionsResponseSchema,
  PartnerConnectionSchema,
  RelocateLinkRequest,
  RelocateLinkRequestSchema,
  UpdateCloudConnectionRequest,
  UpdateCloudConnectionRequestSchema,
  UpdatePartnerConnectionRequest,
  UpdatePartnerConnectionRequestSchema,
} from "../schema/customer";
import { formatZodIssues } from "./common/validation";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay; doubles each retry, randomized ×1–2 (jitter). */
  minDelayMs: number;
  /** Cap on one delay, Retry-After included. */
  maxDelayMs: number;
  /** Give up once this much time has passed since the first attempt. */
  maxElapsedMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 8, minDelayMs: 500, maxDelayMs: 20_000, maxElapsedMs: 60_000 };

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout; a timed-out request counts as a network error and is retried. */
  requestTimeoutMs?: number;
}

export interface PageRequest {
  pageSize?: number;
  pageToken?: string;
}

/** A non-2xx answer, or a request that never got one (network error: `status` undefined, `code` the errno). */
export class PartnerApiError extends Error {
  override readonly name = "PartnerApiError";
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly code: string,
    readonly serverMessage: string,
    /** Seconds or HTTP date from the Retry-After header, converted to a delay. */
    readonly retryAfterMs?: number,
  ) {
    super(`${operation} failed: ${status === undefined ? "" : `HTTP ${status} `}${code}: ${serverMessage}`);
  }

  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
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

export const isNotFound = (e: unknown): e is PartnerApiError => e instanceof PartnerApiError && e.status === 404;
export const isConflict = (e: unknown): e is PartnerApiError => e instanceof PartnerApiError && e.status === 409;

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

const NETWORK_ERROR_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ERR_NETWORK"]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ApiClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(options: ApiClientOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ""),
      timeout: options.requestTimeoutMs ?? 30_000,
      headers: { Authorization: `Bearer ${options.token}`, Accept: "application/json" },
      // Status handling is ours: every non-2xx becomes a PartnerApiError.
      validateStatus: (status) => status >= 200 && status < 300,
    });
  }

  protected async call<S extends z.ZodTypeAny>(
    operation: string,
    responseSchema: S,
    request: AxiosRequestConfig,
  ): Promise<z.infer<S>> {
    const policy = this.retry;
    // Earliest time the next attempt may start, set by a Retry-After header.
    let notBefore = 0;
    const response = await pRetry(
      async () => {
        const wait = notBefore - Date.now();
        if (wait > 0) await sleep(wait);
        try {
          return await this.http.request(request);
        } catch (e) {
          const error = toApiError(operation, e);
          if (!error.retryable) throw new AbortError(error);
          throw error;
        }
      },
      {
        retries: policy.retries,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        maxRetryTime: policy.maxElapsedMs,
        factor: 2,
        randomize: true,
        // A server that says when to come back (429/503 with Retry-After) is obeyed, not second-guessed: the next
        // attempt waits that long plus up to half again (so a throttled burst does not return in step), instead of
        // the exponential backoff, and uses no retry from the budget — a long throttle ends at maxElapsedMs.
        // Backing off exponentially on top left a rate-limited partner idle: repeated 429s grew waits to 4-8 s.
        shouldConsumeRetry: ({ error }) => (error as PartnerApiError).retryAfterMs === undefined,
        shouldRetry: ({ error }) => {
          const retryAfterMs = (error as PartnerApiError).retryAfterMs;
          if (retryAfterMs === undefined) return true;
          // A server asking for more patience than our budget allows: fail now rather than sleep and fail.
          if (retryAfterMs > policy.maxDelayMs) return false;
          notBefore = Date.now() + retryAfterMs * (1 + Math.random() / 2);
          return true;
        },
      },
    );
    const parsed = responseSchema.safeParse(response.data);
    if (!parsed.success) throw new ResponseValidationError(operation, formatZodIssues(parsed.error.issues, response.data));
    return parsed.data;
  }
}

function toApiError(operation: string, e: unknown): PartnerApiError {
  if (!isAxiosError(e)) {
    return new PartnerApiError(operation, undefined, "CLIENT_ERROR", e instanceof Error ? e.message : String(e));
  }
  if (e.response) {
    const body = ErrorBodySchema.safeParse(e.response.data);
    const { code, message } = body.success
      ? body.data.error
      : { code: `HTTP_${e.response.status}`, message: String(e.response.statusText || "no error body") };
    return new PartnerApiError(operation, e.response.status, code, message, parseRetryAfter(e));
  }
  const code = e.code && NETWORK_ERROR_CODES.has(e.code) ? e.code : "NETWORK_ERROR";
  return new PartnerApiError(operation, undefined, code, e.message);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(e: AxiosError): number | undefined {
  const header = e.response?.headers?.["retry-after"];
  if (typeof header !== "string" || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const pageParams = (page: PageRequest = {}) => ({ pageSize: page.pageSize, pageToken: page.pageToken });
const enc = encodeURIComponent;

export class CloudClient extends ApiClient {
  listEnvironments(page?: PageRequest) {
    return this.call("cloud.listEnvironments", ListEnvironmentsResponseSchema, {
      method: "GET",
      url: "/v1/environments",
      params: pageParams(page),
    });
  }

  createConnection(request: CreateCloudConnectionRequest) {
    return this.call("cloud.createConnection", CloudConnectionSchema, {
      method: "POST",
      url: "/v1/connections",
      data: CreateCloudConnectionRequestSchema.parse(request),
    });
  }

  getConnection(id: string) {
    return this.call("cloud.getConnection", CloudConnectionSchema, { method: "GET", url: `/v1/connections/${enc(id)}` });
  }

  listConnections(page?: PageRequest) {
    return this.call("cloud.listConnections", ListCloudConnectionsResponseSchema, {
      method: "GET",
      url: "/v1/connections",
      params: pageParams(page),
    });
  }

  updateConnection(id: string, request: UpdateCloudConnectionRequest) {
    return this.call("cloud.updateConnection", CloudConnectionSchema, {
      method: "PATCH",
      url: `/v1/connections/${enc(id)}`,
      data: UpdateCloudConnectionRequestSchema.parse(request),
    });
  }

  deleteConnection(id: string) {
    return this.call("cloud.deleteConnection", CloudConnectionSchema, { method: "DELETE", url: `/v1/connections/${enc(id)}` });
  }
}

export class PartnerClient extends ApiClient {
  acceptKey(request: AcceptActivationKeyRequest) {
    return this.call("partner.acceptKey", PartnerConnectionSchema, {
      method: "POST",
      url: "/v1/connections",
      data: AcceptActivationKeyRequestSchema.parse(request),
    });
  }

  getConnection(id: string) {
    return this.call("partner.getConnection", PartnerConnectionSchema, { method: "GET", url: `/v1/connections/${enc(id)}` });
  }

  listConnections(page?: PageRequest) {
    return this.call("partner.listConnections", ListPartnerConnectionsResponseSchema, {
      method: "GET",
      url: "/v1/connections",
      params: pageParams(page),
    });
  }

  updateBandwidth(id: string, request: UpdatePartnerConnectionRequest) {
    return this.call("partner.updateBandwidth", PartnerConnectionSchema, {
      method: "PATCH",
      url: `/v1/connections/${enc(id)}`,
      data: UpdatePartnerConnectionRequestSchema.parse(request),
    });
  }

  deleteConnection(id: string) {
    return this.call("partner.deleteConnection", PartnerConnectionSchema, { method: "DELETE", url: `/v1/connections/${enc(id)}` });
  }

  listLinks(connectionId: string, page?: PageRequest) {
    return this.call("partner.listLinks", ListLinksResponseSchema, {
      method: "GET",
      url: `/v1/connections/${enc(connectionId)}/links`,
      params: pageParams(page),
    });
  }

  relocateLink(connectionId: string, linkName: string, request: RelocateLinkRequest) {
    return this.call("partner.relocateLink", PartnerConnectionSchema, {
      method: "POST",
      url: `/v1/connections/${enc(connectionId)}/links/${enc(linkName)}/relocate`,
      data: RelocateLinkRequestSchema.parse(request),
    });
  }
}
