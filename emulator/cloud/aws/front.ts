// Protocol front end of the emulated AWS Interconnect API, for both of the model's wire protocols (./protocols.ts:
// awsJson1_0 and rpcv2Cbor), SigV4-signed. It verifies the signature, reads the operation and the body through the
// protocol, validates the input with the operation's zod schema from schema/aws.ts AWS_OPERATIONS, calls the
// operation's handler, checks the output against the operation's output schema and maps every error to `__type` +
// `message`, encoded as the protocol encodes.
import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { AWS_ERRORS, AWS_OPERATIONS, AWS_SERVICE_TARGET, type AwsOperation } from "../../../schema/aws";
import { ApiError } from "../../http/errors";
import { AwsError, serverError, toAwsError, validationError } from "./errors";
import type { AwsCallContext, AwsHandlers } from "./handlers";
import { AWS_JSON, RPC_V2_CBOR, WIRE_PROTOCOLS, type ProtocolName, type WireProtocol } from "./protocols";
import type { ReceivedRequest, SigV4Verifier } from "./sigv4";

declare module "fastify" {
  interface FastifyRequest {
    /** The body text as received (kept by the server's content-type parser). */
    rawBody?: string;
    /** The body bytes as received: what SigV4 signs and CBOR decodes. */
    rawBytes?: Buffer;
    /** The AWS request as far as it was understood, for onCloudExchange. */
    awsExchange?: { operation: string; request: unknown };
  }
}

/** One AWS request and its answer, decoded (conformance tests validate both against the Smithy model). */
export interface CloudExchangeRecord {
  /** The wire protocol the request came in. */
  protocol: ProtocolName;
  /** The operation name (X-Amz-Target suffix or URL segment), or what the request named when it names none. */
  operation: string;
  request: unknown;
  status: number;
  response: unknown;
}

export interface AwsFrontDeps {
  handlers: AwsHandlers;
  verifier: SigV4Verifier;
  /** Route prefix, e.g. "/cloud": each protocol's routes hang below it. */
  prefix: string;
  /** Route config for the server's fault-injection and stats hooks. */
  config: Record<string, unknown>;
  onExchange?: (record: CloudExchangeRecord) => void;
  /** Makes the request's changes durable before the answer; returns the write error (the change was rolled back). */
  commit?: (req: FastifyRequest) => Error | undefined;
}

const SENSITIVE_MEMBERS = new Set(["activationKey"]);

/** The operation a name (X-Amz-Target suffix or URL segment) is, if it is one. */
const operationNamed = (name: string): AwsOperation | undefined =>
  Object.hasOwn(AWS_OPERATIONS, name) ? (name as AwsOperation) : undefined;

/** The operation a request to either protocol's route names, if it names one (for the server's stats). */
export function awsOperationOf(req: FastifyRequest): AwsOperation | undefined {
  const protocol = Object.hasOwn((req.params as object | undefined) ?? {}, "operation") ? RPC_V2_CBOR : AWS_JSON;
  return operationNamed(protocol.operationName(req));
}

function show(value: unknown, path: PropertyKey[]): string {
  if (path.some((p) => SENSITIVE_MEMBERS.has(String(p)))) return "'***'";
  if (value === undefined) return "null";
  const text = JSON.stringify(value);
  return `'${text.length > 120 ? `${text.slice(0, 117)}...` : text}'`;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const key of path)
    node =
      node !== null && typeof node === "object" && Object.hasOwn(node, key)
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined;
  return node;
}

