// Validates JSON values against AWS's Smithy model of the AWS Interconnect service (Smithy 2.0 JSON AST), so tests
// can prove that awsJson1_0 requests we send and responses the emulator returns conform to the real API contract.
// Only the constraint semantics that matter for JSON protocols are implemented; see README in ../shared/aws-model.
import * as fs from "node:fs";
import * as path from "node:path";

type Traits = Record<string, unknown>;

interface ShapeRef {
  target: string;
  traits?: Traits;
}

interface Shape {
  type: string;
  traits?: Traits;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  operations?: ShapeRef[];
  resources?: ShapeRef[];
  collectionOperations?: ShapeRef[];
  create?: ShapeRef;
  put?: ShapeRef;
  read?: ShapeRef;
  update?: ShapeRef;
  delete?: ShapeRef;
  list?: ShapeRef;
}

/** One `smithy.api#examples` entry of an operation, as published in the model. */
export interface OperationExample {
  title: string;
  documentation?: string;
  input?: unknown;
  output?: unknown;
  error?: { shapeId: string; content: unknown };
}

export interface InterconnectModel {
  /** Absolute shape id of the service, e.g. `com.amazonaws.interconnect#Interconnect`. */
  readonly serviceId: string;
  /** Short names of every operation bound to the service (directly or through resources), sorted. */
  readonly operations: string[];
  /** Short names of the operations with the smithy.api#readonly trait (they change nothing), sorted. */
  readonly readonlyOperations: string[];
  /** Short names of every error the service or its operations declare, sorted. */
  readonly errors: string[];
  /** Operation names: short (`CreateConnection`), X-Amz-Target (`Interconnect.CreateConnection`) or shape id. */
  validateInput(operation: string, value: unknown): string[];
  validateOutput(operation: string, value: unknown): string[];
  /** `typeName` may be short, fully qualified, and carry a `:…` suffix, as awsJson1_0 `__type` values do. */
  validateError(typeName: string, value: unknown): string[];
  errorHttpStatus(typeName: string): number | undefined;
  /** Shape ids may be absolute, or short names in the service namespace or the `smithy.api` prelude. */
  validateShape(shapeId: string, value: unknown): string[];
  examples(operation: string): OperationExample[];
}

const PRELUDE_NS = "smithy.api";
const REQUIRED = "smithy.api#required";
const SENSITIVE = "smithy.api#sensitive";

// The prelude is not part of a model file, yet model members target it (smithy.api#String, smithy.api#Unit, ...).
const PRELUDE: Record<string, Shape> = {
  String: { type: "string" },
  Blob: { type: "blob" },
  Boolean: { type: "boolean" },
  Byte: { type: "byte" },
  Short: { type: "short" },
  Integer: { type: "integer" },
  Long: { type: "long" },
  Float: { type: "float" },
  Double: { type: "double" },
  BigInteger: { type: "bigInteger" },
  BigDecimal: { type: "bigDecimal" },
  Timestamp: { type: "timestamp" },
  Document: { type: "document" },
  PrimitiveBoolean: { type: "boolean" },
  PrimitiveByte: { type: "byte" },
  PrimitiveShort: { type: "short" },
  PrimitiveInteger: { type: "integer" },
  PrimitiveLong: { type: "long" },
  PrimitiveFloat: { type: "float" },
  PrimitiveDouble: { type: "double" },
  Unit: { type: "structure", members: {}, traits: { "smithy.api#unitType": {} } },
};

// Integer widths per Smithy; `long` is limited to what a JS number represents exactly.
const INT_BOUNDS: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

const shortName = (id: string): string => id.slice(id.indexOf("#") + 1);

const join = (p: string, member: string): string => (p ? `${p}.${member}` : member);

// Issues always start with the JSON path; the document root is `$`.
const at = (p: string): string => p || "$";

