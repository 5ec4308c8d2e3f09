// Client for the partner's customer API, one method per operation of PARTNER_OPERATIONS (schema/customer.ts), each
// call retried through ./retry.ts and its answer validated. Tokens stay in the axios instance; errors carry no config.
import axios, { AxiosInstance, AxiosRequestConfig, isAxiosError } from "axios";
import { z } from "zod";
import { ErrorBodySchema, PARTNER_OPERATIONS, type PartnerOperation } from "../../schema/customer";
import { formatZodIssues } from "../zod-issues";
import {
  DEFAULT_RETRY_POLICY,
  NETWORK_ERROR_CODES,
  ResponseValidationError,
  RetryPolicy,
  parseRetryAfter,
  withRetries,
} from "./retry";
import { PartnerApiError } from "./errors";

export { DEFAULT_RETRY_POLICY, ResponseValidationError, parseRetryAfter, type RetryPolicy } from "./retry";

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
  /** The base URL every path is relative to (no trailing slash). */
  readonly endpoint: string;
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;

  constructor(options: ApiClientOptions) {
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.endpoint = options.baseUrl.replace(/\/+$/, "");
    this.http = axios.create({
      baseURL: this.endpoint,
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

/** The names in a path template: "/v1/connections/{id}/links/{link}" has "id" and "link". */
type PathParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParamNames<Rest>
  : never;
type OperationOf<O extends PartnerOperation> = (typeof PARTNER_OPERATIONS)[O];

/**
 * One input per operation, as the AWS SDK shapes them: the path's parameters, the page of a paged list, and the
 * request body's members.
 */
export type PartnerInput<O extends PartnerOperation> = {
  [N in PathParamNames<OperationOf<O>["path"]>]: string;
} & (OperationOf<O> extends { request: z.ZodTypeAny } ? z.input<OperationOf<O>["request"]> : unknown) &
  (OperationOf<O> extends { paged: true } ? PageRequest : unknown);
export type PartnerOutput<O extends PartnerOperation> = z.output<OperationOf<O>["response"]>;

/** One method per operation of PARTNER_OPERATIONS (schema/customer.ts), named by its id (`getConnection`, …). */
export type PartnerMethods = {
  [O in PartnerOperation as Uncapitalize<O>]: object extends PartnerInput<O>
    ? (input?: PartnerInput<O>) => Promise<PartnerOutput<O>>
    : (input: PartnerInput<O>) => Promise<PartnerOutput<O>>;
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface PartnerClient extends PartnerMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PartnerClient extends ApiClient {
  /** Calls `operation`: the path filled from the input, the rest sent as its page query or its validated body. */
  send<O extends PartnerOperation>(operation: O, input: PartnerInput<O>): Promise<PartnerOutput<O>> {
    const op: OperationSpec = PARTNER_OPERATIONS[operation];
    const members: Record<string, unknown> = { ...(input as object | undefined) };
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = members[name];
      delete members[name];
      return encodeURIComponent(String(value));
    });
    const label = `partner.${operation[0].toLowerCase()}${operation.slice(1)}`;
    const request: AxiosRequestConfig = { method: op.method, url };
    if (op.paged) request.params = { pageSize: members.pageSize, pageToken: members.pageToken };
    else if (op.request) request.data = op.request.parse(members);
    return this.call(label, op.response, request) as Promise<PartnerOutput<O>>;
  }
}

interface OperationSpec {
  method: string;
  path: string;
  request?: z.ZodTypeAny;
  response: z.ZodTypeAny;
  paged?: boolean;
}

for (const operation of Object.keys(PARTNER_OPERATIONS) as PartnerOperation[]) {
  const method = operation[0].toLowerCase() + operation.slice(1);
  Object.defineProperty(PartnerClient.prototype, method, {
    value: function (this: PartnerClient, input: PartnerInput<typeof operation>) {
      return this.send(operation, input);
    },
  });
}
