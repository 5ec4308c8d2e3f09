// Benchmark suite (not tests). Run: `npm run bench` (all), or select benches and sizes:
//   npm run bench -- --only P3 --n 50 --repeats 3
//   npm run bench -- --only P5 --p5-n 100 --p5-repeats 1
// Each bench writes bench/results/<id>.json; bench/RESULTS.md is regenerated from every results file present plus
// bench/analysis.md, so benches can be re-run one at a time.
//
// Flags: --only P1,P2,P3,P4,P5,EMU   --repeats R (default 3)   --n N (P3 size, default 50)
//        --p2-n N (key+interconnect pairs for P1/P2, default 3)   --p4-delays 200,2000,5000
//        --p5-n N (default 200)   --p5-repeats R (default 3)   --p5-rps 20   --p5-parallel P (engine --parallel)   --delay MS (provisioning delay, 200)
//        --no-fresh (P3 without the fresh-stack preview)   --emu-requests 3000 --emu-concurrency 32
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { PARTNER_CUSTOMER_TOKEN } from "../emulator/defaults";
import {
  ensurePulumi,
  REPO_ROOT,
  TestStack,
  flags,
  num,
  only,
  REPEATS,
  DELAY_MS,
  PROGRAM_ICS,
  PROGRAM_TRIVIAL,
  median,
  round,
  log,
  loadSample,
  admin,
  resetStats,
  customerCalls,
  withEmulator,
  emulatorEnv,
  issueKeys,
  opsOf,
  findStateFile,
  stateResources,
  cliEnv,
  timeCli,
  newStack,
  dropStack,
  readSavedResult,
  saveResult,
} from "./support";
import { benchP6, p6Rows } from "./preview-scale";

// ---------------------------------------------------------------------------------------------------------------------
// P1 + P2: provider bytes in state; API calls of preview / no-op up / up --refresh

