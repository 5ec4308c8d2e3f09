// The provider plugin `interconnect`: each call goes by the type token in its URN to the implementation the dynamic
// face loads (./dispatch.ts), secrets unwrapped on the way in and re-marked on the way out (./secrets.ts); previews
// are answered from ./preview.ts without calling it. GetSchema serves schema/pulumi-package.json.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { RESOURCE_FIELDS } from "../generated/resource-fields";
import type { ResourceTypeName } from "../stub";
import { implementationOf, withoutInternal, withUrn } from "./dispatch";
import { previewCreateOutputs, previewUpdateOutputs } from "./preview";
import { markSecrets, unwrapBag } from "./secrets";
import type { Previews } from "./service";

type Bag = Record<string, unknown>;

/** The first `relative` path found from this module's folder upwards (the source tree and dist/ differ in depth). */
export function packageFile(relative: string, from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`the interconnect provider cannot find ${relative} above ${from}`);
  }
}

/** The fields of `type` kept secret in state, plus those that came in secret. */
const secretFields = (type: ResourceTypeName, cameSecret: readonly string[] = []): string[] => [
  ...RESOURCE_FIELDS[type].secretArguments,
  ...RESOURCE_FIELDS[type].secretOutputs,
  ...cameSecret,
];

/** What goes back to the engine: no internal input, every secret field marked. */
const outgoing = (type: ResourceTypeName, bag: unknown, cameSecret?: readonly string[]): Bag =>
  markSecrets(withoutInternal((bag ?? {}) as Bag), secretFields(type, cameSecret));

/** A failed create or update that still made something (ResourceInitError): its properties marked too. */
function withMarkedPartialState(type: ResourceTypeName, e: unknown, cameSecret: readonly string[]): unknown {
  const partial = e as { id?: string; properties?: Bag };
  if (partial && typeof partial === "object" && partial.id && partial.properties)
    partial.properties = outgoing(type, partial.properties, cameSecret);
  return e;
}

/**
 * The schema defaults an imported resource's inputs lack (e.g. an Interconnect's `maxBandwidthStepTiers`, which no API
 * reports): the program's check fills them in, so without them in state the first preview after `pulumi import` shows
 * them as a change. Taken from the implementation's own check of the inputs read.
 */
async function defaultsMissingFrom(provider: pulumi.dynamic.ResourceProvider, urn: string, inputs: Bag): Promise<Bag> {
  const checked = await provider.check!({}, withUrn(urn, inputs));
  return Object.fromEntries(
    Object.entries(withoutInternal((checked.inputs ?? {}) as Bag)).filter(([key]) => inputs[key] === undefined),
  );
}

export type PluginProvider = pulumi.provider.Provider & Previews;

/** Previews never call the implementation: secrets unwrapped to compute, marked again (unknowns stay unknown). */
const previews: Previews = {
  previewCreate(urn, inputs) {
    const type = implementationOf(urn).type;
    const given = unwrapBag(inputs);
    return outgoing(type, previewCreateOutputs(given.plain), given.secretKeys);
  },

  async previewUpdate(_id, urn, olds, news) {
    const type = implementationOf(urn).type;
    const [before, after] = [unwrapBag(olds), unwrapBag(news)];
    const outputs = previewUpdateOutputs(type, before.plain, after.plain);
    return outgoing(type, outputs, [...before.secretKeys, ...after.secretKeys]);
  },
};

export function interconnectProvider(version: string, schema: () => string): PluginProvider {
  return {
    ...previews,
    version,
    getSchema: async () => schema(),

    async check(urn, olds, news) {
      const { type, provider } = implementationOf(urn);
      const given = unwrapBag(news);
      const result = await provider.check!(withUrn(urn, unwrapBag(olds).plain), withUrn(urn, given.plain));
      return { inputs: outgoing(type, result.inputs, given.secretKeys), failures: result.failures ?? [] };
    },

    async diff(id, urn, olds, news) {
      const { provider } = implementationOf(urn);
      const result = await provider.diff!(id, withUrn(urn, unwrapBag(olds).plain), withUrn(urn, unwrapBag(news).plain));
      return {
        changes: result.changes,
        replaces: result.replaces ?? [],
        deleteBeforeReplace: result.deleteBeforeReplace ?? false,
      };
    },

    async create(urn, inputs) {
      const { type, provider } = implementationOf(urn);
      const given = unwrapBag(inputs);
      try {
        const result = await provider.create(withUrn(urn, given.plain));
        return { id: result.id, outs: outgoing(type, result.outs, given.secretKeys) };
      } catch (e) {
        throw withMarkedPartialState(type, e, given.secretKeys);
      }
    },

    // `pulumi import` reads with no properties: the implementation then takes the inputs from the live object.
    async read(id, urn, props) {
      const { type, provider } = implementationOf(urn);
      const given = unwrapBag(props);
      const result = await provider.read!(id, withUrn(urn, given.plain));
      if (!result.id) return { id: "", props: {} };
      const imported = Object.keys(given.plain).length === 0 && result.inputs !== undefined;
      const defaults = imported ? await defaultsMissingFrom(provider, urn, result.inputs as Bag) : {};
      return {
        id: result.id,
        props: outgoing(type, { ...defaults, ...(result.props as Bag) }, given.secretKeys),
        inputs:
          result.inputs === undefined ? undefined : outgoing(type, { ...defaults, ...result.inputs }, given.secretKeys),
      };
    },

    async update(id, urn, olds, news) {
      const { type, provider } = implementationOf(urn);
      const given = unwrapBag(news);
      try {
        const result = await provider.update!(id, withUrn(urn, unwrapBag(olds).plain), withUrn(urn, given.plain));
        return { outs: outgoing(type, result.outs, given.secretKeys) };
      } catch (e) {
        throw withMarkedPartialState(type, e, given.secretKeys);
      }
    },

    async delete(id, urn, props) {
      const { provider } = implementationOf(urn);
      await provider.delete!(id, withUrn(urn, unwrapBag(props).plain));
    },
  };
}
