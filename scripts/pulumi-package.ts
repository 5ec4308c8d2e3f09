// The Pulumi package schema (schema/pulumi-package.json) of the provider plugin `interconnect`, derived from the same
// zod schemas as everything else `npm run schema` writes: resources with their arguments, outputs, secrets and
// replace-on-change fields, nested objects as `interconnect:index:<Type>` types, the provider's configuration.
import { type ResourceSchema, publicInputs } from "../provider/common/schema-docs";
import { toJson, type JsonSchema } from "./schema-json";

export const PULUMI_PACKAGE_FILE = "schema/pulumi-package.json";
const PACKAGE = "interconnect";
const token = (name: string) => `${PACKAGE}:index:${name}`;

type TypeSpec = Record<string, unknown>;
interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
}
interface ObjectTypeSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

/** Provider configuration (`interconnect:<key>`): the settings the dynamic face reads (provider/settings.ts). */
const CONFIG: Record<string, PropertySpec> = {
  cloudEndpoint: { type: "string", description: "Replaces the AWS Interconnect regional endpoint (e.g. the emulator)" },
  partnerEndpoint: { type: "string", description: "The last-mile partner's API endpoint" },
  partnerToken: { type: "string", secret: true, description: "The partner API token" },
  region: { type: "string", description: "AWS region of the Interconnect API (else AWS_REGION)" },
  accountId: { type: "string", description: "The AWS account id that must own the cloud connections" },
};

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** An array's items; a tuple's (a GeoJSON position) when all its members are of one type. */
function itemsOf(json: JsonSchema): JsonSchema {
  const members = json.prefixItems as JsonSchema[] | undefined;
  if (!json.items && members?.length && members.every((m) => m.type === members[0].type))
    return { type: members[0].type };
  return (json.items ?? {}) as JsonSchema;
}

const nullable = (json: JsonSchema | undefined): boolean =>
  (Array.isArray(json?.type) && (json.type as string[]).includes("null")) ||
  ((json?.anyOf ?? json?.oneOf) as JsonSchema[] | undefined)?.some((v) => v.type === "null") === true;

/** The items of a list published as `Name[]` are named `Name`. */
const itemName = (json: JsonSchema, name: string) =>
  (typeof json.tsType === "string" && /^([A-Z]\w*)\[\]$/.exec(json.tsType)?.[1]) || name;

/** Collects the object types met while converting, by token. */
class TypeCollector {
  readonly types: Record<string, ObjectTypeSpec> = {};

  /** The Pulumi type spec of a JSON Schema; `name` names an object type when the schema does not (its tsType). */
  typeOf(json: JsonSchema, name: string): TypeSpec {
    const named = typeof json.tsType === "string" && /^[A-Z]\w*$/.test(json.tsType) ? json.tsType : undefined;
    // A nullable value is its value's type (every Pulumi property may be absent).
    const variants = ((json.anyOf ?? json.oneOf) as JsonSchema[] | undefined)?.filter((v) => v.type !== "null");
    if (variants?.length === 1) return this.typeOf({ ...variants[0], description: json.description }, name);
    if (variants) {
      const kinds = new Set(variants.map((variant) => variant.type));
      return kinds.size === 1 && typeof variants[0].type === "string" && variants[0].type !== "object"
        ? this.typeOf(variants[0], name)
        : { $ref: "pulumi.json#/Any" };
    }
    if (Array.isArray(json.type)) {
      const kinds = (json.type as string[]).filter((kind) => kind !== "null");
      return kinds.length === 1 ? this.typeOf({ ...json, type: kinds[0] }, name) : { $ref: "pulumi.json#/Any" };
    }
    if (json.const !== undefined) return { type: typeof json.const === "number" ? "number" : "string" };
    switch (json.type) {
      case "string":
      case "boolean":
      case "integer":
      case "number":
        return { type: json.type };
      case "array":
        return { type: "array", items: this.typeOf(itemsOf(json), itemName(json, name)) };
      case "object":
        if (json.properties) return { $ref: `#/types/${this.objectType(json, named ?? name)}` };
        if (json.additionalProperties && typeof json.additionalProperties === "object")
          return { type: "object", additionalProperties: this.typeOf(json.additionalProperties as JsonSchema, name) };
        return { $ref: "pulumi.json#/Json" };
      default:
        return { $ref: "pulumi.json#/Any" };
    }
  }

