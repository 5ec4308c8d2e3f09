// The provider object handed to pulumi.dynamic.Resource is serialized into the checkpoint and re-hydrated by the
// dynamic provider host. This stub keeps that text small and free of captured state: every method `require`s
// the resource's implementation by package name at run time (the host resolves modules from the program's
// directory, where `pulumi-interconnect` is installed), so no client, schema or configuration is captured, and
// upgrading the package upgrades the behaviour of existing resources.
// Size: the closure serializer wraps every function in a fixed ~175-byte scaffold, so the seven forwarders plus the
// loader come to ~2 KB per resource; tests/unit/stub.test.ts pins the bound.
import type * as pulumi from "@pulumi/pulumi";
import type { ID } from "@pulumi/pulumi";

type Inputs = Record<string, unknown>;

/** `resourceDir` is the folder under provider/ whose `impl` module exports `provider`. */
export function providerStub(resourceDir: string): pulumi.dynamic.ResourceProvider {
  const implModule = `pulumi-interconnect/dist/provider/${resourceDir}/impl`;
  const impl = (): Required<pulumi.dynamic.ResourceProvider> => require(implModule).provider;
  return {
    configure: (req: pulumi.dynamic.ConfigureRequest) => impl().configure(req),
    check: (olds: Inputs, news: Inputs) => impl().check(olds, news),
    diff: (id: ID, olds: Inputs, news: Inputs) => impl().diff(id, olds, news),
    create: (inputs: Inputs) => impl().create(inputs),
    read: (id: ID, props?: Inputs) => impl().read(id, props),
    update: (id: ID, olds: Inputs, news: Inputs) => impl().update(id, olds, news),
    delete: (id: ID, props: Inputs) => impl().delete(id, props),
  };
}
