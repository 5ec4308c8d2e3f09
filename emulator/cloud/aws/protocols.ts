// The two wire protocols the AWS Interconnect Smithy model declares, as a table the front end (./front.ts) serves
// side by side at the same cloud URL, over the same SigV4 check, operation table and backend:
//   awsJson1_0  POST <cloudUrl>/ with X-Amz-Target: Interconnect.<Operation>, application/x-amz-json-1.0 bodies;
//   rpcv2Cbor   POST <cloudUrl>/service/Interconnect/operation/<Operation> with `smithy-protocol: rpc-v2-cbor`,
//               application/cbor bodies (the AWS SDK for Go v2, and so Terraform, and botocore speak this one).
// Each protocol only reads the operation name and decodes the body to plain data, and encodes answers and errors
// (`__type` + `message`); everything else is shared.
import { cbor } from "@smithy/core/cbor";
import type { FastifyRequest } from "fastify";
import { AWS_JSON_CONTENT_TYPE, AWS_SERVICE_TARGET } from "../../../schema/aws";
import { parseJsonSafely } from "../../state/store";
import { AwsError } from "./errors";

export type ProtocolName = "awsJson1_0" | "rpcv2Cbor";

export interface WireProtocol {
  name: ProtocolName;
  /** Routes relative to the cloud prefix. */
  routes: readonly string[];
  /** The operation name the request asks for ("" when it names none). */
  operationName(req: FastifyRequest): string;
  /** The body as plain data: an object (`{}` for an empty body), or a SerializationException. */
  decode(req: FastifyRequest): Record<string, unknown>;
  /** An answer or an error body, with the headers that go with it. */
  encode(body: unknown): { payload: Buffer | string; headers: Record<string, string> };
  /** The `__type` of an error: rpcv2Cbor names the model's errors by shape id. */
  errorType(type: string, modeled: boolean): string;
}

const serialization = (message: string) => new AwsError("SerializationException", message);

