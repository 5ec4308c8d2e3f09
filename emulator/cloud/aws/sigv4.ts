// SigV4 verification of requests to the emulated AWS Interconnect API. The received request is re-signed with
// @smithy/signature-v4 over exactly the headers the client signed, its raw body, path and query, and the two
// signatures are compared in constant time. No HMAC is computed here by hand.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, timingSafeEqual } from "node:crypto";
import { AwsError } from "./errors";

export interface AwsCredential {
  secretAccessKey: string;
  /** The 12-digit account the key belongs to. */
  account: string;
}

export interface ReceivedRequest {
  method: string;
  /** Path as received, e.g. "/cloud/". */
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names as node delivers them. */
  headers: Record<string, string | string[] | undefined>;
  /** Header names as sent, one entry per line (node folds or drops repeated ones in `headers`). */
  rawHeaderNames?: readonly string[];
  /** The raw body bytes (empty when there was none). */
  body: Buffer;
}

export interface VerifiedCaller {
  accessKeyId: string;
  account: string;
}

/** Largest accepted difference between X-Amz-Date and the server's clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})$/i;
const AMZ_DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const invalidSignature = (message: string) => new AwsError("InvalidSignatureException", message);
const header = (req: ReceivedRequest, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
};

function parseAmzDate(text: string | undefined): Date {
  if (!text)
    throw new AwsError(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header",
    );
  const m = AMZ_DATE_PATTERN.exec(text);
  if (!m) throw new AwsError("InvalidSignatureException", "X-Amz-Date is not in the form YYYYMMDDTHHMMSSZ");
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** Headers a request may carry once only: a second one would let a signed request say two things. */
const SINGLE_HEADERS = ["authorization", "host", "x-amz-date", "x-amz-target", "x-amz-content-sha256", "content-type"];

function refuseRepeatedHeaders(req: ReceivedRequest): void {
  const names = (req.rawHeaderNames ?? []).map((name) => name.toLowerCase());
  const repeated = SINGLE_HEADERS.find((name) => names.filter((n) => n === name).length > 1);
  if (repeated)
    throw new AwsError("IncompleteSignatureException", `the request carries the ${repeated} header more than once`);
}

/**
 * As AWS requires: host, x-amz-date and every x-amz-* header sent are signed, so a signature binds the operation
 * (X-Amz-Target) and cannot be replayed for another one.
 */
function refuseUnsignedHeaders(req: ReceivedRequest, signedNames: readonly string[]): void {
  const mustSign = Object.keys(req.headers).filter((name) => name === "host" || name.startsWith("x-amz-"));
  const unsigned = mustSign.filter((name) => !signedNames.includes(name));
  if (unsigned.length > 0)
    throw invalidSignature(`the header(s) ${unsigned.join(", ")} must be signed (listed in SignedHeaders)`);
}

/** Decodes each path segment, as the signer escapes them again (the client signed the unescaped path). */
function signedPath(path: string): string {
  try {
    return path.split("/").map(decodeURIComponent).join("/");
  } catch {
    throw invalidSignature("the request path is not validly percent-encoded");
  }
}

export class SigV4Verifier {
  constructor(
    private readonly credentials: ReadonlyMap<string, AwsCredential>,
    private readonly region: string,
    private readonly service: string,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(req: ReceivedRequest): Promise<VerifiedCaller> {
    refuseRepeatedHeaders(req);
    const authorization = header(req, "authorization");
    if (!authorization) throw new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token");
    const m = AUTH_PATTERN.exec(authorization.trim());
    if (!m)
      throw new AwsError(
        "IncompleteSignatureException",
        "the Authorization header is not AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=..., Signature=...",
      );
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;
    const credential = this.credentials.get(accessKeyId);
    if (!credential)
      throw new AwsError("UnrecognizedClientException", "The security token included in the request is invalid");
    if (region !== this.region)
      throw invalidSignature(
        `Credential should be scoped to a valid region: this endpoint serves '${this.region}', not '${region}'`,
      );
    if (service !== this.service)
      throw invalidSignature(`Credential should be scoped to correct service: '${this.service}', not '${service}'`);
    const date = parseAmzDate(header(req, "x-amz-date"));
    if (Math.abs(date.getTime() - this.now()) > MAX_CLOCK_SKEW_MS) {
      throw invalidSignature(
        `Signature expired: ${header(req, "x-amz-date")} is more than 15 minutes away from the server time ${new Date(this.now()).toISOString()}`,
      );
    }
    if (!date.toISOString().replace(/[-:]/g, "").startsWith(scopeDate))
      throw invalidSignature(`Credential date ${scopeDate} does not match X-Amz-Date`);
    const signedNames = signedHeaderList.toLowerCase().split(";");
    if (!signedNames.includes("host")) throw invalidSignature("the host header must be signed");
    refuseUnsignedHeaders(req, signedNames);
    this.checkPayloadHash(req, signedNames);
    const expected = await this.resign(req, signedNames, accessKeyId, credential.secretAccessKey, date);
    const given = Buffer.from(signature.toLowerCase());
    const ours = Buffer.from(expected);
    if (given.length !== ours.length || !timingSafeEqual(given, ours)) {
      throw invalidSignature(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      );
    }
    return { accessKeyId, account: credential.account };
  }

  /** A signed x-amz-content-sha256 must be the body's hash (the signer would trust it as given). */
  private checkPayloadHash(req: ReceivedRequest, signedNames: string[]): void {
    if (!signedNames.includes("x-amz-content-sha256")) return;
    const claimed = header(req, "x-amz-content-sha256");
    const actual = createHash("sha256").update(req.body).digest("hex");
    if (claimed !== actual) throw invalidSignature("x-amz-content-sha256 does not match the request body");
  }

  private async resign(
    req: ReceivedRequest,
    signedNames: string[],
    accessKeyId: string,
    secretAccessKey: string,
    date: Date,
  ): Promise<string> {
    const headers: Record<string, string> = {};
    for (const name of signedNames) {
      const value = header(req, name);
      if (value === undefined) throw invalidSignature(`signed header ${name} is missing from the request`);
      headers[name] = value;
    }
    const request = new HttpRequest({
      method: req.method,
      protocol: "http:",
      hostname: (headers.host ?? "").replace(/:\d+$/, ""),
      path: signedPath(req.path),
      query: req.query,
      headers,
      body: req.body.length === 0 ? undefined : req.body,
    });
    const signer = new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region: this.region,
      service: this.service,
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(request, { signingDate: date, signableHeaders: new Set(signedNames) });
    const match = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ""));
    if (!match) throw new AwsError("InterconnectServerException", "emulator bug: re-signing produced no signature");
    return match[1];
  }
}
