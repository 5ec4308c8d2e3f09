// Client for the AWS Interconnect API (contract: schema/aws.ts): awsJson1_0, SigV4-signed per attempt, inputs and
// answers validated, retried through ./retry.ts. Errors are built from scratch, so no secret reaches a message or state.
import { Sha256 } from "@aws-crypto/sha256-js";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import axios, { AxiosInstance, AxiosResponse, isAxiosError } from "axios";
import {
  AWS_JSON_CONTENT_TYPE,
  AWS_OPERATIONS,
  AWS_OPERATION_NAMES,
  AWS_SERVICE_TARGET,
  AWS_SIGNING_NAME,
  AwsErrorBodySchema,
  AwsInput,
  AwsOperation,
  AwsOutput,
  shortErrorType,
} from "../../schema/aws";
import {
  DEFAULT_RETRY_POLICY,
  NETWORK_ERROR_CODES,
  ResponseValidationError,
  RetryPolicy,
  parseRetryAfter,
  withRetries,
} from "./retry";
import { AwsApiError } from "./errors";
import { formatZodIssues } from "../zod-issues";

import type { AwsCredentials } from "../types";

export type { AwsCredentials };

export interface AwsClientOptions {
  region: string;
  /** Used as-is when set (the emulator, a VPC endpoint); else the regional endpoint of `region`. */
  endpoint?: string;
  /** Credentials handed in-process (tests); otherwise the AWS SDK's default chain, with `profile` when set. */
  credentials?: AwsCredentials;
  profile?: string;
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout; a timed-out request counts as a network error and is retried. */
  requestTimeoutMs?: number;
}

/** `https://interconnect.<region>.api.aws` (China: `.api.amazonwebservices.com.cn`), as the model's rule set says. */
export function awsEndpoint(region: string): string {
  const suffix = region.startsWith("cn-") ? "api.amazonwebservices.com.cn" : "api.aws";
  return `https://interconnect.${region}.${suffix}`;
}

/** The default credential chain found nothing (or failed); says what was tried and how to fix it. */
export class AwsCredentialsError extends Error {
  override readonly name = "AwsCredentialsError";
  readonly retryable = false;
  constructor(
    readonly profile: string | undefined,
    reason: string,
  ) {
    const profileName = profile ?? process.env.AWS_PROFILE ?? "default";
    super(
      `no AWS credentials for the Interconnect API (${reason}). Tried, in order: environment variables ` +
        `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN); shared config and credentials files ` +
        `(~/.aws/config, ~/.aws/credentials) with profile "${profileName}"; SSO; web identity token ` +
        `(AWS_WEB_IDENTITY_TOKEN_FILE); container and instance metadata. Fix: run \`aws configure\` ` +
        `(or \`aws sso login\`), or set AWS_PROFILE, or \`pulumi config set aws:profile <name>\`.`,
    );
  }
}

type CredentialSource = () => Promise<AwsCredentials>;

function credentialSource(options: AwsClientOptions): CredentialSource {
  if (options.credentials) {
    const fixed = options.credentials;
    return async () => fixed;
  }
  const chain = fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
  return async () => {
    try {
      return await chain();
    } catch (e) {
      // CredentialsProviderError, TokenProviderError (expired SSO session), …: a setup problem, never retried.
      const reason = e instanceof Error ? e.message : String(e);
      throw new AwsCredentialsError(options.profile, reason);
    }
  };
}

