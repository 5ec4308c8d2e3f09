// The provider's bytes in state per resource (P1) and the API calls of a no-change preview, a no-op up and an up
// --refresh (P2), on one stack of ActivationKey + Interconnect pairs and a RedundantLinkGroup.
import * as path from "node:path";
import {
  type Benchmark,
  customerCalls,
  DELAY_MS,
  dropStack,
  emulatorEnv,
  findStateFile,
  log,
  median,
  newStack,
  num,
  only,
  opsOf,
  PROGRAM_ICS,
  PROGRAM_TRIVIAL,
  readSavedResult,
  REPEATS,
  resetStats,
  round,
  saveResult,
  stateResources,
  verdict,
  withEmulator,
} from "./support";

type CallSample = Awaited<ReturnType<typeof customerCalls>> & { changes: number; ops: Record<string, number> };

async function measureStateSizeAndApiCalls(runP1: boolean, runP2: boolean) {
  const n = num("p2-n", 3);
  await withEmulator(DELAY_MS, async (em) => {
    const env = { ...emulatorEnv(em), BENCH_COUNT: String(n), BENCH_GROUP: "1" };
    const stack = await newStack(PROGRAM_ICS, "bench-p12", env);
    try {
      log(`P1/P2: up of ${n} ActivationKey + ${n} Interconnect + 1 RedundantLinkGroup`);
      await stack.up();
      const resourceCount = stateResources(stack.backendDir).resources.filter((r) =>
        r.type.startsWith("pulumi-nodejs:dynamic"),
      ).length;
      const p1Samples: Record<string, number[]> = {};
      const p1Whole: Record<string, number[]> = {};
      const p2 = { preview: [] as CallSample[], noopUp: [] as CallSample[], refreshUp: [] as CallSample[] };
      const readP1 = () => {
        const { resources } = stateResources(stack.backendDir);
        for (const r of resources) {
          const source = r.outputs?.__provider ?? r.inputs?.__provider;
          if (typeof source !== "string") continue;
          const type = r.type.split(":").pop()!;
          (p1Samples[type] ??= []).push(Buffer.byteLength(source, "utf8"));
          (p1Whole[type] ??= []).push(Buffer.byteLength(JSON.stringify(r), "utf8"));
        }
      };
      for (let i = 0; i < REPEATS; i++) {
        if (runP2) {
          await resetStats(em);
          const pv = await stack.preview();
          p2.preview.push({ ...(await customerCalls(em)), changes: pv.changes.length, ops: opsOf(pv.changes) });
          await resetStats(em);
          const up = await stack.up();
          p2.noopUp.push({ ...(await customerCalls(em)), changes: up.changes.length, ops: opsOf(up.changes) });
          await resetStats(em);
          const ref = await stack.up({ refresh: true });
          p2.refreshUp.push({ ...(await customerCalls(em)), changes: ref.changes.length, ops: opsOf(ref.changes) });
        }
        if (runP1) readP1();
        if (!runP2) break; // the state does not change between repeats without P2's operations
      }
      const stateFile = path.relative(stack.backendDir, findStateFile(stack.backendDir));
      if (runP1) await saveStateSize(n, stateFile, p1Samples, p1Whole);
      if (runP2) saveApiCalls(n, resourceCount, p2);
    } finally {
      dropStack(stack);
    }
  });
}

/** P1: the provider bytes per resource type, beside a trivial inline dynamic resource's (the baseline). */
async function saveStateSize(
  n: number,
  stateFile: string,
  p1Samples: Record<string, number[]>,
  p1Whole: Record<string, number[]>,
) {
  // The baseline: a trivial inline dynamic resource serialized by the SDK (state of a 3-resource stack).
  const trivial = await newStack(PROGRAM_TRIVIAL, "bench-p1-trivial", { BENCH_COUNT: "3" });
  try {
    await trivial.up();
    for (const r of stateResources(trivial.backendDir).resources) {
      const source = r.outputs?.__provider;
      if (typeof source === "string") {
        (p1Samples["Trivial (inline closure, baseline)"] ??= []).push(Buffer.byteLength(source, "utf8"));
        (p1Whole["Trivial (inline closure, baseline)"] ??= []).push(Buffer.byteLength(JSON.stringify(r), "utf8"));
      }
    }
  } finally {
    dropStack(trivial);
  }
  const perType = Object.fromEntries(
    Object.entries(p1Samples).map(([type, xs]) => [
      type,
      {
        samples: xs.length,
        providerBytesMedian: median(xs),
        providerBytesMax: Math.max(...xs),
        resourceEntryBytesMedian: median(p1Whole[type]),
      },
    ]),
  );
  saveResult("P1", {
    howMeasured: `after \`pulumi up\` (and each P2 repeat) of ${PROGRAM_ICS} (BENCH_COUNT=${n}, BENCH_GROUP=1), read <backendDir>/${stateFile}, checkpoint.latest.resources[].outputs.__provider, UTF-8 bytes`,
    targetBytes: 1024,
    perType,
  });
}

