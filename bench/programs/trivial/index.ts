// Benchmark baseline for bench/run.ts and bench/preview-scale.ts (not a test): BENCH_COUNT trivial dynamic resources
// whose provider is an inline object serialized by the SDK's closure serializer (the default way to write a dynamic
// provider). BENCH_OUTPUTS=<n> declares n more (empty) output properties on each, so a trivial resource can register
// as many properties as one of this package's: the SDK's cost per registered property, alone.
import * as pulumi from "@pulumi/pulumi";

const trivialProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `trivial-${inputs.index}`, outs: inputs };
  },
};

const extraOutputs = Array.from({ length: Number(process.env.BENCH_OUTPUTS ?? "0") }, (_, i) => [
  `output${i}`,
  undefined,
]);

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: { index: number; value: string }, opts?: pulumi.CustomResourceOptions) {
    super(trivialProvider, name, { ...Object.fromEntries(extraOutputs), ...props }, opts);
  }
}

const count = Number(process.env.BENCH_COUNT ?? "50");
for (let i = 0; i < count; i++) new Trivial(`t-${i}`, { index: i, value: "trivial" });

export const resources = count;
