// What the generated documents need to know about a zod schema that its JSON Schema cannot say: the public
// TypeScript type it is published as, the JSON Schema of a `z.custom` check, the README's short type label, and
// whether the value is secret. Read by `npm run schema` (scripts/generate-schema.ts), which writes the JSON Schemas,
// the public types (provider/generated/types.ts) and the README's reference tables from the resources' schemas.
import { z } from "zod";

export interface SchemaDocs {
  /** The public type name (provider/types.ts or provider/generated/types.ts) the value is declared with. */
  tsType?: string;
  /** The JSON Schema of what a z.custom check accepts (a thunk: built only when documents are generated). */
  jsonSchema?: () => Record<string, unknown>;
  /** The README's type column, where the one derived from the JSON Schema would not help. */
  label?: string;
  /** An object argument whose fields the README lists in a table of their own, headed by this name. */
  fieldsTable?: string;
  /** Never printed: kept secret in state and shown as "(secret)" in the reference. */
  secret?: boolean;
}

export const schemaDocs = z.registry<SchemaDocs>();

/** Registers `docs` for `schema`; clones made later (`.describe()`, `.optional()`'s inner) inherit them. */
export function documented<T extends z.ZodType>(schema: T, docs: SchemaDocs): T {
  schemaDocs.add(schema, docs);
  return schema;
}

/**
 * Arguments the resource classes set themselves: every resource's URN (it names the resource and seeds idempotency
 * tokens), and an Interconnect's link to the ActivationKey that owns its bandwidth.
 */
export const INTERNAL_INPUTS = ["resourceUrn", "bandwidthOwner"] as const;

/** A resource's arguments as programs declare them: without the internal ones. */
export const publicInputs = (inputs: z.ZodObject): z.ZodObject =>
  inputs.omit(
    Object.fromEntries(INTERNAL_INPUTS.filter((key) => key in inputs.shape).map((key) => [key, true])) as Record<
      string,
      true
    > &
      Record<number, never>,
  );

export type ArgumentOf<Inputs extends z.ZodObject> = Exclude<
  keyof z.output<Inputs> & string,
  (typeof INTERNAL_INPUTS)[number]
>;

/** How a change to each argument is applied: what the diff reports, and the README's "on change" column. */
export interface ChangeRules<Argument extends string> {
  /** A change means a different object: the engine replaces the resource. */
  replace: readonly Argument[];
  /** Changed in place through the API. */
  update: readonly Argument[];
  /** Only steers this provider (waits, guards): nothing changes at AWS or the partner. */
  providerOnly: readonly Argument[];
  /** A replacement deletes the old object before creating the new one (the remote side allows only one): an outage. */
  deleteBeforeReplace?: true;
}

/** One resource's schema: everything its check, diff, public types and reference docs are derived from. */
export interface ResourceSchema<Inputs extends z.ZodObject = z.ZodObject, Outputs extends z.ZodObject = z.ZodObject> {
  /** The resource's type name, as in `pulumi-nodejs:dynamic/interconnect:<type>`. */
  type: string;
  /** One sentence: what the resource is. */
  summary: string;
  /** Arguments, as check validates them (defaults are what check fills in). */
  inputs: Inputs;
  /** What the resource reports besides the arguments it echoes. */
  outputs: Outputs;
  changes: ChangeRules<ArgumentOf<Inputs>>;
  /** The output that is the resource's id: taken from `id`, which stays known in the preview of an update. */
  idOutput?: keyof z.output<Outputs> & string;
}

export const resourceSchema = <Inputs extends z.ZodObject, Outputs extends z.ZodObject>(
  schema: ResourceSchema<Inputs, Outputs>,
) => schema;
