// Client for the partner's customer API (routes: the partner half of schema/customer.ts); the cloud side is AWS
// Interconnect, spoken by ./aws-client.ts. One axios instance per endpoint + token. Every call goes through
// `ApiClient.call`, which retries transient failures (5xx, 429, network errors) with the shared machinery of
// ./common/retry.ts, never retries any other 4xx, and validates every response body with the contract's zod schema.
// Tokens live only in the axios instance's default headers; errors are built from scratch so no request config
// (and so no Authorization header) ever ends up in a message, a stack, or Pulumi state.
import axios, { AxiosInstance, AxiosRequestConfig, isAxiosError } from "axios";
import { z } from "zod";
import {
  AcceptActivationKeyRequest,
  AcceptActivationKeyRequestSchema,
  ErrorBodySchema,
  ListLinksResponseSchema,
  ListPartnerConnectionsResponseSchema,
  PartnerConnectionSchema,
  RelocateLinkRequest,
  RelocateLinkRequestSchema,
  UpdatePartnerConnectionRequest,
  UpdatePartnerConnectionRequestSchema,
} from "../schema/customer";
import { formatZodIssues } from "./common/validation";
import {
  DEFAULT_RETRY_POLICY,
  NETWORK_ERROR_CODES,
  ResponseValidationError,
  RetryPolicy,
  parseRetryAfter,
  withRetries,
} from "./common/retry";
import { PartnerApiError } from "./api-errors";

export { DEFAULT_RETRY_POLICY, ResponseValidationError, parseRetryAfter, type RetryPolicy } from "./common/retry";

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
    const endpoint = `${this.http.defaults.baseURL}${request.url ?? ""}`;
    const response = await withRetries(
      this.retry,
      () => this.http.request(request),
      (e) => toApiError(operation, e),
      {
        operation,
        endpoint,
      },
    );
    const parsed = responseSchema.safeParse(response.data);
    if (!parsed.success)
      throw new ResponseValidationError(operation, formatZodIssues(parsed.error.issues, response.data));
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

const pageParams = (page: PageRequest = {}) => ({ pageSize: page.pageSize, pageToken: page.pageToken });
const enc = encodeURIComponent;

export class PartnerClient extends ApiClient {
  acceptKey(request: AcceptActivationKeyRequest) {
    return this.call("partner.acceptKey", PartnerConnectionSchema, {
      method: "POST",
      url: "/v1/connections",
      data: AcceptActivationKeyRequestSchema.parse(request),
    });
  }

  getConnection(id: string) {
    return this.call("partner.getConnection", PartnerConnectionSchema, {
      method: "GET",
      url: `/v1/connections/${enc(id)}`,
    });
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
    return this.call("partner.deleteConnection", PartnerConnectionSchema, {
      method: "DELETE",
      url: `/v1/connections/${enc(id)}`,
    });
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
