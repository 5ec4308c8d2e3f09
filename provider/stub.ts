// The thin stub. A dynamic resource's provider travels in its `__provider` property as the source of a CommonJS
// module whose `handler()` returns the provider; the dynamic provider host evaluates it for every operation.
// Instead of letting the closure serializer capture a provider object (~2 KB of scaffolding per resource), each
// resource stores one line that loads the implementation by package name at run time (the host resolves modules
// from the program's directory, where `pulumi-interconnect` is installed). No client, schema or configuration is
// captured, and upgrading the package changes the behaviour of existing resources without rewriting state.
import * as pulumi from "@pulumi/pulumi";

/** The module source stored as `__provider`; `resourceDir` is the folder under provider/ whose `impl` exports `provider`. */
export function providerSource(resourceDir: string): string {
  const implModule = `pulumi-interconnect/dist/provider/${resourceDir}/impl`;
  return `exports.handler = () => require(${JSON.stringify(implModule)}).provider;\n`;
}

/** Full type token of one of this package's dynamic resources, e.g. "pulumi-nodejs:dynamic/interconnect:Interconnect". */
export function dynamicResourceType(type: string): string {
  return `pulumi-nodejs:dynamic/interconnect:${type}`;
}

/** Base class of this package's resources: a dynamic resource whose provider is the thin stub above. */
export abstract class ThinDynamicResource extends pulumi.CustomResource {
  protected constructor(
    resourceDir: string,
    type: string,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(dynamicResourceType(type), name, { ...props, __provider: providerSource(resourceDir) }, opts);
  }
}