/** One method per operation, named like the AWS SDK's (`createConnection`, `getEnvironment`, …). */
export type AwsInterconnectMethods = {
  [O in AwsOperation as Uncapitalize<O>]: (input: AwsInput<O>) => Promise<AwsOutput<O>>;
};

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface AwsInterconnectClient extends AwsInterconnectMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AwsInterconnectClient {
  readonly region: string;
  readonly endpoint: string;
  private readonly http: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly credentials: CredentialSource;
  private readonly url: URL;

  constructor(options: AwsClientOptions) {
    this.region = options.region;
    this.endpoint = options.endpoint ?? awsEndpoint(options.region);
    this.url = new URL(this.endpoint);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.credentials = credentialSource(options);
    this.http = axios.create({
      timeout: options.requestTimeoutMs ?? 30_000,
      // The body is signed byte for byte: no transformation either way, and every status is ours to judge.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      responseType: "text",
      validateStatus: (status) => status >= 200 && status < 300,
    });
  }

  /** Calls `operation` with `input`: validated, signed, retried, its answer validated. */
  async send<O extends AwsOperation>(operation: O, input: AwsInput<O>): Promise<AwsOutput<O>> {
    const { input: inputSchema, output: outputSchema } = AWS_OPERATIONS[operation];
    const parsedInput = inputSchema.safeParse(input);
    if (!parsedInput.success) {
      const issues = formatZodIssues(parsedInput.error.issues, input);
      throw new Error(`${operation}: refusing to send an invalid request: ${issues}`);
    }
    const body = JSON.stringify(parsedInput.data);
    const secrets = secretsOf(input);
    const response = await withRetries(
      this.retry,
      () => this.attempt(operation, body, secrets),
      (e) => (e instanceof AwsCredentialsError ? e : toAwsError(operation, e, secrets)),
      { operation, endpoint: this.endpoint },
    );
    const data = parseJson(response.data) ?? {};
    const parsed = outputSchema.safeParse(data);
    if (!parsed.success) throw new ResponseValidationError(operation, formatZodIssues(parsed.error.issues, data));
    return parsed.data as AwsOutput<O>;
  }

  /** One signed POST; signed anew per attempt so a retry late in the budget carries a fresh X-Amz-Date. */
  private async attempt(operation: AwsOperation, body: string, secrets: string[]): Promise<AxiosResponse<string>> {
    const credentials = await this.credentials();
    secrets.push(credentials.secretAccessKey, ...(credentials.sessionToken ? [credentials.sessionToken] : []));
    const path = `${this.url.pathname.replace(/\/+$/, "")}/`;
    const request = new HttpRequest({
      method: "POST",
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path,
      headers: {
        host: this.url.host,
        "content-type": AWS_JSON_CONTENT_TYPE,
        "x-amz-target": `${AWS_SERVICE_TARGET}.${operation}`,
      },
      body,
    });
    const signer = new SignatureV4({
      service: AWS_SIGNING_NAME,
      region: this.region,
      credentials,
      sha256: Sha256,
      applyChecksum: true,
    });
    const signed = await signer.sign(request);
    return this.http.request<string>({
      method: "POST",
      url: `${this.url.origin}${path}`,
      headers: signed.headers,
      data: body,
    });
  }
}

for (const operation of AWS_OPERATION_NAMES) {
  const method = operation[0].toLowerCase() + operation.slice(1);
  Object.defineProperty(AwsInterconnectClient.prototype, method, {
    value: function (this: AwsInterconnectClient, input: AwsInput<typeof operation>) {
      return this.send(operation, input);
    },
  });
}

/** Values of the request that must never be echoed back in an error. */
function secretsOf(input: unknown): string[] {
  const key = (input as { activationKey?: unknown } | undefined)?.activationKey;
  return typeof key === "string" && key.length > 0 ? [key] : [];
}

const scrub = (text: string, secrets: readonly string[]) =>
  secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join("(redacted)"), text);

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return text;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toAwsError(operation: string, e: unknown, secrets: readonly string[]): AwsApiError {
  if (!isAxiosError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return new AwsApiError(operation, "ClientError", undefined, scrub(message, secrets));
  }
  if (e.response) {
    const status = e.response.status;
    const body = AwsErrorBodySchema.safeParse(parseJson(e.response.data));
    const header: unknown = e.response.headers?.["x-amzn-errortype"];
    const rawType = body.success ? body.data.__type : typeof header === "string" ? header : `HTTP${status}`;
    const message = body.success ? (body.data.message ?? body.data.Message ?? "") : String(e.response.statusText || "");
    return new AwsApiError(operation, shortErrorType(rawType), status, scrub(message, secrets), parseRetryAfter(e));
  }
  const code = e.code && NETWORK_ERROR_CODES.has(e.code) ? e.code : "NetworkError";
  return new AwsApiError(operation, code, undefined, scrub(e.message, secrets));
}
