// An up of N Interconnects under a partner rate limit (P5): its wall time against the ideal the limit allows, and
// whether every create still succeeds.
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import {
  admin,
  type Benchmark,
  customerCalls,
  DELAY_MS,
  dropStack,
  emulatorEnv,
  flags,
  issueKeys,
  log,
  median,
  newStack,
  num,
  PROGRAM_ICS,
  readSavedResult,
  REPEATS,
  resetStats,
  round,
  saveResult,
  verdict,
  withEmulator,
} from "./support";

/** Run `i`: an up of `n` Interconnects on a fresh emulator, its customer API limited to `limit` req/s (0: none). */
function upOnce(i: number, n: number, parallel: number, limit: number) {
  return withEmulator(DELAY_MS, async (em) => {
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
        (Math.max(...customers.map((c) => c.verifiedAt ?? 0)) - Math.min(...customers.map((c) => c.createdAt))) / 1000;
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
}

async function measureRateLimitedUp() {
  const n = num("p5-n", 200);
  const repeats = num("p5-repeats", REPEATS);
  const rps = num("p5-rps", 20);
  const parallel = num("p5-parallel", 0); // 0: the engine default (8)
  const runs: Record<string, unknown>[] = [];
  for (let i = 0; i < repeats; i++) {
    log(`P5 #${i + 1}: unthrottled up of ${n} Interconnects`);
    const free = await upOnce(i, n, parallel, 0);
    log(`P5 #${i + 1}: unthrottled ${free.seconds} s, ${free.calls.total} calls; throttled up at ${rps} req/s`);
    const limited = await upOnce(i, n, parallel, rps);
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

/** Its rows in bench/RESULTS.md, from the saved results. */
function rows(): string[] {
  const out: string[] = [];
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
  return out;
}

export const rateLimitedUp: Benchmark = { ids: ["P5"], run: measureRateLimitedUp, rows };
