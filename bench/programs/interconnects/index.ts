// Benchmark program for bench/run.ts (not a test). Two shapes, chosen by environment variables the bench passes
// through the engine:
//   BENCH_KEYS_FILE=<json file of [{key, site}]>  one Interconnect per pre-issued activation key (nothing else), so
//                                                 a stack of N Interconnects compares 1:1 with N trivial resources;
//   BENCH_SHAPE=keys                              BENCH_COUNT ActivationKeys (nothing else), likewise 1:1;
//   otherwise                                     BENCH_COUNT ActivationKey + Interconnect pairs and, with
//                                                 BENCH_GROUP=1, a RedundantLinkGroup over the first two.
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { ActivationKey, Interconnect, RedundantLinkGroup } from "pulumi-interconnect";

const keysFile = process.env.BENCH_KEYS_FILE;
const keyArgs = {
  environmentId: "us-east-1:nyc",
  bandwidthGbps: 1,
  attachPoint: "5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",
  remoteAccount: "partner-acct-1",
} as const;
const interconnects: Interconnect[] = [];

if (keysFile) {
  const keys = JSON.parse(fs.readFileSync(keysFile, "utf8")) as { key: string; site: string }[];
  // BENCH_CREATE_TIMEOUT (e.g. "3m") turns a connection the emulator never verifies into a failure instead of a 30 m wait.
  const timeouts = process.env.BENCH_CREATE_TIMEOUT ? { timeouts: { create: process.env.BENCH_CREATE_TIMEOUT } } : {};
  keys.forEach(({ key, site }, i) =>
    interconnects.push(new Interconnect(`ic-${i}`, { activationKey: pulumi.secret(key), site, ...timeouts })),
  );
} else if (process.env.BENCH_SHAPE === "keys") {
  const count = Number(process.env.BENCH_COUNT ?? "2");
  for (let i = 0; i < count; i++) new ActivationKey(`key-${i}`, keyArgs);
} else {
  const count = Number(process.env.BENCH_COUNT ?? "2");
  for (let i = 0; i < count; i++) {
    const key = new ActivationKey(`key-${i}`, keyArgs);
    interconnects.push(new Interconnect(`ic-${i}`, { activationKey: key.activationKey, site: "nyc-hq" }));
  }
  if (process.env.BENCH_GROUP === "1" && interconnects.length >= 2) {
    new RedundantLinkGroup("group", {
      interconnects: [interconnects[0].connectionId, interconnects[1].connectionId],
      policy: { minLinks: 2, distinct: ["device"] },
      enforcement: "warn",
    });
  }
}

export const count = interconnects.length || Number(process.env.BENCH_COUNT ?? "2");
