// zod → JSON Schema for the generated documents, with what provider/common/schema-docs.ts registers applied:
// a z.custom check is documented by the JSON Schema it registers, and (per target) the public type name (`tsType`, read
// by json-schema-to-typescript) or the README's label and secrecy (`x-label`, `x-secret`, `x-fields-table`).
import { z } from "zod";
import { schemaDocs, type SchemaDocs } from "../provider/common/schema-docs";

export type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  default?: unknown;
};

/** args.json: plain JSON Schema; types: plus `tsType` and `x-secret`; reference: plus the README's `x-` annotations. */
export type JsonTarget = "args" | "types" | "reference";

/** Every `tsType` written for the "types" target since the last clear (the generated file imports the hand-written ones). */
export const usedTsTypes = new Set<string>();

/** Named public types: where one of these schemas appears, the generated TypeScript names it. */
export const publicTypeNames = z.registry<{ tsType: string }>();

function setTsType(json: JsonSchema, tsType: string): void {
  json.tsType = tsType;
  usedTsTypes.add(tsType);
}

function annotate(docs: SchemaDocs | undefined, target: JsonTarget, json: JsonSchema, isRoot: boolean): void {
  if (!docs) return;
  if (docs.jsonSchema) {
    const { $schema: _, ...documented } = docs.jsonSchema();
    Object.assign(json, documented);
  }
  if (target === "types" && docs.tsType && !isRoot) setTsType(json, docs.tsType);
  if (target === "args") return;
  if (docs.secret) json["x-secret"] = true;
  if (target !== "reference") return;
  if (docs.label) json["x-label"] = docs.label;
  if (docs.fieldsTable) json["x-fields-table"] = docs.fieldsTable;
}

/** JSON Schema (draft 2020-12) of `schema` for `target`; the root is never replaced by its own public name. */
export function toJson(schema: z.ZodType, io: "input" | "output", target: JsonTarget): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const out = ctx.jsonSchema as JsonSchema;
      const isRoot = (ctx.zodSchema as unknown) === schema;
      annotate(schemaDocs.get(ctx.zodSchema), target, out, isRoot);
      const named = publicTypeNames.get(ctx.zodSchema);
      if (target === "types" && named && !isRoot) setTsType(out, named.tsType);
    },
  }) as JsonSchema;
  return json;
}