/** P2: the customer-API calls of each operation, summarized over the repeats. */
function saveApiCalls(n: number, resourceCount: number, p2: Record<"preview" | "noopUp" | "refreshUp", CallSample[]>) {
  const summarize = (xs: CallSample[]) => ({
    totalMedian: median(xs.map((x) => x.total)),
    readsMedian: median(xs.map((x) => x.reads)),
    mutatingMedian: median(xs.map((x) => x.mutating)),
    changesMedian: median(xs.map((x) => x.changes)),
    samples: xs,
  });
  saveResult("P2", {
    howMeasured:
      `stack of ${PROGRAM_ICS} with BENCH_COUNT=${n} BENCH_GROUP=1 (${resourceCount} dynamic resources) already up; ` +
      "POST /_admin/stats/reset before each operation, then customer-API requests from GET /_admin/stats (peer traffic between the emulated roles excluded)",
    commands: ["pulumi preview --diff", "pulumi up --diff --yes", "pulumi up --diff --yes --refresh"],
    resources: resourceCount,
    preview: summarize(p2.preview),
    noopUp: summarize(p2.noopUp),
    refreshUp: {
      ...summarize(p2.refreshUp),
      getsPerResourceMedian: round(median(p2.refreshUp.map((x) => x.reads)) / resourceCount, 3),
    },
  });
}

/** Its rows in bench/RESULTS.md, from the saved results. */
function rows(): string[] {
  const out: string[] = [];
  const p1 = readSavedResult("P1");
  if (p1) {
    const ours = Object.entries(p1.perType as Record<string, any>).filter(([t]) => !t.startsWith("Trivial"));
    const worst = Math.max(...ours.map(([, v]) => v.providerBytesMax));
    out.push(
      `| P1 provider bytes per resource | ${ours.map(([t, v]) => `${t} ${v.providerBytesMedian} B`).join(", ")} (baseline trivial inline: ${p1.perType["Trivial (inline closure, baseline)"]?.providerBytesMedian ?? "?"} B) | ≤ 1024 B | ${verdict(worst <= 1024, `${worst - 1024} B over`)} | \`${p1.command}\` | ${p1.ranAt} / ${p1.loadavgAtEnd} |`,
    );
  }
  const p2 = readSavedResult("P2");
  if (p2) {
    out.push(
      `| P2 calls, no-change preview | ${p2.preview.totalMedian} calls (${p2.preview.changesMedian} changes) | 0 | ${verdict(p2.preview.totalMedian === 0)} | \`${p2.command}\` | ${p2.ranAt} / ${p2.loadavgAtEnd} |`,
    );
    out.push(
      `| P2 calls, no-op up | ${p2.noopUp.mutatingMedian} mutating, ${p2.noopUp.readsMedian} reads | 0 mutating | ${verdict(p2.noopUp.mutatingMedian === 0)} | \`${p2.command}\` | ${p2.ranAt} / ${p2.loadavgAtEnd} |`,
    );
    out.push(
      `| P2 calls, up --refresh | ${p2.refreshUp.readsMedian} GETs for ${p2.resources} resources = ${p2.refreshUp.getsPerResourceMedian} per resource; ${p2.refreshUp.mutatingMedian} mutating | ≤ 1 GET per resource | ${verdict(p2.refreshUp.getsPerResourceMedian <= 1)} | \`${p2.command}\` | ${p2.ranAt} / ${p2.loadavgAtEnd} |`,
    );
  }
  return out;
}

export const stateSizeAndApiCalls: Benchmark = {
  ids: ["P1", "P2"],
  run: () => measureStateSizeAndApiCalls(only.includes("P1"), only.includes("P2")),
  rows,
};