/** Renders a value for an issue; sensitive values and object contents are never echoed (secrets must not leak). */
function describe(v: unknown, traits?: Traits): string {
  if (traits && has(traits, SENSITIVE)) {
    return typeof v === "string" ? `<sensitive string, ${codePoints(v)} chars>` : `<sensitive ${typeName(v)}>`;
  }
  if (typeof v === "string") {
    const n = codePoints(v);
    return n > 40 ? `${JSON.stringify([...v].slice(0, 40).join(""))}… (${n} chars)` : JSON.stringify(v);
  }
  if (Array.isArray(v)) return `array(${v.length})`;
  if (isObject(v)) {
    const keys = Object.keys(v);
    return `object {${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", …" : ""}}`;
  }
  const primitive = v as string | number | boolean | bigint | null | undefined; // objects are described above
  return primitive === undefined ? "undefined" : `${typeName(v)} ${String(primitive)}`;
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  return Array.isArray(v) ? "array" : typeof v;
}

const codePoints = (s: string): number => [...s].length;

function bounds(trait: unknown): { min?: number; max?: number } {
  if (!isObject(trait)) return {};
  const num = (x: unknown): number | undefined => (x === undefined || x === null ? undefined : Number(x));
  return { min: num(trait.min), max: num(trait.max) };
}

function boundsText(b: { min?: number; max?: number }): string {
  return `[${b.min ?? "-∞"}, ${b.max ?? "∞"}]`;
}

const outside = (n: number, b: { min?: number; max?: number }): boolean =>
  (b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max);

/** `__type` values look like `Name`, `ns#Name` or `ns#Name:extra` (awsJson1_0); the suffix carries no type info. */
export function normalizeErrorType(typeName: string): { namespace?: string; name: string } {
  const noSuffix = typeName.split(":")[0].trim();
  const hash = noSuffix.indexOf("#");
  return hash < 0 ? { name: noSuffix } : { namespace: noSuffix.slice(0, hash), name: noSuffix.slice(hash + 1) };
}

