// Progress and warning lines, attached to the resource they are about: sent to the engine's Log RPC with the resource's
// URN when this process is the dynamic provider host (which never connects `pulumi.log`), else printed on stdout.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

export type ProgressSink = (line: string, urn?: string, severity?: "info" | "warning") => void;

/** Subject strings (e.g. "Interconnect hq-primary (pcon-1)") → the URN of the resource they name. */
const urnOfSubject = new Map<string, string>();
/** The resource a provider operation is running for (set by ./registry.ts), for lines without a subject URN. */
const operationUrn = new AsyncLocalStorage<string>();

/** Runs `fn` as an operation on the resource `urn`: lines printed meanwhile are attached to it. */
export function withResourceUrn<T>(urn: string | undefined, fn: () => T): T {
  return urn ? operationUrn.run(urn, fn) : fn();
}

const urnFor = (subject: string) => urnOfSubject.get(subject) ?? operationUrn.getStore();

/**
 * Names a resource in progress lines by its Pulumi name (the last part of its URN, e.g. `hq-primary`), with the
 * remote id once known: "Interconnect hq-primary (pcon-…)". `fallback` names it when there is no URN (import).
 */
export function subjectOf(kind: string, resourceUrn: string | undefined, fallback: string, id?: string): string {
  const name = resourceUrn ? resourceUrn.split("::").pop() : undefined;
  const subject = `${kind} ${name || fallback}${id ? ` (${id})` : ""}`;
  if (resourceUrn) urnOfSubject.set(subject, resourceUrn);
  return subject;
}

interface EngineLogger {
  log(severity: "info" | "warning", message: string, urn: string): boolean;
}

/** The parts of @grpc/grpc-js and the SDK's generated engine protocol modules used here. */
interface GrpcModule {
  credentials: { createInsecure: () => unknown };
}
interface LogRequest {
  setSeverity(severity: number): void;
  setMessage(message: string): void;
  setUrn(urn: string): void;
}
interface EngineGrpcModule {
  EngineClient: new (
    address: string,
    credentials: unknown,
  ) => { log: (request: LogRequest, callback: (err: Error | null) => void) => void };
}
interface EngineProtoModule {
  LogRequest: new () => LogRequest;
  LogSeverity: { WARNING: number; INFO: number };
}

let engine: EngineLogger | null | undefined;

/** The engine's Log RPC when this process is the dynamic provider host, else null. Created once. */
function engineLogger(): EngineLogger | null {
  if (engine !== undefined) return engine;
  engine = null;
  const [, script = "", address = ""] = process.argv;
  if (!script.includes("dynamic-provider") || !/^[\w.-]+:\d+$/.test(address)) return engine;
  try {
    // The host's own SDK (the program's @pulumi/pulumi) and its gRPC, so the protocol versions match.
    const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = sdk("@grpc/grpc-js") as GrpcModule;
    const { EngineClient } = sdk("./proto/engine_grpc_pb") as EngineGrpcModule;
    const proto = sdk("./proto/engine_pb") as EngineProtoModule;
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    engine = {
      log(severity, message, urn) {
        const req = new proto.LogRequest();
        req.setSeverity(severity === "warning" ? proto.LogSeverity.WARNING : proto.LogSeverity.INFO);
        req.setMessage(message);
        req.setUrn(urn);
        // A line the engine did not take still reaches the user, on the stack.
        client.log(req, (err: Error | null) => err && console.log(message));
        return true;
      },
    };
  } catch {
    engine = null; // an SDK without these modules: stdout it is
  }
  return engine;
}

const defaultSink: ProgressSink = (line, urn, severity = "info") => {
  if (urn && engineLogger()?.log(severity, line, urn)) return;
  console.log(line);
};
let sink: ProgressSink = defaultSink;

export function setProgressSink(next: ProgressSink | undefined): void {
  sink = next ?? defaultSink;
}

export const progress = (resource: string, message: string): void =>
  sink(`[interconnect] ${resource}: ${message}`, urnFor(resource), "info");
export const warn = (resource: string, message: string): void =>
  sink(`[interconnect] warning: ${resource}: ${message}`, urnFor(resource), "warning");
