// The kit every resource is built with: its schema (./schema-docs.ts) gives the check (defaults from the schema's
// `.default(...)`, validation, then the resource's own checks), the diff (the schema's change rules), the inputs among
// a state's properties and the subject messages name; the resource gives create, read, update and delete. Settings are
// read at run time (configure), never captured.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { configureFromStack } from "../settings";
import { diffByRules, type DiffOptions } from "./diff";
import type { ArgumentOf, ResourceSchema } from "./schema-docs";
import { subjectOf } from "./progress";
import { checkFailures, inputsOf, withoutUndefined } from "./validation";

type Failure = pulumi.dynamic.CheckFailure;

export interface ResourceDefinition<Inputs extends object, State, Schema extends z.ZodObject> {
  schema: ResourceSchema<Schema>;
  /** The argument that names the resource in messages when it has no URN (an import). */
  namedBy?: keyof Inputs & string;
  /** What check validates, when it is not the schema's inputs (a field checked by the resource's own rules). */
  checkSchema?: z.ZodType;
  /** Arguments whose values never appear in a failure (secrets). */
  redacted?: readonly string[];
  /** Rewrites the defaulted inputs before they are checked (a policy in its canonical form). */
  normalize?: (inputs: Inputs) => Inputs;
  /** The resource's own checks beyond its schema; `news` as the program gave them. */
  extraChecks?: (olds: Partial<Inputs>, inputs: Inputs, news: Inputs) => Failure[];
  /** Comparisons for the schema's change rules (a re-issued key that names the same connection, say). */
  diffOptions?: DiffOptions<ArgumentOf<Schema>>;
  /** A diff of the resource's own, where the change rules alone do not say it (it may still call diffByRules). */
  diff?: (id: string, olds: State, news: Inputs) => Promise<pulumi.dynamic.DiffResult>;
  create: (inputs: Inputs) => Promise<pulumi.dynamic.CreateResult<State>>;
  read: (id: string, props?: State) => Promise<pulumi.dynamic.ReadResult<State>>;
  update: (id: string, olds: State, news: Inputs) => Promise<pulumi.dynamic.UpdateResult<State>>;
  delete: (id: string, props: State) => Promise<void>;
}

/** The defaults the schema declares (`.default(...)`), filled in where the program left an argument out. */
export function withDefaults<Inputs extends object>(schema: z.ZodObject, news: Inputs): Inputs {
  const filled = { ...news } as Record<string, unknown>;
  for (const [key, field] of Object.entries(schema.shape)) {
    if (filled[key] !== undefined) continue;
    const result = (field as z.ZodType).safeParse(undefined);
    if (result.success && result.data !== undefined) filled[key] = result.data;
  }
  return filled as Inputs;
}

export interface ResourceKit<Inputs extends object, State> {
  provider: pulumi.dynamic.ResourceProvider<Inputs, State>;
  /** "Interconnect hq-primary (pcon-…)": the Pulumi name as `pulumi up` shows it, with the id when there is one. */
  subject(inputs: Partial<Inputs> & { resourceUrn?: string }, id?: string): string;
  /** The inputs among a state's properties (state carries the outputs too). */
  inputsOf(props: Inputs): Inputs;
}

export function defineResource<Inputs extends object, State, Schema extends z.ZodObject>(
  definition: ResourceDefinition<Inputs, State, Schema>,
): ResourceKit<Inputs, State> {
  const { schema, namedBy } = definition;
  return {
    provider: providerOf(definition),
    subject: (inputs, id) => subjectOf(schema.type, inputs.resourceUrn, namedBy ? String(inputs[namedBy]) : "", id),
    inputsOf: (props) => inputsOf(schema.inputs, props),
  };
}

function providerOf<Inputs extends object, State, Schema extends z.ZodObject>(
  definition: ResourceDefinition<Inputs, State, Schema>,
): pulumi.dynamic.ResourceProvider<Inputs, State> {
  const { schema, normalize = (inputs: Inputs) => inputs } = definition;
  return {
    configure: async (req) => configureFromStack(req.config),
    check: async (olds: Partial<Inputs>, news: Inputs) => {
      const inputs = normalize(withDefaults(schema.inputs, news));
      const failures = [
        ...checkFailures(definition.checkSchema ?? schema.inputs, inputs, definition.redacted),
        ...(definition.extraChecks?.(olds, inputs, news) ?? []),
      ];
      return { inputs: withoutUndefined(inputs), failures };
    },
    diff:
      definition.diff ??
      (async (_id, olds, news) =>
        diffByRules(
          schema.changes,
          olds as Partial<Record<ArgumentOf<Schema>, unknown>>,
          news as Partial<Record<ArgumentOf<Schema>, unknown>>,
          definition.diffOptions,
        )),
    create: definition.create,
    read: definition.read,
    update: definition.update,
    delete: definition.delete,
  };
}
