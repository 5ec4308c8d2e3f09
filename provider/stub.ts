// The thin stub each resource stores in `__provider`: one line loading the implementation by the public entry point
// `pulumi-interconnect/provider` and the type name (./registry.ts), never a file path: a contract with every state file.
import * as pulumi from "@pulumi/pulumi";
import { RESOURCE_FIELDS } from "./generated/resource-fields";

/** The resource types of this package, as stored in state (the last part of the type token). */
export type ResourceTypeName = keyof typeof RESOURCE_FIELDS;
export const RESOURCE_TYPES = Object.keys(RESOURCE_FIELDS) as readonly ResourceTypeName[];

/** The package's stable entry point that maps a resource type name to its provider (package.json `exports`). */
export const REGISTRY_MODULE = "pulumi-interconnect/provider";

/** The module source stored as `__provider`. */
export function providerSource(type: ResourceTypeName): string {
  return `exports.handler = () => require(${JSON.stringify(REGISTRY_MODULE)}).load(${JSON.stringify(type)});\n`;
}

/** Full type token of one of this package's resources, e.g. "pulumi-nodejs:dynamic/interconnect:Interconnect". */
export function dynamicResourceType(type: ResourceTypeName): string {
  return `pulumi-nodejs:dynamic/interconnect:${type}`;
}

interface ResourceFields {
  outputs: readonly string[];
  idOutput?: string;
  secretArguments: readonly string[];
  secretOutputs: readonly string[];
}

/**
 * Base class of this package's resources: a dynamic resource whose provider is the thin stub above. It registers
 * the outputs its schema declares (./generated/resource-fields.ts), keeps the secret ones secret, gives the
 * provider the resource's URN (it names the resource in messages and seeds idempotency tokens) and takes the id
 * output from `id`, which stays known in the preview of an update while other outputs do not.
 */
export abstract class ThinDynamicResource extends pulumi.CustomResource {
  protected constructor(
    type: ResourceTypeName,
    name: string,
    args: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    refuseObjectNameKeys(name, args);
    const fields: ResourceFields = RESOURCE_FIELDS[type];
    const token = dynamicResourceType(type);
    const props = {
      ...Object.fromEntries(fields.outputs.map((output) => [output, undefined])),
      ...args,
      ...Object.fromEntries(
        fields.secretArguments.filter((key) => key in args).map((key) => [key, pulumi.secret(args[key])]),
      ),
      resourceUrn: pulumi.createUrn(name, token, opts?.parent),
      __provider: providerSource(type),
    };
    const additionalSecretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...fields.secretOutputs];
    super(token, name, props, { ...opts, additionalSecretOutputs });
    if (fields.idOutput) Object.assign(this, { [fields.idOutput]: this.id });
  }
}

/**
 * A map argument (tags) with an own `__proto__` key: the provider host rebuilds objects key by key, where that key sets
 * the prototype instead, so the provider would never see it. Refused here, before anything is registered.
 */
function refuseObjectNameKeys(name: string, args: pulumi.Inputs): void {
  for (const [argument, value] of Object.entries(args) as [string, unknown][]) {
    if (value !== null && typeof value === "object" && Object.hasOwn(value, "__proto__"))
      throw new Error(
        `${name}: ${argument}: "__proto__" cannot be a key here: it is a JavaScript object name, which would be dropped, ` +
          "not applied",
      );
  }
}

/**
 * A resource's outputs as its class exposes them, from the output shape generated from its schema: each one a
 * pulumi.Output (merged into the class by an interface of the same name, so no output is declared twice).
 */
export type OutputsOf<Shape> = { readonly [K in keyof Shape]-?: pulumi.Output<Shape[K]> };

/**
 * A resource's arguments as a program passes them: the plain shape generated from its schema
 * (./generated/types.ts), where every value, nested ones too, may be an Input (a value, a promise or an Output).
 */
export type InputsOf<Shape> = { [K in keyof Shape]: pulumi.Input<InputOf<Shape[K]>> };

type InputOf<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null | undefined
    ? T
    : T extends readonly (infer Item)[]
      ? pulumi.Input<InputOf<Item>>[]
      : InputsOf<T>;
