// How soon an Interconnect's create returns once the partner has verified the connection (P4), per provisioning delay,
// with the provider's create called in the bench process.
import * as fs from "node:fs";
import * as path from "node:path";
import { PARTNER_CUSTOMER_TOKEN } from "../emulator/defaults";
import {
  admin,
  type Benchmark,
  customerCalls,
  flags,
  issueKeys,
  log,
  median,
  readSavedResult,
  REPEATS,
  REPO_ROOT,
  resetStats,
  saveResult,
  verdict,
  withEmulator,
} from "./support";

async function measureReadinessLatency() {
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

/** Its rows in bench/RESULTS.md, from the saved results. */
function rows(): string[] {
  const out: string[] = [];
  const p4 = readSavedResult("P4");
  if (p4) {
    for (const d of Object.values(p4.byDelay as Record<string, any>)) {
      out.push(
        `| P4 verified → create returned, provisioning ${d.provisioningDelayMs} ms | ${d.latencyMsMedian} ms (max ${d.latencyMsMax} ms; ${d.getsMedian} GETs) | ≤ 1000 ms | ${verdict(d.latencyMsMax <= 1000, `${d.latencyMsMax - 1000} ms over at worst`)} | \`${p4.command}\` | ${p4.ranAt} / ${p4.loadavgAtEnd} |`,
      );
    }
  }
  return out;
}

export const readinessLatency: Benchmark = { ids: ["P4"], run: measureReadinessLatency, rows };
