// The errors the API clients throw, and the predicates the resources test them with. Apart from the clients (and
// from axios and the AWS signing libraries they load) on purpose: a preview's check and diff need these, never a client.
const RETRYABLE_TYPES = new Set(["ThrottlingException", "InterconnectServerException"]);
const CREDENTIAL_REFUSALS = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "IncompleteSignatureException",
  "MissingAuthenticationTokenException",
]);

/** A non-2xx answer from AWS (`type` is the short `__type`), or a request that never got one (`status` undefined). */
export class AwsApiError extends Error {
  override readonly name = "AwsApiError";
  constructor(
    readonly operation: string,
    readonly type: string,
    readonly status: number | undefined,
    readonly serverMessage: string,
    readonly retryAfterMs?: number,
  ) {
    const http = status === undefined ? "" : `HTTP ${status} `;
    super(`${operation} failed: ${http}${type}: ${explain(type, status, serverMessage)}`);
  }

  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500 || RETRYABLE_TYPES.has(this.type);
  }
}

/** The error's meaning in plain words, followed by what AWS said. */
function explain(type: string, status: number | undefined, serverMessage: string): string {
  const said = serverMessage ? ` (AWS said: ${serverMessage})` : "";
  if (CREDENTIAL_REFUSALS.has(type) || status === 403) {
    return `AWS refused the credentials${said}; check the access key / profile / region the provider signs with`;
  }
  if (type === "ServiceQuotaExceededException") {
    return `an AWS Interconnect quota is used up${said}; delete unused connections or request an increase`;
  }
  if (type === "ThrottlingException") return `AWS throttled the request and retries ran out${said}`;
  if (type === "ResourceNotFoundException") return `no such resource${said}`;
  if (type === "InterconnectValidationException" || type === "InterconnectClientException") {
    return `AWS refused the request${said}`;
  }
  return serverMessage || "no error message";
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

/** Gone: the partner's 404, or AWS's ResourceNotFoundException. */
export const isNotFound = (e: unknown): e is PartnerApiError | AwsApiError =>
  (e instanceof PartnerApiError && e.status === 404) ||
  (e instanceof AwsApiError && e.type === "ResourceNotFoundException");
/** A refused change of state: the partner's 409. (The AWS model has no conflict error: it refuses with an
 * InterconnectClientException, which also means other things, so it is not a conflict here.) */
export const isConflict = (e: unknown): e is PartnerApiError => e instanceof PartnerApiError && e.status === 409;
