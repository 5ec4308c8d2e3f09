// GET-connection throughput on loopback (not a test). Run:
//   npx ts-node --transpile-only bench/emulator-throughput.ts [requests=5000] [concurrency=32]
import axios from "axios";
import * as http from "node:http";
import { performance } from "node:perf_hooks";
import { PARTNER_CUSTOMER_TOKEN } from "../emulator/defaults";
import { activateConnection, customerClients } from "../tests/support/clients";
import { startEmulator } from "../emulator/server";

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

void main();
