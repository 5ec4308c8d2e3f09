// P6: what a no-change preview costs per resource as a stack grows, against the engine's floor and a trivial dynamic
// provider. Five stacks per size N, all already up, previewed interleaved in one run (six previews):
//   floor         N component resources (no provider: what the engine and the language host cost alone);
//   trivial       N inline dynamic resources (the SDK's closure-serialized provider, the usual way to write one);
//   trivial-wide  the same, each registering as many properties as an ActivationKey (the SDK's cost per property);
//   keys          N ActivationKeys;
//   keys-js       the same stack, its program compiled to JavaScript beforehand (what a user can do: no ts-node);
//   interconnects N Interconnects on activation keys issued beforehand.
// Beside the wall time it records the peak RSS of the dynamic provider host (VmHWM, polled from /proc while the preview
// runs) and the API calls the preview made. `--profile DIR` also profiles the provider host during one extra preview of
// each dynamic stack at the largest size (./profile-hook.js) and summarizes where its CPU time went.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  admin,
  type Benchmark,
  cliEnv,
  COMMAND_LINE,
  customerCalls,
  DELAY_MS,
  dropStack,
  Emulator,
  emulatorEnv,
  flags,
  issueKeys,
  KEY_ROOM,
  loadSample,
  log,
  median,
  newStack,
  PROGRAM_ICS,
  PROGRAM_TRIVIAL,
  REPEATS,
  REPO_ROOT,
  resetStats,
  round,
  readSavedResult,
  saveResult,
  TestStack,
  timeCli,
  verdict,
  withEmulator,
} from "./support";
import { summarizeProfiles } from "./profile-summary";
import { RESOURCE_FIELDS } from "../provider/generated/resource-fields";

/** The properties an ActivationKey of the bench program registers: its outputs, its four arguments, the URN, the stub. */
const KEY_PROPERTIES = new Set([
  ...RESOURCE_FIELDS.ActivationKey.outputs,
  ...["environmentId", "bandwidthGbps", "attachPoint", "remoteAccount", "resourceUrn", "__provider"],
]).size;
/** A trivial resource registers index, value and __provider. */
const TRIVIAL_PROPERTIES = 3;

const PROGRAM_FLOOR = "bench/programs/floor";
const KINDS = ["floor", "trivial", "trivial-wide", "keys", "keys-js", "interconnects"] as const;
type Kind = (typeof KINDS)[number];
const OURS: readonly Kind[] = ["keys", "interconnects"];

interface Subject {
  kind: Kind;
  program: string;
  env: Record<string, string>;
  stack: TestStack;
}

interface Sample {
  seconds: number;
  providerPeakRssMiB: number | null;
  calls: number;
}

/** Highest VmHWM (peak resident set) of the dynamic provider host processes seen while `run` runs, in MiB. */
async function withProviderPeakRss<T>(run: () => Promise<T>): Promise<{ result: T; peakMiB: number | null }> {
  const peaks = new Map<string, number>();
  const poll = () => {
    for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        if (!cmdline.includes("cmd/dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1]) / 1024));
      } catch {
        // the process ended between the listing and the read
      }
    }
  };
  const timer = setInterval(poll, 50);
  try {
    const result = await run();
    return { result, peakMiB: peaks.size ? round(Math.max(...peaks.values()), 1) : null };
  } finally {
    clearInterval(timer);
  }
}

async function previewOnce(em: Emulator, s: Subject, extraEnv: Record<string, string> = {}): Promise<Sample> {
  const args = [
    "preview",
    "--non-interactive",
    "--stack",
    s.stack.stack.name,
    "--cwd",
    path.join(REPO_ROOT, s.program),
  ];
  await resetStats(em);
  const { result, peakMiB } = await withProviderPeakRss(() =>
    timeCli(args, cliEnv(s.stack.backendDir, { ...s.env, ...extraEnv })),
  );
  if (!/\d+ unchanged/.test(result.stdout) || /to (create|update|delete|replace)/.test(result.stdout))
    throw new Error(`P6: the preview of ${s.kind} planned changes:\n${result.stdout.slice(-2000)}`);
  return { seconds: round(result.seconds, 3), providerPeakRssMiB: peakMiB, calls: (await customerCalls(em)).total };
}

