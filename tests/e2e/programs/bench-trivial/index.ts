// Benchmark baseline for bench/run.ts (not a test): BENCH_COUNT trivial dynamic resources whose provider is an
// inline object serialized by the SDK's closure serializer (the default way to write a dynamic provider).
import * as pulumi from "@pulumi/pulumi";

const trivialProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `trivial-${inputs.index}`, outs: inputs };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: { index: number; value: string }, opts?: pulumi.CustomResourceOptions) {
    super(trivialProvider, name, props, opts);
  }
}

const count = Number(process.env.BENCH_COUNT ?? "50");
for (let i = 0; i < count; i++) new Trivial(`t-${i}`, { index: i, value: "trivial" });

export const resources = count;