const mediaType = (req: FastifyRequest) =>
  String(req.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const TARGET_PREFIX = `${AWS_SERVICE_TARGET}.`;

export const AWS_JSON: WireProtocol = {
  name: "awsJson1_0",
  routes: ["", "/"],
  operationName: (req) => {
    const target = req.headers["x-amz-target"];
    return typeof target === "string" && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
  },
  decode: (req) => {
    const type = mediaType(req);
    if (type !== AWS_JSON_CONTENT_TYPE)
      throw serialization(`Content-Type must be ${AWS_JSON_CONTENT_TYPE}, not '${type || "(none)"}'`);
    const raw = req.rawBody ?? "";
    if (raw.trim() === "") return {};
    let body: unknown;
    try {
      body = parseJsonSafely(raw);
    } catch {
      throw serialization("the request body is not valid JSON (or uses the key __proto__)");
    }
    if (!isPlainRecord(body)) throw serialization("the request body must be a JSON object");
    return body;
  },
  encode: (body) => ({ payload: JSON.stringify(body), headers: { "content-type": AWS_JSON_CONTENT_TYPE } }),
  errorType: (type) => type,
};

const CBOR_CONTENT_TYPE = "application/cbor";
const SMITHY_PROTOCOL = "rpc-v2-cbor";
/** Deeper than any input of the model (a few levels): refused before the codec reads it. */
const MAX_CBOR_DEPTH = 32;

/**
 * The byte length of the first CBOR data item (RFC 8949 framing: heads, lengths, indefinite items and breaks), read
 * iteratively, so trailing bytes and excessive nesting are refused before the codec, which tolerates the first and
 * recurses on the second, sees the body. Decoding itself is @smithy/core's.
 */
export function cborItemLength(bytes: Uint8Array, maxDepth = MAX_CBOR_DEPTH): number {
  let at = 0;
  /** Items still owed by each open container: a count, or Infinity until a break (0xff). */
  const owed: number[] = [1];
  const argument = (info: number): number => {
    if (info < 24) return info;
    const size = [1, 2, 4, 8][info - 24];
    if (size === undefined || at + size > bytes.length) throw serialization("the CBOR body is truncated or malformed");
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[at + i];
    at += size;
    return value;
  };
  while (owed.length > 0) {
    if (owed[owed.length - 1] === 0) {
      owed.pop();
      continue;
    }
    if (at >= bytes.length) throw serialization("the CBOR body is truncated");
    const head = bytes[at++];
    const [major, info] = [head >> 5, head & 31];
    if (head === 0xff) {
      if (owed[owed.length - 1] !== Infinity) throw serialization("a CBOR break outside an indefinite-length item");
      owed.pop();
      continue;
    }
    owed[owed.length - 1]--;
    if (info === 31 && major >= 2 && major <= 5) owed.push(Infinity);
    else if (info >= 28) throw serialization("the CBOR body uses a reserved or misplaced additional information value");
    else {
      const n = argument(info);
      if (major === 2 || major === 3) at += n;
      else if (major === 4 || major === 5) owed.push(major === 4 ? n : 2 * n);
      else if (major === 6) owed.push(1);
    }
    if (owed.length > maxDepth + 1) throw serialization(`the CBOR body nests deeper than ${maxDepth} levels`);
    if (at > bytes.length) throw serialization("the CBOR body is truncated");
  }
  return at;
}

/** The codec's answer as plain JSON-like data: own plain objects only, null members dropped as absent. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array) throw serialization("no member of this service is a blob (CBOR byte string)");
  if (value !== null && typeof value === "object") {
    if (Object.getPrototypeOf(value) !== Object.prototype)
      throw serialization("the CBOR body holds a tag, or a map with the key __proto__, which no member models");
    const object: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === null || item === undefined) continue;
      Object.defineProperty(object, key, { value: plain(item), enumerable: true, writable: true });
    }
    return object;
  }
  if (typeof value === "bigint") throw serialization("an integer in the CBOR body is out of range");
  return value;
}

export const RPC_V2_CBOR: WireProtocol = {
  name: "rpcv2Cbor",
  routes: [`/service/${AWS_SERVICE_TARGET}/operation/:operation`],
  operationName: (req) => String((req.params as { operation?: string }).operation ?? ""),
  decode: (req) => {
    if (req.headers["smithy-protocol"] !== SMITHY_PROTOCOL)
      throw serialization(`the smithy-protocol header must be ${SMITHY_PROTOCOL}`);
    const bytes = req.rawBytes ?? Buffer.alloc(0);
    if (bytes.length === 0) return {};
    const type = mediaType(req);
    if (type !== CBOR_CONTENT_TYPE)
      throw serialization(`Content-Type must be ${CBOR_CONTENT_TYPE}, not '${type || "(none)"}'`);
    if (cborItemLength(bytes) !== bytes.length)
      throw serialization("the request body must be exactly one CBOR data item (it has trailing bytes)");
    let decoded: unknown;
    try {
      decoded = cbor.deserialize(bytes);
    } catch (e) {
      throw serialization(`the request body is not well-formed CBOR (${(e as Error).message})`);
    }
    const body = plain(decoded);
    if (!isPlainRecord(body)) throw serialization("the request body must be a CBOR map");
    return body;
  },
  // The codec encodes into a shared buffer: the answer is copied out before the next one is encoded.
  encode: (body) => ({
    payload: Buffer.from(cbor.serialize(body)),
    headers: { "content-type": CBOR_CONTENT_TYPE, "smithy-protocol": SMITHY_PROTOCOL },
  }),
  errorType: (type, modeled) => (modeled ? `com.amazonaws.interconnect#${type}` : type),
};

export const WIRE_PROTOCOLS: readonly WireProtocol[] = [AWS_JSON, RPC_V2_CBOR];
