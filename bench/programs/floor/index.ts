// Benchmark floor for bench/preview-scale.ts (not a test): BENCH_COUNT component resources with the same inputs as the
// trivial dynamic resources. Components reach no provider, so a preview of this stack is what the engine and the
// language host cost alone.
import * as pulumi from "@pulumi/pulumi";

class Floor extends pulumi.ComponentResource {
  constructor(name: string, props: { index: number; value: string }, opts?: pulumi.ComponentResourceOptions) {
    super("bench:index:Floor", name, props, opts);
    this.registerOutputs({});
  }
}

const count = Number(process.env.BENCH_COUNT ?? "50");
for (let i = 0; i < count; i++) new Floor(`f-${i}`, { index: i, value: "floor" });

export const resources = count;
