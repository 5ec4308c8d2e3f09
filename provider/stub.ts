// The thin stub. A dynamic resource's provider travels in its `__provider` property as the source of a CommonJS
// module whose `handler()` returns the provider; the dynamic provider host evaluates it for every operation.
// Instead of letting the closure serializer capture a provider object (~2 KB of scaffolding per resource), each
// resource stores one line that loads the implementation by package name and resource TYPE at run time (the host
// resolves modules from the program's directory, where `pulumi-interconnect` is installed). No client, schema or
// configuration is captured, and upgrading the package changes the behaviour of existing resources.
//
// The stored line is a contract with every state file ever written: it names only the public entry point
// `pulumi-interconnect/provider` and a type name, never a file path, so source folders can move freely.
// See provider/registry.ts and "Upgrades and state" in the README.
import * as pulumi from "@pulumi/pulumi";

/** The resource types of this package, as stored in state (the last part of the type token). */
export const RESOURCE_TYPES = [
  "ActivationKey",
  "ConnectionProposalAccepter",
  "Interconnect",
  "RedundantLinkGroup",
] as const;
export type ResourceTypeName = (typeof RESOURCE_TYPES)[number];

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

/** Base class of this package's resources: a dynamic resource whose provider is the thin stub above. */
export abstract class ThinDynamicResource extends pulumi.CustomResource {
  protected constructor(
    type: ResourceTypeName,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(dynamicResourceType(type), name, { ...props, __provider: providerSource(type) }, opts);
  }
}

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