/** Plain words for one zod issue: the member path, the value and the rule it broke. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.map(String).join(".");
  const where = path === "" ? "the input" : `'${path}'`;
  if (issue.code === "unrecognized_keys") return `${where} has unknown member(s): ${issue.keys.join(", ")}`;
  const value = show(valueAt(input, issue.path), issue.path);
  if (issue.code === "invalid_union")
    return `Value ${value} at ${where} failed to satisfy constraint: exactly one member of the union must be set, with a valid value`;
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined)
    return `${where} is required (expected ${issue.expected})`;
  return `Value ${value} at ${where} failed to satisfy constraint: ${issue.message}`;
}

function parseInput(op: AwsOperation, input: unknown): unknown {
  const result = AWS_OPERATIONS[op].input.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // A member of the wrong type cannot be deserialized at all: that is the protocol's error, not a validation one.
  const mistyped = issues.find((i) => i.code === "invalid_type" && valueAt(input, i.path) !== undefined);
  if (mistyped)
    throw new AwsError(
      "SerializationException",
      `${describeIssue(mistyped, input)} (expected ${(mistyped as { expected?: string }).expected ?? "another type"})`,
    );
  const text = issues
    .slice(0, 5)
    .map((i) => describeIssue(i, input))
    .join("; ");
  throw validationError(`${issues.length} validation error${issues.length === 1 ? "" : "s"} detected: ${text}`);
}

function receivedRequest(req: FastifyRequest): ReceivedRequest {
  const url = new URL(req.url, "http://emulator.invalid");
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const rawHeaderNames = req.raw.rawHeaders.filter((_, i) => i % 2 === 0);
  const body = req.rawBytes ?? Buffer.alloc(0);
  return { method: req.method, path: url.pathname, query, headers: req.headers, rawHeaderNames, body };
}

export function registerAwsFront(app: FastifyInstance, deps: AwsFrontDeps): void {
  for (const protocol of WIRE_PROTOCOLS) registerProtocol(app, deps, protocol);
}

/** A model error's type is sent as the protocol names model shapes; protocol errors by their bare names. */
const isModeled = (type: string) => Object.hasOwn(AWS_ERRORS, type);

function registerProtocol(app: FastifyInstance, deps: AwsFrontDeps, protocol: WireProtocol): void {
  const { handlers, verifier, onExchange } = deps;
  const respond = (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const failure = deps.commit?.(req);
    if (failure) {
      const error = serverError(failure.message);
      [status, body, headers] = [error.status, error.awsBody(), { "x-amzn-errortype": error.type }];
    }
    const exchange = req.awsExchange ?? { operation: protocol.operationName(req), request: undefined };
    onExchange?.({ protocol: protocol.name, ...exchange, status, response: body });
    const typed = body as { __type?: string };
    const wire = typed?.__type ? { ...typed, __type: protocol.errorType(typed.__type, isModeled(typed.__type)) } : body;
    const { payload, headers: protocolHeaders } = protocol.encode(wire);
    return reply
      .code(status)
      .headers({ ...headers, ...protocolHeaders, "x-amzn-requestid": randomUUID() })
      .send(payload);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const name = protocol.operationName(req);
    req.awsExchange = { operation: name, request: undefined };
    const caller = await verifier.verify(receivedRequest(req));
    const op = operationNamed(name);
    if (!op) throw new AwsError("UnknownOperationException", `'${name}' names no operation of ${AWS_SERVICE_TARGET}`);
    const body = protocol.decode(req);
    req.awsExchange = { operation: op, request: body };
    const input = parseInput(op, body);
    const ctx: AwsCallContext = { account: caller.account };
    const output = await (handlers[op] as (input: unknown, ctx: AwsCallContext) => unknown)(input, ctx);
    const checked = AWS_OPERATIONS[op].output.safeParse(output);
    if (!checked.success)
      throw serverError(
        `emulator bug: the ${op} output does not match the model (${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
      );
    return respond(req, reply, 200, output);
  };

  const errorHandler = (err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const status = (err as FastifyError).statusCode;
    const aws =
      !(err instanceof ApiError) && status && status >= 400 && status < 500
        ? new AwsError("SerializationException", err.message, status)
        : toAwsError(err);
    if (aws.status >= 500 && !(err instanceof ApiError)) req.log.error(err);
    // Sent synchronously (Fastify's error handler returns nothing).
    void respond(req, reply, aws.status, aws.awsBody(), { ...aws.headers, "x-amzn-errortype": aws.type });
  };

  for (const route of protocol.routes) {
    app.route({ method: "POST", url: `${deps.prefix}${route}`, config: deps.config, handler, errorHandler });
  }
}