async function benchP1P2(runP1: boolean, runP2: boolean) {
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
      const p2 = { preview: [] as any[], noopUp: [] as any[], refreshUp: [] as any[] };
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
      if (runP1) {
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
      if (runP2) {
        const summarize = (xs: any[]) => ({
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
    } finally {
      dropStack(stack);
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// P3: preview wall time, N Interconnects vs N trivial dynamic resources

async function benchP3() {
  const n = num("n", 50);
  const fresh = flags["no-fresh"] === undefined;
  await withEmulator(DELAY_MS, async (em) => {
    const keysFile = await issueKeys(em, n, "p3");
    const icEnv = { ...emulatorEnv(em), BENCH_KEYS_FILE: keysFile };
    const trEnv = { BENCH_COUNT: String(n) };
    const stacks: TestStack[] = [];
    try {
      const ic = await newStack(PROGRAM_ICS, "bench-p3-ic", icEnv);
      stacks.push(ic);
      const tr = await newStack(PROGRAM_TRIVIAL, "bench-p3-trivial", trEnv);
      stacks.push(tr);
      log(`P3: up of ${n} Interconnects and ${n} trivial resources`);
      await ic.up();
      await tr.up();
      const previewArgs = (s: TestStack, dir: string) => [
        "preview",
        "--non-interactive",
        "--stack",
        s.stack.name,
        "--cwd",
        path.join(REPO_ROOT, dir),
      ];
      const run = async (s: TestStack, dir: string, env: Record<string, string>) => {
        await resetStats(em);
        const { seconds } = await timeCli(previewArgs(s, dir), cliEnv(s.backendDir, env));
        const calls = await customerCalls(em);
        return { seconds, calls: calls.total };
      };
      const rows: { ic: number; trivial: number; ratio: number; icCalls: number }[] = [];
      for (let i = 0; i < REPEATS; i++) {
        // Alternate the order so drifting background load hits both sides alike.
        const a = i % 2 === 0 ? await run(ic, PROGRAM_ICS, icEnv) : undefined;
        const b = await run(tr, PROGRAM_TRIVIAL, trEnv);
        const a2 = a ?? (await run(ic, PROGRAM_ICS, icEnv));
        rows.push({
          ic: round(a2.seconds),
          trivial: round(b.seconds),
          ratio: round(a2.seconds / b.seconds, 3),
          icCalls: a2.calls,
        });
        log(
          `P3 up-to-date preview #${i + 1}: interconnects ${a2.seconds.toFixed(2)} s, trivial ${b.seconds.toFixed(2)} s`,
        );
      }
      const freshRows: typeof rows = [];
      if (fresh) {
        const ic2 = await newStack(PROGRAM_ICS, "bench-p3-ic-fresh", icEnv);
        stacks.push(ic2);
        const tr2 = await newStack(PROGRAM_TRIVIAL, "bench-p3-trivial-fresh", trEnv);
        stacks.push(tr2);
        for (let i = 0; i < REPEATS; i++) {
          const b = await run(tr2, PROGRAM_TRIVIAL, trEnv);
          const a = await run(ic2, PROGRAM_ICS, icEnv);
          freshRows.push({
            ic: round(a.seconds),
            trivial: round(b.seconds),
            ratio: round(a.seconds / b.seconds, 3),
            icCalls: a.calls,
          });
          log(`P3 fresh preview #${i + 1}: interconnects ${a.seconds.toFixed(2)} s, trivial ${b.seconds.toFixed(2)} s`);
        }
      }
      const summary = (xs: typeof rows) => ({
        interconnectSecondsMedian: median(xs.map((r) => r.ic)),
        trivialSecondsMedian: median(xs.map((r) => r.trivial)),
        ratioOfMedians: round(median(xs.map((r) => r.ic)) / median(xs.map((r) => r.trivial)), 3),
        medianOfRatios: median(xs.map((r) => r.ratio)),
        rows: xs,
      });
      saveResult("P3", {
        n,
        howMeasured:
          `wall time of \`pulumi preview --non-interactive --stack <s> --cwd <program>\` spawned directly (same env as the harness: file backend in a temp dir, PULUMI_SKIP_UPDATE_CHECK, no plugin acquisition); ` +
          `${PROGRAM_ICS} with BENCH_KEYS_FILE (${n} Interconnects on keys issued beforehand) vs ${PROGRAM_TRIVIAL} with BENCH_COUNT=${n}; interleaved in one run`,
        targetRatio: 1.3,
        upToDate: summary(rows),
        fresh: fresh ? summary(freshRows) : undefined,
      });
    } finally {
      stacks.forEach(dropStack);
      fs.rmSync(keysFile, { force: true });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// P4: readiness detection latency (provider create called directly)

async function benchP4() {
  const delays = (flags["p4-delays"] ?? "200,2000,5000,20000").split(",").map(Number);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const impl = require(path.join(REPO_ROOT, "dist/provider/interconnect/impl"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(REPO_ROOT, "dist/provider/settings"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const progressMod = require(path.join(REPO_ROOT, "dist/provider/progress"));
  const byDelay: Record<string, unknown> = {};
  for (const delay of delays) {
    await withEmulator(delay, async (em) => {
      config.setConnectionSettings({ partnerEndpoint: em.partnerUrl, partnerToken: PARTNER_CUSTOMER_TOKEN });
      let polls = 0;
      progressMod.setProgressSink(() => undefined);
      const keysFile = await issueKeys(em, REPEATS, `p4-${delay}`);
      const keys = JSON.parse(fs.readFileSync(keysFile, "utf8")) as { key: string; site: string }[];
      fs.rmSync(keysFile, { force: true });
      const samples: { latencyMs: number; createMs: number; gets: number }[] = [];
      for (let i = 0; i < keys.length; i++) {
        await resetStats(em);
        const started = Date.now();
        const res = await impl.provider.create({
          activationKey: keys[i].key,
          site: keys[i].site,
          macsec: "required",
          waitFor: "verified",
          maxBandwidthStepTiers: 2,
          resourceUrn: `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/interconnect:Interconnect::p4-${delay}-${i}`,
        });
        const resolved = Date.now();
        const state = (await admin(em).get("/state")).data;
        const offset = state.clockOffsetMs ?? 0;
        const verifiedAt = state.partner.connections[res.id]?.verifiedAt as number | undefined;
        if (verifiedAt === undefined) throw new Error(`P4: no verifiedAt on ${res.id}`);
        const calls = await customerCalls(em);
        polls = calls.byOperation["partner.GetConnection 200"] ?? 0;
        samples.push({ latencyMs: resolved - (verifiedAt - offset), createMs: resolved - started, gets: polls });
        log(
          `P4 delay ${delay} ms #${i + 1}: verified→returned ${resolved - (verifiedAt - offset)} ms (create ${resolved - started} ms, ${polls} GETs)`,
        );
      }
      progressMod.setProgressSink(undefined);
      byDelay[String(delay)] = {
        provisioningDelayMs: delay,
        latencyMsMedian: median(samples.map((s) => s.latencyMs)),
        latencyMsMax: Math.max(...samples.map((s) => s.latencyMs)),
        createMsMedian: median(samples.map((s) => s.createMs)),
        getsMedian: median(samples.map((s) => s.gets)),
        samples,
      };
    });
  }
  config.resetConnectionSettings();
  saveResult("P4", {
    howMeasured:
      "dist/provider/interconnect/impl provider.create({waitFor: 'verified'}) called in the bench process against an in-process emulator " +
      "(startEmulator({provisioningDelayMs})); latency = Date.now() when create resolved − partner connection verifiedAt from GET /_admin/state (emulated clock, offset 0)",
    targetMs: 1000,
    byDelay,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// P5: N Interconnects under a partner rate limit

async function benchP5() {
  const n = num("p5-n", 200);
  const repeats = num("p5-repeats", REPEATS);
  const rps = num("p5-rps", 20);
  const parallel = num("p5-parallel", 0); // 0: the engine default (8)
  const runs: Record<string, unknown>[] = [];
  for (let i = 0; i < repeats; i++) {
    const one = async (limit: number) =>
      withEmulator(DELAY_MS, async (em) => {
        const keysFile = await issueKeys(em, n, `p5-${i}-${limit}`);
        const env = {
          ...emulatorEnv(em),
          BENCH_KEYS_FILE: keysFile,
          BENCH_CREATE_TIMEOUT: flags["p5-create-timeout"] ?? "3m",
        };
        const stack = await newStack(PROGRAM_ICS, `bench-p5-${limit}`, env);
        try {
          if (limit > 0) await admin(em).post("/faults", { rateLimitRps: limit, scope: ["customer"] });
          await resetStats(em);
          const started = performance.now();
          let failed: string | undefined;
          let created = 0;
          try {
            if (parallel > 0) {
              const res = await stack.stack.up({ parallel });
              created = res.summary.resourceChanges?.create ?? 0;
            } else {
              const res = await stack.up();
              created = res.changes.filter((c) => c.op === "create").length;
            }
          } catch (e) {
            failed = (e instanceof Error ? e.message : String(e)).slice(-2000);
          }
          const seconds = (performance.now() - started) / 1000;
          const calls = await customerCalls(em);
          await admin(em).delete("/faults");
          const st = (await admin(em).get("/state")).data;
          const customers = Object.values(
            st.partner.connections as Record<string, { state: string; createdAt: number; verifiedAt?: number }>,
          );
          const available = customers.filter((c) => c.state === "available").length;
          // Server-side view: accept → verified per connection, and the span from the first accept to the last verification.
          const provisioningMs = customers.filter((c) => c.verifiedAt).map((c) => c.verifiedAt! - c.createdAt);
          const spanS =
            (Math.max(...customers.map((c) => c.verifiedAt ?? 0)) - Math.min(...customers.map((c) => c.createdAt))) /
            1000;
          return {
            rateLimitRps: limit,
            parallel: parallel || 8,
            seconds: round(seconds),
            created,
            available,
            failed: failed ?? null,
            acceptToVerifiedMsMedian: median(provisioningMs),
            firstAcceptToLastVerifiedSeconds: round(spanS),
            calls,
          };
        } finally {
          dropStack(stack);
          fs.rmSync(keysFile, { force: true });
        }
      });
    log(`P5 #${i + 1}: unthrottled up of ${n} Interconnects`);
    const free = await one(0);
    log(`P5 #${i + 1}: unthrottled ${free.seconds} s, ${free.calls.total} calls; throttled up at ${rps} req/s`);
    const limited = await one(rps);
    const required = free.calls.partner;
    const ideal = required / rps;
    const ratio = round(limited.seconds / ideal, 3);
    log(
      `P5 #${i + 1}: throttled ${limited.seconds} s, ideal ${ideal.toFixed(1)} s, ratio ${ratio}, 429s ${limited.calls.throttled}`,
    );
    runs.push({ unthrottled: free, throttled: limited, requiredCalls: required, idealSeconds: round(ideal), ratio });
  }
  saveResult("P5", {
    n,
    rateLimitRps: rps,
    howMeasured:
      `\`pulumi up\` (--parallel ${parallel || "8 (engine default)"}) of ${PROGRAM_ICS} with ${n} Interconnects on keys issued beforehand (cloud calls not part of the run), ` +
      `fresh emulator per run (provisioningDelayMs ${DELAY_MS}); required calls = partner customer-API requests (2xx and other non-429) of the unthrottled run; ` +
      `throttled run after POST /_admin/faults {rateLimitRps: ${rps}, scope: ["customer"]}; ratio = throttled wall time ÷ (required ÷ ${rps})`,
    targetRatio: 1.2,
    ratioMedian: median(runs.map((r) => r.ratio as number)),
    throttledSecondsMedian: median(runs.map((r) => (r.throttled as { seconds: number }).seconds)),
    requiredCallsMedian: median(runs.map((r) => r.requiredCalls as number)),
    runs,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Emulator throughput (bench/emulator-throughput.ts)

function benchEmu() {
  const requests = num("emu-requests", 3000);
  const concurrency = num("emu-concurrency", 32);
  const rates: number[] = [];
  const lines: string[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const res = spawnSync(
      "npx",
      ["ts-node", "--transpile-only", "bench/emulator-throughput.ts", String(requests), String(concurrency)],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
      },
    );
    const line = res.stdout.split("\n").find((l) => l.startsWith("GET partner connection")) ?? res.stderr;
    lines.push(line.trim());
    const m = /: (\d+) req\/s/.exec(line);
    if (m) rates.push(Number(m[1]));
    log(`EMU #${i + 1}: ${line.trim()}`);
  }
  saveResult("EMU", {
    howMeasured: `npx ts-node --transpile-only bench/emulator-throughput.ts ${requests} ${concurrency} (keep-alive axios clients in the same process as the emulator)`,
    reqPerSecondMedian: median(rates),
    samples: rates,
    lines,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// RESULTS.md

function machine() {
  const cli = ensurePulumi();
  const sdk = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  ).version;
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumiCli: cli.version,
    pulumiSdk: sdk,
  };
}

function verdict(ok: boolean, miss?: string) {
  return ok ? "**met**" : `**missed**${miss ? ` (${miss})` : ""}`;
}

function writeResultsMd(startLoad: string) {
  const m = machine();
  const out: string[] = [];
  out.push("# Benchmark results");
  out.push("");
  out.push(
    "Generated by `bench/run.ts` from `bench/results/*.json` (one file per bench, rewritten by each run) and `bench/analysis.md`.",
  );
  out.push(
    "`npm run bench` = `npm run build && ts-node --transpile-only bench/run.ts`; flags select benches and sizes (see the top of bench/run.ts).",
  );
  out.push("");
  out.push("## Machine");
  out.push("");
  out.push(`* ${m.nproc} vCPU (${m.cpu}), ${m.memoryGiB} GiB RAM, ${m.os}`);
  out.push(`* Node ${m.node}; Pulumi CLI ${m.pulumiCli} (toolchain/pulumi-cli.js); @pulumi/pulumi SDK ${m.pulumiSdk}`);
  out.push(
    `* Load average (1/5/15 min) at the end of each bench is in its row (at the start of the last invocation: ${startLoad}); ` +
      `the Analysis says which rows ran while other suites loaded the 2 cores. Ratios measured side by side (P3) are the most robust timing figures.`,
  );
  out.push("");
  out.push("| bench | figure (median of repeats) | target | verdict | command | ran at / load avg at end |");
  out.push("| --- | --- | --- | --- | --- | --- |");
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
  const p3 = readSavedResult("P3");
  if (p3) {
    const u = p3.upToDate;
    out.push(
      `| P3 preview, ${p3.n} Interconnects ÷ ${p3.n} trivial, stacks up to date | ${u.interconnectSecondsMedian} s ÷ ${u.trivialSecondsMedian} s = **${u.ratioOfMedians}×** (median of per-pair ratios ${u.medianOfRatios}×) | ≤ 1.3× | ${verdict(u.ratioOfMedians <= 1.3, `${round((u.ratioOfMedians / 1.3 - 1) * 100, 1)}% over`)} | \`${p3.command}\` | ${p3.ranAt} / ${p3.loadavgAtEnd} |`,
    );
    if (p3.fresh) {
      const f = p3.fresh;
      out.push(
        `| P3 preview, fresh stacks (all creates) | ${f.interconnectSecondsMedian} s ÷ ${f.trivialSecondsMedian} s = **${f.ratioOfMedians}×** | ≤ 1.3× | ${verdict(f.ratioOfMedians <= 1.3, `${round((f.ratioOfMedians / 1.3 - 1) * 100, 1)}% over`)} | \`${p3.command}\` | ${p3.ranAt} / ${p3.loadavgAtEnd} |`,
      );
    }
  }
  const p4 = readSavedResult("P4");
  if (p4) {
    for (const d of Object.values(p4.byDelay as Record<string, any>)) {
      out.push(
        `| P4 verified → create returned, provisioning ${d.provisioningDelayMs} ms | ${d.latencyMsMedian} ms (max ${d.latencyMsMax} ms; ${d.getsMedian} GETs) | ≤ 1000 ms | ${verdict(d.latencyMsMax <= 1000, `${d.latencyMsMax - 1000} ms over at worst`)} | \`${p4.command}\` | ${p4.ranAt} / ${p4.loadavgAtEnd} |`,
      );
    }
  }
  const p5 = readSavedResult("P5");
  if (p5) {
    const failures = (p5.runs as any[]).reduce(
      (n, r) => n + (r.throttled.failed ? 1 : 0) + (r.throttled.calls.errors ?? 0),
      0,
    );
    out.push(
      `| P5 ${p5.n} Interconnects at ${p5.rateLimitRps} req/s | ${p5.throttledSecondsMedian} s ÷ (${p5.requiredCallsMedian} calls ÷ ${p5.rateLimitRps}) = **${p5.ratioMedian}**; ${failures} of ${(p5.runs as any[]).length} throttled runs failed${failures > 0 ? " (creates timed out; see analysis)" : ""} | ≤ 1.2, 0 failures | ${verdict(p5.ratioMedian <= 1.2 && failures === 0, `${round((p5.ratioMedian / 1.2 - 1) * 100, 1)}% over`)} | \`${p5.command}\` | ${p5.ranAt} / ${p5.loadavgAtEnd} |`,
    );
  }
  const p6 = readSavedResult("P6");
  if (p6) out.push(...p6Rows(p6, verdict));
  const emu = readSavedResult("EMU");
  if (emu) {
    out.push(
      `| Emulator GET connection throughput | ${emu.reqPerSecondMedian} req/s (samples ${emu.samples.join(", ")}) | — | — | \`${emu.howMeasured.split(" (")[0]}\` (via \`${emu.command}\`) | ${emu.ranAt} / ${emu.loadavgAtEnd} |`,
    );
  }
  out.push("");
  out.push("## How each figure was measured");
  out.push("");
  for (const id of ["P1", "P2", "P3", "P4", "P5", "P6", "EMU"]) {
    const r = readSavedResult(id);
    if (r) out.push(`* **${id}** (\`${r.command}\`): ${r.howMeasured}.`);
  }
  out.push("");
  out.push("## Raw figures");
  out.push("");
  for (const id of ["P1", "P2", "P3", "P4", "P5", "P6", "EMU"]) {
    const r = readSavedResult(id);
    if (!r) continue;
    out.push(`<details><summary>${id}</summary>`);
    out.push("");
    out.push("```json");
    out.push(JSON.stringify(r, null, 2));
    out.push("```");
    out.push("");
    out.push("</details>");
    out.push("");
  }
  const analysis = path.join(REPO_ROOT, "bench", "analysis.md");
  if (fs.existsSync(analysis)) out.push(fs.readFileSync(analysis, "utf8"));
  fs.writeFileSync(path.join(REPO_ROOT, "bench", "RESULTS.md"), out.join("\n") + "\n");
}

// ---------------------------------------------------------------------------------------------------------------------

async function main() {
  const startLoad = loadSample();
  log(`running ${only.join(", ")} (repeats ${REPEATS}); load average ${startLoad}`);
  if (only.includes("EMU")) benchEmu();
  if (only.includes("P1") || only.includes("P2")) await benchP1P2(only.includes("P1"), only.includes("P2"));
  if (only.includes("P4")) await benchP4();
  if (only.includes("P3")) await benchP3();
  if (only.includes("P5")) await benchP5();
  if (only.includes("P6")) await benchP6();
  writeResultsMd(startLoad);
  log("wrote bench/RESULTS.md");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
