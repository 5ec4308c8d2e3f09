// The benchmarks (not tests), listed and run in order; each is a module named for what it measures. Run: `npm run bench`
// (all), or select benches and sizes:
//   npm run bench -- --only P3 --n 50 --repeats 3
//   npm run bench -- --only P5 --p5-n 100 --p5-repeats 1
// Each bench writes bench/results/<id>.json; bench/RESULTS.md is regenerated from every results file present plus
// bench/analysis.md, so benches can be re-run one at a time.
//
// Flags: --only P1,P2,P3,P4,P5,EMU   --repeats R (default 3)   --n N (P3 size, default 50)
//        --p2-n N (key+interconnect pairs for P1/P2, default 3)   --p4-delays 200,2000,5000
//        --p5-n N (default 200)   --p5-repeats R (default 3)   --p5-rps 20   --p5-parallel P (engine --parallel)   --delay MS (provisioning delay, 200)
//        --no-fresh (P3 without the fresh-stack preview)   --emu-requests 3000 --emu-concurrency 32
// Ids: P1, P2 state-size-and-api-calls.ts; P3 preview-overhead.ts; P4 readiness-latency.ts; P5 rate-limited-up.ts;
//      P6 preview-scale.ts; EMU emulator-throughput.ts.
import { emulatorThroughput } from "./emulator-throughput";
import { previewOverhead } from "./preview-overhead";
import { previewScale } from "./preview-scale";
import { rateLimitedUp } from "./rate-limited-up";
import { readinessLatency } from "./readiness-latency";
import { writeResultsMd } from "./results-md";
import { stateSizeAndApiCalls } from "./state-size-and-api-calls";
import { loadSample, log, only, REPEATS, type Benchmark } from "./support";

/** In the order they run. */
const BENCHMARKS: readonly Benchmark[] = [
  emulatorThroughput,
  stateSizeAndApiCalls,
  readinessLatency,
  previewOverhead,
  rateLimitedUp,
  previewScale,
];

async function main() {
  const startLoad = loadSample();
  log(`running ${only.join(", ")} (repeats ${REPEATS}); load average ${startLoad}`);
  for (const benchmark of BENCHMARKS) if (benchmark.ids.some((id) => only.includes(id))) await benchmark.run();
  writeResultsMd(startLoad, BENCHMARKS);
  log("wrote bench/RESULTS.md");
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
