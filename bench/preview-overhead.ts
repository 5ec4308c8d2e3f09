// Preview wall time of N Interconnects against N trivial dynamic resources (P3), side by side in one run, on stacks up
// to date and on fresh stacks.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type Benchmark,
  cliEnv,
  customerCalls,
  DELAY_MS,
  dropStack,
  type Emulator,
  emulatorEnv,
  flags,
  issueKeys,
  log,
  median,
  newStack,
  num,
  PROGRAM_ICS,
  PROGRAM_TRIVIAL,
  readSavedResult,
  REPEATS,
  REPO_ROOT,
  resetStats,
  round,
  saveResult,
  type TestStack,
  timeCli,
  verdict,
  withEmulator,
} from "./support";

/** Wall time of one `pulumi preview` of `s` (its program in `dir`), and the customer-API calls it made. */
async function timedPreview(em: Emulator, s: TestStack, dir: string, env: Record<string, string>) {
  const args = ["preview", "--non-interactive", "--stack", s.stack.name, "--cwd", path.join(REPO_ROOT, dir)];
  await resetStats(em);
  const { seconds } = await timeCli(args, cliEnv(s.backendDir, env));
  const calls = await customerCalls(em);
  return { seconds, calls: calls.total };
}

async function measurePreviewOverhead() {
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
      const run = (s: TestStack, dir: string, env: Record<string, string>) => timedPreview(em, s, dir, env);
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

/** Its rows in bench/RESULTS.md, from the saved results. */
function rows(): string[] {
  const out: string[] = [];
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
  return out;
}

export const previewOverhead: Benchmark = { ids: ["P3"], run: measurePreviewOverhead, rows };
