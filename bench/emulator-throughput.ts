// The emulator's GET-connection throughput on loopback (EMU), measured in a process of its own. bench/run.ts runs it
// through this module's benchmark; by hand: npx ts-node --transpile-only bench/emulator-throughput.ts [requests=5000] [concurrency=32]
import axios from "axios";
import * as http from "node:http";
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { PARTNER_CUSTOMER_TOKEN } from "../emulator/defaults";
import { activateConnection, customerClients } from "../tests/support/clients";
import { startEmulator } from "../emulator/server";
import { type Benchmark, log, median, num, readSavedResult, REPEATS, REPO_ROOT, saveResult } from "./support";

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 5000);
  const concurrency = Number(process.argv[3] ?? 32);
  const emulator = await startEmulator({ provisioningDelayMs: 50 });
  try {
    const clients = customerClients(emulator);
    const { partner } = await activateConnection(clients, {
      environment: "us-east-1:nyc",
      bandwidthGbps: 10,
      site: "nyc-hq",
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const get = axios.create({ httpAgent: agent, headers: { authorization: `Bearer ${PARTNER_CUSTOMER_TOKEN}` } });
    const url = `${emulator.partnerUrl}/v1/connections/${partner.id}`;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < total) await get.get(url);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `GET partner connection: ${total} requests, concurrency ${concurrency}: ${(total / seconds).toFixed(0)} req/s (${seconds.toFixed(2)} s)`,
    );
    console.log(`command: npx ts-node --transpile-only bench/emulator-throughput.ts ${total} ${concurrency}`);
    agent.destroy();
  } finally {
    await emulator.stop();
  }
}

/** Runs this file REPEATS times as its own process and saves the median rate (EMU). */
function measureEmulatorThroughput() {
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

/** Its row in bench/RESULTS.md, from the saved result. */
function rows(): string[] {
  const out: string[] = [];
  const emu = readSavedResult("EMU");
  if (emu) {
    out.push(
      `| Emulator GET connection throughput | ${emu.reqPerSecondMedian} req/s (samples ${emu.samples.join(", ")}) | — | — | \`${emu.howMeasured.split(" (")[0]}\` (via \`${emu.command}\`) | ${emu.ranAt} / ${emu.loadavgAtEnd} |`,
    );
  }
  return out;
}

export const emulatorThroughput: Benchmark = { ids: ["EMU"], run: measureEmulatorThroughput, rows };

if (require.main === module) void main();
