// HTTP client one role uses to call the other role's spec endpoints, over real loopback HTTP with the peer token.
import axios, { type AxiosInstance } from "axios";
import * as http from "node:http";
import type { z } from "zod";
import { SPEC_OPERATIONS, type SpecOperation, type SpecOperationId } from "../../schema/spec";
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

const OPERATIONS = new Map<string, SpecOperation>(SPEC_OPERATIONS.map((op) => [op.operationId, op]));
type ResponseOf<Id extends SpecOperationId> = z.output<Extract<SpecOperation, { operationId: Id }>["response"]>;

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
   * @param beforeSend called before every request: what we tell the peer rests on state that must reach the disk
   * (../server.ts marks the store changed, and the ticker writes it).
   */
  constructor(
    readonly callerProviderId: string,
    token: string,
    private readonly beforeSend: () => void = () => undefined,
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

  /**
   * Sends the spec operation `operationId` to the peer. Its method, path and response schema come from the operation
   * table (SPEC_OPERATIONS); `params` fill the path's {placeholders}, each URL-encoded ({provider} is us). An answer
   * that does not match the response schema is a 502.
   */
  async send<Id extends SpecOperationId>(
    operationId: Id,
    params: Record<string, string>,
    req: PeerRequest = {},
  ): Promise<ResponseOf<Id>> {
    const op = OPERATIONS.get(operationId)!;
    this.beforeSend();
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = name === "provider" ? this.callerProviderId : params[name];
      if (value === undefined) throw new Error(`${operationId}: no value for {${name}} in ${op.path}`);
      return encodeURIComponent(value);
    });
    return (await this.call(op.method, path, req, op.response)) as ResponseOf<Id>;
  }

  private async call(method: PeerMethod, path: string, req: PeerRequest, response: z.ZodType): Promise<unknown> {
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
      const read = response.safeParse(res.data);
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