/** The stacks of size n, brought up (the package's resources against the emulator `em`). */
async function upStacks(em: Emulator, n: number, parallel: number): Promise<Subject[]> {
  // Above the emulator's room for 1 Gbps connections no Interconnect stack can be built (the partner refuses keys).
  const withInterconnects = n <= KEY_ROOM;
  const keysFile = withInterconnects ? await issueKeys(em, n, `p6-${n}`) : "";
  const envs: Record<Exclude<Kind, "keys-js">, [string, Record<string, string>]> = {
    floor: [PROGRAM_FLOOR, { BENCH_COUNT: String(n) }],
    trivial: [PROGRAM_TRIVIAL, { BENCH_COUNT: String(n) }],
    "trivial-wide": [
      PROGRAM_TRIVIAL,
      { BENCH_COUNT: String(n), BENCH_OUTPUTS: String(KEY_PROPERTIES - TRIVIAL_PROPERTIES) },
    ],
    keys: [PROGRAM_ICS, { ...emulatorEnv(em), BENCH_SHAPE: "keys", BENCH_COUNT: String(n) }],
    interconnects: [PROGRAM_ICS, { ...emulatorEnv(em), BENCH_KEYS_FILE: keysFile }],
  };
  const subjects: Subject[] = [];
  const upFirst = (k: Kind): k is keyof typeof envs => k !== "keys-js" && (withInterconnects || k !== "interconnects");
  for (const kind of KINDS.filter(upFirst)) {
    const [program, env] = envs[kind];
    const stack = await newStack(program, `bench-p6-${kind}-${n}`, env);
    subjects.push({ kind, program, env, stack });
    const started = Date.now();
    await stack.stack.up({ parallel });
    log(`P6 N=${n}: ${kind} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const keys = subjects.find((s) => s.kind === "keys")!;
  subjects.push({ ...keys, kind: "keys-js", program: compiledProgram(keys.stack) });
  return subjects;
}

/**
 * The bench program compiled to JavaScript with tsc, as a project of the same name that runs it without ts-node (the
 * runtime option `typescript: false`), beside a copy of the stack's settings (its secrets salt): previewing the same
 * stack from there shows what precompiling saves a user.
 */
function compiledProgram(stack: TestStack): string {
  const dir = path.join(REPO_ROOT, ".cache", "bench-compiled", "bench-interconnects");
  fs.rmSync(dir, { recursive: true, force: true });
  const source = path.join(REPO_ROOT, PROGRAM_ICS);
  const tsc = require.resolve("typescript/bin/tsc");
  const options = ["--outDir", dir, "--module", "commonjs", "--target", "es2022", "--strict", "--skipLibCheck"];
  execFileSync(process.execPath, [tsc, ...options, path.join(source, "index.ts")]);
  const settings = `Pulumi.${stack.stack.name}.yaml`;
  fs.copyFileSync(path.join(source, settings), path.join(dir, settings));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: bench-interconnects\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
  );
  return path.relative(REPO_ROOT, dir);
}

async function profileOnce(em: Emulator, subjects: Subject[], dir: string) {
  const summaries: Record<string, unknown> = {};
  for (const s of subjects.filter((x) => x.kind !== "floor")) {
    const out = path.join(dir, s.kind);
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    await previewOnce(em, s, {
      NODE_OPTIONS: `--require ${path.join(__dirname, "profile-hook.js")}`,
      BENCH_PROFILE_DIR: out,
    });
    summaries[s.kind] = summarizeProfiles(out);
    log(`P6 profile of ${s.kind}: ${JSON.stringify(summaries[s.kind]).slice(0, 600)}`);
  }
  return summaries;
}

function summarize(n: number, samples: Record<Kind, Sample[]>) {
  const seconds = (k: Kind) => median(samples[k].map((x) => x.seconds));
  const measured = KINDS.filter((k) => samples[k].length > 0);
  const perKind = Object.fromEntries(
    measured.map((k) => [
      k,
      {
        secondsMedian: seconds(k),
        providerPeakRssMiBMax: Math.max(...samples[k].map((x) => x.providerPeakRssMiB ?? 0)) || null,
        callsMax: Math.max(...samples[k].map((x) => x.calls)),
        samples: samples[k],
      },
    ]),
  );
  const ratios = Object.fromEntries(
    OURS.filter((k) => measured.includes(k)).map((k) => [
      k,
      {
        oursOverTrivial: round(seconds(k) / seconds("trivial"), 3),
        oursOverTrivialWide: round(seconds(k) / seconds("trivial-wide"), 3),
        oursOverFloor: round(seconds(k) / seconds("floor"), 3),
        msPerResource: round((seconds(k) * 1000) / n, 3),
        msPerResourceOverFloor: round(((seconds(k) - seconds("floor")) * 1000) / n, 3),
      },
    ]),
  );
  const overFloorMs = (k: Kind) => round(((seconds(k) - seconds("floor")) * 1000) / n, 3);
  return {
    n,
    ranAt: new Date().toISOString(),
    command: COMMAND_LINE,
    loadavgAtEnd: loadSample(),
    perKind,
    ratios,
    compiledOverTsNode: round(seconds("keys-js") / seconds("keys"), 3),
    trivialMsPerResourceOverFloor: overFloorMs("trivial"),
    trivialWideMsPerResourceOverFloor: overFloorMs("trivial-wide"),
  };
}

type SizeSummary = ReturnType<typeof summarize>;

/** Per-resource cost at 1,000 ÷ at 200, total and over the floor, for each of this package's kinds. */
function scalingOf(bySize: SizeSummary[]) {
  const at = (n: number) => bySize.find((b) => b.n === n);
  return Object.fromEntries(
    OURS.map((k) => {
      const big = at(1000)?.ratios[k];
      const mid = at(200)?.ratios[k];
      return [
        k,
        big && mid
          ? {
              msPerResource1000Over200: round(big.msPerResource / mid.msPerResource, 3),
              msPerResourceOverFloor1000Over200: round(big.msPerResourceOverFloor / mid.msPerResourceOverFloor, 3),
            }
          : null,
      ];
    }),
  );
}

/**
 * Written after every size, so a run cut short keeps what it measured (`complete` says whether it was). With
 * `--p6-append`, the sizes of the previous P6 result that this run does not measure are kept (each size records when
 * it ran).
 */
function saveP6(sizes: number[], measured: SizeSummary[], profiles: Record<string, unknown> | undefined) {
  const previous = flags["p6-append"] ? ((readSavedResult("P6")?.bySize ?? []) as SizeSummary[]) : [];
  const bySize = [...previous.filter((b) => !sizes.includes(b.n)), ...measured].sort((a, b) => a.n - b.n);
  saveResult("P6", {
    sizes: bySize.map((b) => b.n),
    complete: measured.length === sizes.length,
    propertiesPerResource: { keys: KEY_PROPERTIES, trivial: TRIVIAL_PROPERTIES, "trivial-wide": KEY_PROPERTIES },
    howMeasured:
      `wall time of \`pulumi preview --non-interactive\` spawned directly on stacks already up (file backend, engine --parallel default), ` +
      `five stacks per N interleaved and rotated per repeat: ${PROGRAM_FLOOR} (component resources, the floor), ${PROGRAM_TRIVIAL} (inline dynamic; and with BENCH_OUTPUTS so each registers ${KEY_PROPERTIES} properties, as an ActivationKey does), ` +
      `${PROGRAM_ICS} with BENCH_SHAPE=keys (ActivationKeys) and with BENCH_KEYS_FILE (Interconnects on keys issued beforehand, nyc then sjc, each to its room); ` +
      `provider host peak RSS = max VmHWM of processes running @pulumi/pulumi/cmd/dynamic-provider, polled every 50 ms; calls from GET /_admin/stats`,
    targets: { oursOverTrivial: 1.0, msPerResource1000Over200: 1.2, providerPeakRssMiB: 300, calls: 0 },
    bySize,
    scaling: scalingOf(bySize),
    profiles,
  });
}

