// Protocol front end of the emulated AWS Interconnect API (awsJson1_0): `POST <cloudUrl>/` with
// `X-Amz-Target: Interconnect.<Operation>`, SigV4-signed. It verifies the signature, dispatches on the target,
// validates the input with the operation's zod schema from schema/aws.ts AWS_OPERATIONS, calls the operation's
// handler, checks the output against the operation's output schema and maps every error to `__type` + `message`.
import { randomUUID } from "node:crypto";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { AWS_JSON_CONTENT_TYPE, AWS_OPERATIONS, AWS_SERVICE_TARGET, type AwsOperation } from "../../schema/aws";
import { ApiError } from "../errors";
import { parseJsonSafely } from "../store";
import { AwsError, serverError, toAwsError, validationError } from "./errors";
import type { AwsCallContext, AwsHandlers } from "./handlers";
import type { ReceivedRequest, SigV4Verifier } from "./sigv4";

declare module "fastify" {
  interface FastifyRequest {
    /** The body text as received (kept by the server's content-type parser; SigV4 signs these bytes). */
    rawBody?: string;
    /** The AWS request as far as it was understood, for onCloudExchange. */
    awsExchange?: { operation: string; request: unknown };
  }
}

/** One AWS JSON request and its answer (conformance tests validate both against the Smithy model). */
export interface CloudExchangeRecord {
  /** The operation name (X-Amz-Target suffix), or the raw target when it names no operation. */
  operation: string;
  request: unknown;
  status: number;
  response: unknown;
}

export interface AwsFrontDeps {
  handlers: AwsHandlers;
  verifier: SigV4Verifier;
  /** Route prefix, e.g. "/cloud": the routes are POST <prefix> and POST <prefix>/. */
  prefix: string;
  /** Route config for the server's fault-injection and stats hooks. */
  config: Record<string, unknown>;
  onExchange?: (record: CloudExchangeRecord) => void;
  /** Makes the request's changes durable before the answer; returns the write error (the change was rolled back). */
  commit?: (req: FastifyRequest) => Error | undefined;
}

const TARGET_PREFIX = `${AWS_SERVICE_TARGET}.`;
const SENSITIVE_MEMBERS = new Set(["activationKey"]);

/** The operation an X-Amz-Target header names, if it names one. */
export function awsOperationOf(target: string | string[] | undefined): AwsOperation | undefined {
  if (typeof target !== "string" || !target.startsWith(TARGET_PREFIX)) return undefined;
  const name = target.slice(TARGET_PREFIX.length);
  return Object.hasOwn(AWS_OPERATIONS, name) ? (name as AwsOperation) : undefined;
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
  const text = issues
    .slice(0, 5)
    .map((i) => describeIssue(i, input))
    .join("; ");
  throw validationError(`${issues.length} validation error${issues.length === 1 ? "" : "s"} detected: ${text}`);
}

function parseBody(req: FastifyRequest): unknown {
  const type = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (type !== AWS_JSON_CONTENT_TYPE)
    throw new AwsError(
      "SerializationException",
      `Content-Type must be ${AWS_JSON_CONTENT_TYPE}, not '${type || "(none)"}'`,
    );
  const raw = req.rawBody ?? "";
  if (raw.trim() === "") return {};
  let body: unknown;
  try {
    body = parseJsonSafely(raw);
  } catch {
    throw new AwsError("SerializationException", "the request body is not valid JSON (or uses the key __proto__)");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new AwsError("SerializationException", "the request body must be a JSON object");
  return body;
}

function receivedRequest(req: FastifyRequest): ReceivedRequest {
  const url = new URL(req.url, "http://emulator.invalid");
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return { method: req.method, path: url.pathname, query, headers: req.headers, body: req.rawBody ?? "" };
}

export function registerAwsFront(app: FastifyInstance, deps: AwsFrontDeps): void {
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
    const exchange = req.awsExchange ?? { operation: String(req.headers["x-amz-target"] ?? ""), request: undefined };
    onExchange?.({ operation: exchange.operation, request: exchange.request, status, response: body });
    return reply
      .code(status)
      .headers({ ...headers, "content-type": AWS_JSON_CONTENT_TYPE, "x-amzn-requestid": randomUUID() })
      .send(JSON.stringify(body));
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const target = req.headers["x-amz-target"];
    req.awsExchange = {
      operation: typeof target === "string" ? target.slice(TARGET_PREFIX.length) : "",
      request: undefined,
    };
    const caller = await verifier.verify(receivedRequest(req));
    const op = awsOperationOf(target);
    if (!op)
      throw new AwsError(
        "UnknownOperationException",
        `X-Amz-Target '${String(target ?? "")}' names no operation of ${AWS_SERVICE_TARGET}`,
      );
    const body = parseBody(req);
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

  for (const url of [deps.prefix, `${deps.prefix}/`]) {
    app.route({ method: "POST", url, config: deps.config, handler, errorHandler });
  }
}
