// The kit every resource is built with: its schema (./schema-docs.ts) gives the check (defaults from the schema's
// `.default(...)`, validation, then the resource's own checks), the diff (the schema's change rules, plus the drift the
// last observation found), the declared inputs among a state's properties and the subject messages name; the resource
// gives create, read, update and delete. Settings are read at run time (configure), never captured.
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { configureFromStack } from "../settings";
import { diffByRules, type DiffOptions } from "./diff";
import type { ArgumentOf, ResourceSchema } from "./schema-docs";
import { progress, subjectOf } from "../progress";
import { sameValue } from "./diff";
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
  /**
   * Where the state as last read (create, update or refresh) breaks what `news` declares, in plain words: each reason
   * plans an update, whose own code acts on it (repairs, or fails naming the remedy). Pure, like the diff.
   */
  drift?: (olds: State, news: Inputs) => string[];
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
  /** A state: the declared inputs, then what was observed (outputs, and live values of some arguments). */
  stateOf(declared: Inputs, observed: Partial<State>): State;
  /** The inputs as the program declared them, from a state written by stateOf: what read returns as inputs. */
  declaredInputsOf(props: Inputs): Inputs;
}

/**
 * The state key holding the declared value of each argument whose state value is an observation (a live size, a
 * description changed on a console; null: not declared). The dynamic provider's read is given the state only, never
 * the stored inputs, so this is how read returns inputs as declared and never writes an observation into them.
 */
export const DECLARED_INPUTS = "declaredInputs";

export function defineResource<Inputs extends object, State, Schema extends z.ZodObject>(
  definition: ResourceDefinition<Inputs, State, Schema>,
): ResourceKit<Inputs, State> {
  const { schema, namedBy, redacted = [] } = definition;
  const subject: ResourceKit<Inputs, State>["subject"] = (inputs, id) =>
    subjectOf(schema.type, inputs.resourceUrn, namedBy ? String(inputs[namedBy]) : "", id);
  // Secrets are never observed (a key stays the key), and a copy here would not be marked secret.
  const arguments_ = Object.keys(schema.inputs.shape).filter((key) => !redacted.includes(key));
  return {
    provider: providerOf(definition, subject),
    subject,
    inputsOf: (props) => inputsOf(schema.inputs, props),
    stateOf: (declared, observed) => {
      const state = withoutUndefined({ ...inputsOf(schema.inputs, declared), ...observed }) as Record<string, unknown>;
      const given = declared as Record<string, unknown>;
      const differing = arguments_.filter((key) => !sameValue(state[key], given[key]));
      if (differing.length === 0) return state as State;
      const record = Object.fromEntries(differing.map((key) => [key, given[key] ?? null]));
      return { ...state, [DECLARED_INPUTS]: record } as State;
    },
    declaredInputsOf: (props) => {
      const record = (props as Record<string, unknown>)[DECLARED_INPUTS] as Record<string, unknown> | undefined;
      const inputs = { ...inputsOf(schema.inputs, props), ...record } as Record<string, unknown>;
      return withoutUndefined(
        Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== null)),
      ) as Inputs;
    },
  };
}

function providerOf<Inputs extends object, State, Schema extends z.ZodObject>(
  definition: ResourceDefinition<Inputs, State, Schema>,
  subject: ResourceKit<Inputs, State>["subject"],
): pulumi.dynamic.ResourceProvider<Inputs, State> {
  const { schema, normalize = (inputs: Inputs) => inputs } = definition;
  const byRules = async (_id: string, olds: State, news: Inputs) =>
    diffByRules(
      schema.changes,
      olds as Partial<Record<ArgumentOf<Schema>, unknown>>,
      news as Partial<Record<ArgumentOf<Schema>, unknown>>,
      definition.diffOptions,
    );
  const diffArguments = definition.diff ?? byRules;
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
    // The engine's refresh calls diff too (state just read against the stored inputs): drift then shows as a change,
    // so `refresh --expect-no-changes` fails on it, and the next `up` plans the update that acts on it.
    diff: async (id, olds, news) => {
      const result = await diffArguments(id, olds, news);
      const reasons = definition.drift?.(olds, news) ?? [];
      if (reasons.length === 0) return result;
      const who = subject(news, id);
      for (const reason of reasons) progress(who, `drift the next \`up\` acts on: ${reason}`);
      return { ...result, changes: true };
    },
    create: definition.create,
    read: definition.read,
    update: definition.update,
    delete: definition.delete,
  };
}