class SmithyValidator implements InterconnectModel {
  readonly serviceId: string;
  readonly operations: string[];
  readonly readonlyOperations: string[];
  readonly errors: string[];
  private readonly namespace: string;
  private readonly operationIds = new Map<string, string>();
  private readonly errorIds = new Map<string, string>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly shapes: Record<string, Shape>) {
    const services = Object.keys(shapes).filter((id) => shapes[id].type === "service");
    if (services.length !== 1) throw new Error(`expected exactly one service shape, found ${services.length}`);
    this.serviceId = services[0];
    this.namespace = this.serviceId.split("#")[0];
    this.collectOperations(this.serviceId, new Set());
    for (const ref of shapes[this.serviceId].errors ?? []) this.errorIds.set(shortName(ref.target), ref.target);
    for (const opId of this.operationIds.values()) {
      for (const ref of shapes[opId].errors ?? []) this.errorIds.set(shortName(ref.target), ref.target);
    }
    this.operations = [...this.operationIds.keys()].sort();
    this.readonlyOperations = this.operations.filter((op) =>
      has(shapes[this.operationIds.get(op)!].traits ?? {}, "smithy.api#readonly"),
    );
    this.errors = [...this.errorIds.keys()].sort();
    this.checkModel();
  }

  // Operations bind to the service directly or through (nested) resources' lifecycle and instance operations.
  private collectOperations(id: string, seen: Set<string>): void {
    if (seen.has(id)) return;
    seen.add(id);
    const shape = this.shapes[id];
    const lifecycle = [shape.create, shape.put, shape.read, shape.update, shape.delete, shape.list];
    const ops = [...(shape.operations ?? []), ...(shape.collectionOperations ?? []), ...lifecycle];
    for (const ref of ops) if (ref) this.operationIds.set(shortName(ref.target), ref.target);
    for (const ref of shape.resources ?? []) this.collectOperations(ref.target, seen);
  }

  // Fail at load, not mid-test, if a target does not resolve or a pattern does not compile.
  private checkModel(): void {
    for (const [id, shape] of Object.entries(this.shapes)) {
      const refs = [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})];
      if (shape.type === "operation") refs.push(shape.input, shape.output, ...(shape.errors ?? []));
      for (const ref of refs) {
        if (ref && !this.shape(ref.target)) throw new Error(`${id}: target ${ref.target} does not resolve`);
        const pattern = ref?.traits?.["smithy.api#pattern"];
        if (typeof pattern === "string") this.regex(pattern);
      }
      const pattern = shape.traits?.["smithy.api#pattern"];
      if (typeof pattern === "string") this.regex(pattern);
    }
  }

  private shape(id: string): Shape | undefined {
    if (has(this.shapes, id)) return this.shapes[id];
    return id.startsWith(`${PRELUDE_NS}#`) && has(PRELUDE, shortName(id)) ? PRELUDE[shortName(id)] : undefined;
  }

  // Smithy patterns are ECMA-262 and unanchored; `u` makes `.`/classes work on code points like length does.
  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (!re) {
      try {
        re = new RegExp(pattern, "u");
      } catch {
        re = new RegExp(pattern);
      }
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private operation(name: string): Shape {
    const short = name.includes("#") ? shortName(name) : name.slice(name.lastIndexOf(".") + 1);
    const id = this.operationIds.get(short);
    if (!id || (name.includes("#") && id !== name)) {
      throw new Error(`unknown operation ${JSON.stringify(name)}; known: ${this.operations.join(", ")}`);
    }
    return this.shapes[id];
  }

  validateInput(operation: string, value: unknown): string[] {
    return this.run(this.operation(operation).input?.target ?? `${PRELUDE_NS}#Unit`, value);
  }

  validateOutput(operation: string, value: unknown): string[] {
    return this.run(this.operation(operation).output?.target ?? `${PRELUDE_NS}#Unit`, value);
  }

  validateShape(shapeId: string, value: unknown): string[] {
    const candidates = shapeId.includes("#") ? [shapeId] : [`${this.namespace}#${shapeId}`, `${PRELUDE_NS}#${shapeId}`];
    const id = candidates.find((c) => this.shape(c));
    if (!id) throw new Error(`unknown shape ${JSON.stringify(shapeId)}`);
    return this.run(id, value);
  }

  examples(operation: string): OperationExample[] {
    const examples = this.operation(operation).traits?.["smithy.api#examples"];
    return Array.isArray(examples) ? (examples as OperationExample[]) : [];
  }

  private run(id: string, value: unknown): string[] {
    const out: string[] = [];
    this.check(id, value, "", undefined, out);
    return out;
  }

  private errorId(typeName: string): string | undefined {
    const { namespace, name } = normalizeErrorType(typeName);
    const id = this.errorIds.get(name);
    return id && (namespace === undefined || id === `${namespace}#${name}`) ? id : undefined;
  }

  errorHttpStatus(typeName: string): number | undefined {
    const id = this.errorId(typeName);
    if (!id) return undefined;
    const traits = this.shapes[id].traits ?? {};
    const status = traits["smithy.api#httpError"];
    if (typeof status === "number") return status;
    // Smithy's default when httpError is absent: 400 for client faults, 500 for server faults.
    return traits["smithy.api#error"] === "server" ? 500 : 400;
  }

  validateError(typeName: string, value: unknown): string[] {
    const id = this.errorId(typeName);
    if (!id) return [`$: unknown error type ${JSON.stringify(typeName)}, expected one of ${this.errors.join(", ")}`];
    if (!isObject(value)) return [`$: expected error body object (${shortName(id)}), got ${describe(value)}`];
    const out: string[] = [];
    const body: Record<string, unknown> = { ...value };
    // The body's __type (when present; the X-Amzn-Errortype header may carry it instead) must name the same error.
    if (has(body, "__type")) {
      const t = body.__type;
      if (typeof t !== "string") out.push(`__type: expected string, got ${describe(t)}`);
      else if (this.errorId(t) !== id) out.push(`__type: ${JSON.stringify(t)} does not name error ${id}`);
      delete body.__type;
    }
    // awsJson1_0 clients accept `Message` for the `message` member (some AWS services send it capitalised).
    if (has(body, "Message") && has(this.shapes[id].members ?? {}, "message")) {
      if (has(body, "message")) out.push(`Message: both message and Message are set, got ${describe(body.Message)}`);
      else body.message = body.Message;
      delete body.Message;
    }
    this.check(id, body, "", undefined, out);
    return out;
  }

  // Member traits refine the target's traits (Smithy applies both; member wins on conflicts).
  private check(id: string, v: unknown, p: string, memberTraits: Traits | undefined, out: string[]): void {
    const shape = this.shape(id);
    if (!shape) {
      out.push(`${at(p)}: target ${id} does not resolve`);
      return;
    }
    const traits: Traits = { ...shape.traits, ...memberTraits };
    switch (shape.type) {
      case "structure":
        return this.checkStructure(id, shape, v, p, out);
      case "union":
        return this.checkUnion(id, shape, v, p, out);
      case "list":
      case "set":
        return this.checkList(shape, traits, v, p, out);
      case "map":
        return this.checkMap(shape, traits, v, p, out);
      case "document":
        return;
      default:
        return this.checkSimple(id, shape, traits, v, p, out);
    }
  }

  private checkSimple(id: string, shape: Shape, traits: Traits, v: unknown, p: string, out: string[]): void {
    switch (shape.type) {
      case "string":
        return this.checkString(traits, v, p, out);
      case "enum":
        return this.checkEnum(id, shape, traits, v, p, out);
      case "intEnum":
        return this.checkIntEnum(id, shape, v, p, out);
      case "byte":
      case "short":
      case "integer":
      case "long":
      case "bigInteger":
        return this.checkInteger(shape.type, traits, v, p, out);
      case "float":
      case "double":
      case "bigDecimal":
        return this.checkFloat(traits, v, p, out);
      case "boolean":
        if (typeof v !== "boolean") out.push(`${at(p)}: expected boolean, got ${describe(v)}`);
        return;
      case "timestamp":
        return this.checkTimestamp(traits, v, p, out);
      case "blob":
        return this.checkBlob(traits, v, p, out);
      default:
        out.push(`${at(p)}: shape ${id} of type ${shape.type} cannot carry a value`);
    }
  }

  private checkStructure(id: string, shape: Shape, v: unknown, p: string, out: string[]): void {
    if (!isObject(v)) {
      out.push(`${at(p)}: expected object (structure ${shortName(id)}), got ${describe(v)}`);
      return;
    }
    const members = shape.members ?? {};
    for (const [name, ref] of Object.entries(members)) {
      const mv = v[name];
      // JSON protocols treat null like an absent member.
      if (mv === undefined || mv === null) {
        if (ref.traits && has(ref.traits, REQUIRED)) {
          const state = mv === null ? "is null" : "is missing";
          out.push(`${join(p, name)}: required member ${name} ${state} (smithy.api#required on ${shortName(id)})`);
        }
        continue;
      }
      this.check(ref.target, mv, join(p, name), ref.traits, out);
    }
    for (const key of Object.keys(v)) {
      if (has(members, key)) continue;
      const hint = key === "__type" ? "; __type is only allowed in error bodies" : "";
      out.push(`${join(p, key)}: unknown member ${key} (not in ${shortName(id)}${hint}), got ${describe(v[key])}`);
    }
  }

  private checkUnion(id: string, shape: Shape, v: unknown, p: string, out: string[]): void {
    if (!isObject(v)) {
      out.push(`${at(p)}: expected object (union ${shortName(id)}), got ${describe(v)}`);
      return;
    }
    const members = shape.members ?? {};
    const set: string[] = [];
    for (const [key, mv] of Object.entries(v)) {
      if (!has(members, key)) {
        out.push(`${join(p, key)}: unknown member ${key} (not in union ${shortName(id)}), got ${describe(mv)}`);
      } else if (mv !== null && mv !== undefined) {
        set.push(key);
        this.check(members[key].target, mv, join(p, key), members[key].traits, out);
      }
    }
    if (set.length !== 1) {
      const names = set.length ? ` (${set.join(", ")})` : "";
      const allowed = Object.keys(members).join(" | ");
      out.push(
        `${at(p)}: union must have exactly one member set, got ${set.length}${names}; union ${shortName(id)} ` +
          `members: ${allowed}`,
      );
    }
  }

  private checkList(shape: Shape, traits: Traits, v: unknown, p: string, out: string[]): void {
    if (!Array.isArray(v)) {
      out.push(`${at(p)}: expected array, got ${describe(v)}`);
      return;
    }
    this.checkLength(traits, v.length, "items", describe(v), p, out);
    const member = shape.member;
    v.forEach((item, i) => {
      const ip = `${at(p)}[${i}]`;
      if (item === null || item === undefined) {
        if (!has(traits, "smithy.api#sparse")) out.push(`${ip}: null item in a list that is not @sparse`);
      } else if (member) {
        this.check(member.target, item, ip, member.traits, out);
      }
    });
    if (has(traits, "smithy.api#uniqueItems")) {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const k = JSON.stringify(item);
        if (seen.has(k)) out.push(`${at(p)}[${i}]: duplicate item in a @uniqueItems list, got ${describe(item)}`);
        seen.add(k);
      });
    }
  }

  private checkMap(shape: Shape, traits: Traits, v: unknown, p: string, out: string[]): void {
    if (!isObject(v)) {
      out.push(`${at(p)}: expected object (map), got ${describe(v)}`);
      return;
    }
    const entries = Object.entries(v);
    this.checkLength(traits, entries.length, "entries", describe(v), p, out);
    for (const [key, val] of entries) {
      const kp = `${at(p)}[${JSON.stringify(key)}]`;
      if (shape.key) this.check(shape.key.target, key, `${kp} (key)`, shape.key.traits, out);
      if (val === null || val === undefined) {
        if (!has(traits, "smithy.api#sparse")) out.push(`${kp}: null value in a map that is not @sparse`);
      } else if (shape.value) {
        this.check(shape.value.target, val, kp, shape.value.traits, out);
      }
    }
  }

  private checkLength(traits: Traits, n: number, unit: string, shown: string, p: string, out: string[]): void {
    if (!has(traits, "smithy.api#length")) return;
    const b = bounds(traits["smithy.api#length"]);
    if (outside(n, b)) {
      out.push(`${at(p)}: length ${n} ${unit} is outside ${boundsText(b)} (smithy.api#length), got ${shown}`);
    }
  }

  private checkString(traits: Traits, v: unknown, p: string, out: string[]): void {
    if (typeof v !== "string") {
      out.push(`${at(p)}: expected string, got ${describe(v, traits)}`);
      return;
    }
    const shown = describe(v, traits);
    this.checkLength(traits, codePoints(v), "chars", shown, p, out);
    const pattern = traits["smithy.api#pattern"];
    if (typeof pattern === "string" && !this.regex(pattern).test(v)) {
      out.push(`${at(p)}: ${shown} does not match pattern ${pattern} (smithy.api#pattern)`);
    }
    // Smithy 1.0 style enum trait on a string shape.
    const legacy = traits["smithy.api#enum"];
    if (Array.isArray(legacy)) {
      const values = legacy.map((e: unknown) => (isObject(e) ? String(e.value) : String(e)));
      if (!values.includes(v)) out.push(`${at(p)}: ${shown} is not one of ${values.join(" | ")} (smithy.api#enum)`);
    }
  }

  private checkEnum(id: string, shape: Shape, traits: Traits, v: unknown, p: string, out: string[]): void {
    // An enum member without @enumValue has its member name as the value.
    const values = Object.entries(shape.members ?? {}).map(([name, ref]) => {
      const ev = ref.traits?.["smithy.api#enumValue"];
      return typeof ev === "string" ? ev : name;
    });
    if (typeof v !== "string") {
      out.push(`${at(p)}: expected string (enum ${shortName(id)}), got ${describe(v, traits)}`);
    } else if (!values.includes(v)) {
      const allowed = values.join(" | ");
      out.push(`${at(p)}: ${describe(v, traits)} is not a value of enum ${shortName(id)}, allowed: ${allowed}`);
    }
  }

  private checkIntEnum(id: string, shape: Shape, v: unknown, p: string, out: string[]): void {
    const values = Object.values(shape.members ?? {}).map((ref) => ref.traits?.["smithy.api#enumValue"]);
    if (typeof v !== "number" || !Number.isSafeInteger(v)) {
      out.push(`${at(p)}: expected integer (intEnum ${shortName(id)}), got ${describe(v)}`);
    } else if (!values.includes(v)) {
      out.push(`${at(p)}: ${v} is not a value of intEnum ${shortName(id)}, allowed: ${values.join(" | ")}`);
    }
  }

  private checkInteger(type: string, traits: Traits, v: unknown, p: string, out: string[]): void {
    const ok = type === "bigInteger" ? Number.isInteger(v) : Number.isSafeInteger(v);
    if (typeof v !== "number" || !ok) {
      out.push(`${at(p)}: expected ${type} (integer number), got ${describe(v)}`);
      return;
    }
    const width = INT_BOUNDS[type];
    if (width && (v < width[0] || v > width[1])) {
      out.push(`${at(p)}: ${v} does not fit a Smithy ${type} ${boundsText({ min: width[0], max: width[1] })}`);
    }
    this.checkRange(traits, v, p, out);
  }

  private checkFloat(traits: Traits, v: unknown, p: string, out: string[]): void {
    // awsJson sends non-finite floats as these strings.
    if (typeof v === "string" && ["NaN", "Infinity", "-Infinity"].includes(v)) return;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      out.push(`${at(p)}: expected number, got ${describe(v)}`);
      return;
    }
    this.checkRange(traits, v, p, out);
  }

  private checkRange(traits: Traits, v: number, p: string, out: string[]): void {
    if (!has(traits, "smithy.api#range")) return;
    const b = bounds(traits["smithy.api#range"]);
    if (outside(v, b)) out.push(`${at(p)}: ${v} is outside range ${boundsText(b)} (smithy.api#range)`);
  }

  private checkTimestamp(traits: Traits, v: unknown, p: string, out: string[]): void {
    const format = traits["smithy.api#timestampFormat"] ?? "epoch-seconds";
    if (format === "epoch-seconds") {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        out.push(`${at(p)}: expected epoch-seconds timestamp (number), got ${describe(v)}`);
      }
      return;
    }
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
    const ok = typeof v === "string" && !Number.isNaN(Date.parse(v)) && (format !== "date-time" || rfc3339.test(v));
    if (!ok) out.push(`${at(p)}: expected ${format as string} timestamp string, got ${describe(v)}`);
  }

  private checkBlob(traits: Traits, v: unknown, p: string, out: string[]): void {
    const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
    if (typeof v !== "string" || !base64.test(v)) {
      out.push(`${at(p)}: expected base64 string (blob), got ${describe(v, traits)}`);
      return;
    }
    // Blob length counts decoded bytes.
    this.checkLength(traits, Buffer.from(v, "base64").length, "bytes", describe(v, traits), p, out);
  }
}