async function measurePreviewScale() {
  const sizes = (flags["p6-sizes"] ?? "20,200,1000").split(",").map(Number);
  const parallel = Number(flags["p6-parallel"] ?? 32);
  const profileDir = flags.profile;
  const bySize: SizeSummary[] = [];
  let profiles: Record<string, unknown> | undefined;
  for (const n of sizes) {
    await withEmulator(DELAY_MS, async (em) => {
      const subjects = await upStacks(em, n, parallel);
      try {
        const samples = Object.fromEntries(KINDS.map((k) => [k, [] as Sample[]])) as Record<Kind, Sample[]>;
        for (let r = 0; r < REPEATS; r++) {
          // Rotate the order each repeat, so drifting background load falls on every kind alike.
          for (let i = 0; i < subjects.length; i++) {
            const s = subjects[(i + r) % subjects.length];
            const sample = await previewOnce(em, s);
            samples[s.kind].push(sample);
            log(`P6 N=${n} #${r + 1} ${s.kind}: ${sample.seconds} s, host ${sample.providerPeakRssMiB} MiB`);
          }
        }
        bySize.push(summarize(n, samples));
        if (profileDir && n === Math.max(...sizes)) profiles = await profileOnce(em, subjects, profileDir);
        saveP6(sizes, bySize, profiles);
      } finally {
        await admin(em).delete("/faults");
        subjects.forEach((s) => dropStack(s.stack));
      }
    });
  }
}

