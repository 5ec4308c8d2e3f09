// HTTP client one role uses to call the other role's spec endpoints, over real loopback HTTP with the peer token.
import axios, { type AxiosInstance } from "axios";
import * as http from "node:http";
import type { z } from "zod";
import { ApiError } from "../http/errors";

/** A failed peer call. `transient` failures (no answer, 429, 5xx) are retried by the reconcilers. */
export class PeerError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly transient: boolean,
  ) {
    super(status, code, message);
  }
}

export type PeerMethod = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * Header naming one logical request across its retries (an extension: the spec's requests carry no request id). The
 * peer answers a repeat as it answered the first; see SpecCall.idempotencyKey.
 */
export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

export interface PeerRequest {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Sent as the Idempotency-Key header: the same for every retry of one logical request. */
  idempotencyKey?: string;
}

export class PeerClient {
  private readonly http: AxiosInstance;
  private baseUrl = "";

  /**
   * @param callerProviderId our provider id: spec paths at the peer start with /providers/<callerProviderId>.
   */
  constructor(
    readonly callerProviderId: string,
    token: string,
  ) {
    this.http = axios.create({
      timeout: 15_000,
      headers: { authorization: `Bearer ${token}` },
      validateStatus: () => true,
      // Keep-alive sockets make loopback calls cheap; a reset fault closes only the affected socket.
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
    });
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  /** Path under /providers/<us>/ built from raw segments (each segment is URL-encoded). */
  path(...segments: string[]): string {
    return ["", "providers", this.callerProviderId, ...segments].map(encodeURIComponent).join("/");
  }

  /** Calls the peer; with `response`, its answer is read by that schema (an answer that does not match is a 502). */
  async call(method: PeerMethod, path: string, req?: PeerRequest): Promise<unknown>;
  async call<S extends z.ZodType>(
    method: PeerMethod,
    path: string,
    req: PeerRequest,
    response: S,
  ): Promise<z.output<S>>;
  async call(method: PeerMethod, path: string, req: PeerRequest = {}, response?: z.ZodType): Promise<unknown> {
    let res;
    try {
      res = await this.http.request({
        method,
        url: this.baseUrl + path,
        params: req.query,
        headers: req.idempotencyKey !== undefined ? { [IDEMPOTENCY_KEY_HEADER]: req.idempotencyKey } : undefined,
        data: method === "GET" || method === "DELETE" ? undefined : (req.body ?? {}),
      });
    } catch (err) {
      throw new PeerError(503, "UNAVAILABLE", `peer unreachable: ${(err as Error).message}`, true);
    }
    if (res.status >= 200 && res.status < 300) {
      const data: unknown = res.data;
      if (!response) return data;
      const read = response.safeParse(data);
      if (read.success) return read.data;
      throw new PeerError(502, "BAD_GATEWAY", `peer answered ${method} ${path} with ${read.error.message}`, false);
    }
    const body = (res.data as { error?: { code?: string; message?: string } } | undefined)?.error ?? {};
    const transient = res.status === 429 || res.status >= 500;
    throw new PeerError(
      res.status,
      body.code ?? "UNKNOWN",
      body.message ?? `peer answered HTTP ${res.status}`,
      transient,
    );
  }

  close(): void {
    (this.http.defaults.httpAgent as http.Agent).destroy();
  }
}

export const isTransient = (err: unknown): boolean => err instanceof PeerError && err.transient;
