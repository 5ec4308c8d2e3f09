// The two wire protocols the AWS Interconnect Smithy model declares, as a table the front end (./front.ts) serves
// side by side at the same cloud URL, over the same SigV4 check, operation table and backend:
//   awsJson1_0  POST <cloudUrl>/ with X-Amz-Target: Interconnect.<Operation>, application/x-amz-json-1.0 bodies;
//   rpcv2Cbor   POST <cloudUrl>/service/Interconnect/operation/<Operation> with `smithy-protocol: rpc-v2-cbor`,
//               application/cbor bodies (the AWS SDK for Go v2, and so Terraform, and botocore speak this one).
// Each protocol only reads the operation name and decodes the body to plain data, and encodes answers and errors
// (`__type` + `message`); everything else is shared.
import { Decoder, Encoder } from "cbor-x";
import type { FastifyRequest } from "fastify";
import { AWS_JSON_CONTENT_TYPE, AWS_SERVICE_TARGET } from "../../schema/aws";
import { parseJsonSafely } from "../store";
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

export const CBOR_CONTENT_TYPE = "application/cbor";
const SMITHY_PROTOCOL = "rpc-v2-cbor";
/** Deeper than any input of the model (a few levels): refused before anything reads it. */
const MAX_CBOR_DEPTH = 32;

// Maps stay Maps (no key ever lands on an object's prototype) and no cbor-x extensions (records, structured clones).
const decoder = new Decoder({ mapsAsObjects: false, useRecords: false, structuredClone: false });
const encoder = new Encoder({ useRecords: false, structuredClone: false, variableMapSize: true, pack: false });

/**
 * CBOR data as plain JSON-like data: maps with text keys become objects (defined as own properties, `__proto__`
 * refused), and null members are dropped, as the protocol treats them as absent.
 */
function plain(value: unknown, depth = 0): unknown {
  if (depth > MAX_CBOR_DEPTH) throw serialization(`the CBOR body nests deeper than ${MAX_CBOR_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  if (value instanceof Map) {
    const object: Record<string, unknown> = {};
    for (const [key, item] of value) {
      if (typeof key !== "string") throw serialization("CBOR map keys must be text strings");
      if (key === "__proto__") throw serialization("the CBOR body uses the key __proto__");
      if (item === null || item === undefined) continue;
      Object.defineProperty(object, key, { value: plain(item, depth + 1), enumerable: true, writable: true });
    }
    return object;
  }
  if (value instanceof Uint8Array) throw serialization("no member of this service is a blob (CBOR byte string)");
  if (value instanceof Date) throw serialization("no member of this service is a timestamp");
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") throw serialization("an integer in the CBOR body is out of range");
  throw serialization(`the CBOR body holds a value this service does not model (${typeof value})`);
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
    const items: unknown[] = [];
    try {
      decoder.decodeMultiple(bytes, (item: unknown) => {
        items.push(item);
      });
    } catch (e) {
      throw serialization(`the request body is not well-formed CBOR (${(e as Error).message})`);
    }
    if (items.length !== 1) throw serialization("the request body must be exactly one CBOR data item");
    const body = plain(items[0]);
    if (!isPlainRecord(body)) throw serialization("the request body must be a CBOR map");
    return body;
  },
  encode: (body) => ({
    payload: encoder.encode(body),
    headers: { "content-type": CBOR_CONTENT_TYPE, "smithy-protocol": SMITHY_PROTOCOL },
  }),
  errorType: (type, modeled) => (modeled ? `com.amazonaws.interconnect#${type}` : type),
};

export const WIRE_PROTOCOLS: readonly WireProtocol[] = [AWS_JSON, RPC_V2_CBOR];