/** The RESULTS.md rows of the saved P6 result: one per size, then scaling, memory and calls. */
function rows(): string[] {
  const p6 = readSavedResult("P6");
  if (!p6) return [];
  const at = `\`${p6.command}\` | ${p6.ranAt} / ${p6.loadavgAtEnd} |`;
  const rows: string[] = [];
  for (const b of p6.bySize as SizeSummary[]) {
    const s = (k: Kind) => b.perKind[k].secondsMedian;
    const present = OURS.filter((k) => b.ratios[k]);
    const ours = present
      .map(
        (k) =>
          `${k} ${s(k)} s (÷ trivial **${b.ratios[k].oursOverTrivial}**, ÷ trivial-wide ${b.ratios[k].oursOverTrivialWide}, ÷ floor ${b.ratios[k].oursOverFloor})`,
      )
      .join("; ");
    const worst = Math.max(...present.map((k) => b.ratios[k].oursOverTrivial));
    rows.push(
      `| P6 no-change preview, N = ${b.n} | floor ${s("floor")} s, trivial ${s("trivial")} s, trivial-wide ${s("trivial-wide")} s; ${ours}; keys compiled to JS ${s("keys-js")} s (÷ keys ${b.compiledOverTsNode}) | ours ÷ trivial ≤ 1.0 | ${verdict(worst <= 1.0, `${round((worst - 1) * 100, 1)}% over`)} | \`${b.command ?? p6.command}\` | ${b.ranAt ?? p6.ranAt} / ${b.loadavgAtEnd ?? p6.loadavgAtEnd} |`,
    );
  }
  for (const k of OURS) {
    const sc = p6.scaling?.[k];
    if (!sc) continue;
    rows.push(
      `| P6 ${k}: ms per resource at 1,000 ÷ at 200 | ${sc.msPerResource1000Over200} (over the floor: ${sc.msPerResourceOverFloor1000Over200}) | ≤ 1.2 | ${verdict(sc.msPerResource1000Over200 <= 1.2)} | ${at}`,
    );
  }
  const sizes = p6.bySize as SizeSummary[];
  const rss = Math.max(...sizes.flatMap((b) => OURS.map((k) => b.perKind[k]?.providerPeakRssMiBMax ?? 0)));
  const calls = Math.max(...sizes.flatMap((b) => OURS.map((k) => b.perKind[k]?.callsMax ?? 0)));
  const largest = Math.max(...sizes.map((b) => b.n));
  return [
    ...rows,
    `| P6 provider host peak RSS, up to N = ${largest} | ${rss} MiB | ≤ 300 MB | ${verdict(rss <= 300)} | ${at}`,
    `| P6 API calls in a no-change preview, up to N = ${largest} | ${calls} | 0 | ${verdict(calls === 0)} | ${at}`,
  ];
}

export const previewScale: Benchmark = { ids: ["P6"], run: measurePreviewScale, rows };