  private objectType(json: JsonSchema, name: string): string {
    // A member that may be null is not required: the SDKs would read a null as a missing required value.
    const required = (json.required ?? []).filter((key) => !nullable(json.properties?.[key])).sort();
    const spec: ObjectTypeSpec = {
      type: "object",
      ...(json.description ? { description: json.description } : {}),
      properties: this.properties(json, name),
      ...(required.length ? { required } : {}),
    };
    // One name per shape: a second, different shape of the same name (the state's, with defaults filled in) is named
    // without its "Input" suffix, or with "Output"; a third gets a number.
    const taken = (tok: string) => this.types[tok] && JSON.stringify(this.types[tok]) !== JSON.stringify(spec);
    let tok = token(name);
    if (taken(tok)) tok = token(name.endsWith("Input") ? name.slice(0, -"Input".length) : `${name}Output`);
    for (let n = 2; taken(tok); n++) tok = token(`${name}${n}`);
    this.types[tok] = spec;
    return tok;
  }

  properties(json: JsonSchema, owner: string): Record<string, PropertySpec> {
    return Object.fromEntries(
      Object.entries(json.properties ?? {}).map(([key, property]) => {
        const spec: PropertySpec = { ...this.typeOf(property, `${owner}${pascal(key)}`) };
        if (property.description) spec.description = property.description;
        if (property.default !== undefined && typeof property.default !== "object") spec.default = property.default;
        if (property["x-secret"]) spec.secret = true;
        return [key, spec];
      }),
    );
  }
}

function resourceSpec(resource: ResourceSchema, collector: TypeCollector): Record<string, unknown> {
  const inputs = toJson(publicInputs(resource.inputs), "input", "types");
  const outputs = toJson(resource.outputs, "output", "types");
  const replaced = new Set<string>(resource.changes.replace);
  const markReplaced = (specs: Record<string, PropertySpec>) =>
    Object.fromEntries(
      Object.entries(specs).map(([key, spec]) => [key, replaced.has(key) ? { ...spec, replaceOnChanges: true } : spec]),
    );
  const inputProperties = markReplaced(collector.properties(inputs, resource.type));
  // What state holds: the arguments as read back, then the outputs (an output of an argument's name wins).
  const echoed = toJson(publicInputs(resource.inputs), "output", "types");
  const properties = markReplaced({
    ...collector.properties(echoed, resource.type),
    ...collector.properties(outputs, resource.type),
  });
  const requiredInputs = (inputs.required ?? []).filter((key) => inputProperties[key].default === undefined).sort();
  const required = [...new Set([...(outputs.required ?? []), ...requiredInputs])].sort();
  return {
    description: resource.summary,
    inputProperties,
    requiredInputs,
    properties,
    required,
  };
}

/** The package schema, for `version` (package.json's). */
export function pulumiPackage(resources: readonly ResourceSchema[], version: string): Record<string, unknown> {
  const collector = new TypeCollector();
  const resourceSpecs = Object.fromEntries(
    resources.map((resource) => [token(resource.type), resourceSpec(resource, collector)]),
  );
  return {
    name: PACKAGE,
    displayName: "Interconnect",
    version,
    description: "AWS Interconnect and partner last-mile connections, with diversity policies (pulumi-interconnect)",
    license: "Apache-2.0",
    config: { variables: CONFIG },
    provider: { description: "The interconnect provider", inputProperties: CONFIG },
    resources: resourceSpecs,
    types: Object.fromEntries(Object.entries(collector.types).sort(([a], [b]) => a.localeCompare(b))),
    language: {
      nodejs: { respectSchemaVersion: true },
      python: { packageName: "pulumi_interconnect", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-interconnect/sdk/go/interconnect", respectSchemaVersion: true },
    },
  };
}