const DEFAULT_MODEL_PATH = path.resolve(__dirname, "../../../shared/aws-model/interconnect.json");

function resolveModelPath(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = process.env.INTERCONNECT_AWS_MODEL;
  if (fromEnv) return path.resolve(fromEnv);
  // When run from a tsc build (dist/tests/support) the repo root is one level further up.
  const compiled = path.resolve(__dirname, "../../../../shared/aws-model/interconnect.json");
  return !fs.existsSync(DEFAULT_MODEL_PATH) && fs.existsSync(compiled) ? compiled : DEFAULT_MODEL_PATH;
}

/** Loads the Smithy JSON AST; path precedence: argument, $INTERCONNECT_AWS_MODEL, ../shared beside the repo. */
export function loadInterconnectModel(modelPath?: string): InterconnectModel {
  const file = resolveModelPath(modelPath);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read the AWS Interconnect Smithy model at ${file} (set INTERCONNECT_AWS_MODEL): ${reason}`);
  }
  const ast: unknown = JSON.parse(text);
  if (!isObject(ast) || typeof ast.smithy !== "string" || !isObject(ast.shapes)) {
    throw new Error(`${file} is not a Smithy JSON AST (no "smithy" version or "shapes" object)`);
  }
  // Shapes are trusted to follow the Smithy AST layout; checkModel() verifies the parts validation relies on.
  return new SmithyValidator(ast.shapes as Record<string, Shape>);
}

/** One exchange as the emulator's onCloudExchange reports it (either protocol, decoded). */
export interface ModelExchange {
  operation: string;
  request: unknown;
  status: number;
  response: unknown;
}

/** Every way one exchange departs from the model: the request as received, and the answer as sent. */
export function exchangeIssues(model: InterconnectModel, { operation, request, status, response }: ModelExchange) {
  const inputIssues = model.validateInput(operation, request).map((i) => `${operation} request: ${i}`);
  const type = String((response as { __type?: string } | undefined)?.__type);
  const outputIssues =
    status === 200
      ? model.validateOutput(operation, response).map((i) => `${operation} response: ${i}`)
      : model.validateError(type, response).map((i) => `${operation} error ${status}: ${i}`);
  return [...inputIssues, ...outputIssues];
}
