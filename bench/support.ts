// Shared by the benchmarks bench/run.ts runs: what a benchmark is, flags, statistics, the emulator, stacks, the CLI
// timer and result files.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import axios, { AxiosInstance } from "axios";
import { startEmulator } from "../emulator/server";
import { DEFAULT_SEED, DEV_DX_GATEWAYS, PARTNER_CUSTOMER_ACCOUNT } from "../emulator/defaults";
import { buildCatalog } from "../emulator/world/inventory";
import { providerEnv } from "../emulator/provider-env";
import { AwsInterconnectClient } from "../provider/clients/aws";
import { createTestStack, REPO_ROOT, TestStack } from "../tests/support/engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { ensurePulumi, DEV_PASSPHRASE } = require("../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; binDir: string; version: string; env: NodeJS.ProcessEnv };
  DEV_PASSPHRASE: string;
};

export { REPO_ROOT, TestStack };
export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** One benchmark: the results it saves (bench/results/<id>.json), how it runs, and its rows in bench/RESULTS.md. */
export interface Benchmark {
  ids: readonly string[];
  run: () => Promise<void> | void;
  rows: () => string[];
}

/** A RESULTS.md verdict on a target. */
export function verdict(ok: boolean, miss?: string) {
  return ok ? "**met**" : `**missed**${miss ? ` (${miss})` : ""}`;
}
// ---------------------------------------------------------------------------------------------------------------------
// Flags

export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) continue;
    const [k, inline] = a.slice(2).split("=", 2);
    if (inline !== undefined) flags[k] = inline;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) flags[k] = argv[++i];
    else flags[k] = "true";
  }
  return flags;
}

export const flags = parseFlags(process.argv.slice(2));
export const num = (k: string, d: number) => (flags[k] !== undefined ? Number(flags[k]) : d);
export const ALL = ["P1", "P2", "P3", "P4", "P5", "P6", "EMU"];
export const only = (flags.only ?? ALL.join(",")).split(",").map((s) => s.trim().toUpperCase());
export const REPEATS = num("repeats", 3);
export const DELAY_MS = num("delay", 200);
export const COMMAND_LINE = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;

export const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");
export const PROGRAM_ICS = "bench/programs/interconnects";
export const PROGRAM_TRIVIAL = "bench/programs/trivial";

// ---------------------------------------------------------------------------------------------------------------------
// Helpers

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
export const log = (s: string) => console.log(`[bench] ${s}`);

export function loadSample(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" / ");
}

export interface Stats {
  byRole: Record<string, { byOperation: Record<string, number> }>;
  requests: { role: string; api: string; operation: string; status: string; count: number }[];
}

export const admin = (em: Emulator): AxiosInstance => axios.create({ baseURL: `${em.url}/_admin` });

export async function resetStats(em: Emulator) {
  await admin(em).post("/stats/reset");
}

/** Customer-API calls (what the provider sends) from /_admin/stats, split into reads and mutations. */
export async function customerCalls(em: Emulator) {
  const stats = (await admin(em).get<Stats>("/stats")).data;
  const mine = stats.requests.filter((r) => r.api === "customer");
  const byOperation: Record<string, number> = {};
  let reads = 0;
  let mutating = 0;
  let throttled = 0;
  let errors = 0;
  for (const r of mine) {
    const op = r.operation;
    byOperation[`${op} ${r.status}`] = (byOperation[`${op} ${r.status}`] ?? 0) + r.count;
    if (r.status === "429") throttled += r.count;
    else if (!r.status.startsWith("2")) errors += r.count;
    if (r.status === "429") continue;
    if (/\.(Get|List)/.test(op)) reads += r.count;
    else mutating += r.count;
  }
  const byRole = (role: string) =>
    mine.filter((r) => r.role === role && r.status !== "429").reduce((n, r) => n + r.count, 0);
  return {
    total: reads + mutating,
    reads,
    mutating,
    throttled,
    errors,
    partner: byRole("partner"),
    cloud: byRole("cloud"),
    byOperation,
  };
}

export async function withEmulator<T>(delayMs: number, fn: (em: Emulator) => Promise<T>): Promise<T> {
  const em = await startEmulator({ port: 0, provisioningDelayMs: delayMs });
  try {
    return await fn(em);
  } finally {
    await em.stop();
  }
}

export const emulatorEnv = (em: Emulator): Record<string, string> => providerEnv(em);

/** The metros bench keys go to, in order, each filled to its room before the next. */
const KEY_METROS = [
  { environmentId: "us-east-1:nyc", site: "nyc-hq" },
  { environmentId: "us-west-2:sjc", site: "sjc-campus" },
];

/** 1 Gbps connections an environment of the emulator's catalog has room for: its interconnects less what the cloud sold elsewhere. */
const roomOf = (environmentId: string) =>
  buildCatalog(DEFAULT_SEED)
    .environments.find((env) => env.id === environmentId)!
    .interconnects.reduce((gbps, ic) => gbps + (ic.maxBandwidthMbps - ic.cloudReservedMbps) / 1000, 0);

const ROOMS = KEY_METROS.map((metro) => ({ ...metro, room: roomOf(metro.environmentId) }));
/** How many 1 Gbps keys the bench can issue that a partner will accept (the catalog's room in KEY_METROS). */
export const KEY_ROOM = ROOMS.reduce((n, metro) => n + metro.room, 0);

function placeOf(i: number): { environmentId: string; site: string } {
  let before = 0;
  for (const metro of ROOMS) {
    if (i < before + metro.room) return metro;
    before += metro.room;
  }
  throw new Error(`bench keys: the emulator's catalog has room for ${KEY_ROOM} 1 Gbps connections, not ${i + 1}`);
}

/** Issues `n` 1 Gbps activation keys straight through the AWS Interconnect API; returns a keys file. */
export async function issueKeys(em: Emulator, n: number, tag: string): Promise<string> {
  const cloud = new AwsInterconnectClient({ region: em.region, endpoint: em.cloudUrl, credentials: em.credentials });
  const keys: { key: string; site: string }[] = [];
  for (let i = 0; i < n; i++) {
    const place = placeOf(i);
    const { connection } = await cloud.createConnection({
      environmentId: place.environmentId,
      bandwidth: "1Gbps",
      attachPoint: { directConnectGateway: DEV_DX_GATEWAYS[0].id },
      remoteAccount: { identifier: PARTNER_CUSTOMER_ACCOUNT },
    });
    keys.push({ key: connection!.activationKey, site: place.site });
  }
  const file = path.join(os.tmpdir(), `bench-keys-${tag}-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(keys));
  return file;
}

/** Step ops the engine reported, counted: { refresh: 7 }. */
export function opsOf(changes: { op: string }[]): Record<string, number> {
  const ops: Record<string, number> = {};
  for (const c of changes) ops[c.op] = (ops[c.op] ?? 0) + 1;
  return ops;
}

export function findStateFile(backendDir: string): string {
  const stacks = path.join(backendDir, ".pulumi", "stacks");
  for (const entry of fs.readdirSync(stacks, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".json")) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`no state file under ${stacks}`);
}

export interface StateResource {
  urn: string;
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export function stateResources(backendDir: string): { file: string; resources: StateResource[] } {
  const file = findStateFile(backendDir);
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  return { file, resources: json.checkpoint?.latest?.resources ?? [] };
}

/** The same environment the harness gives the engine, for timing the CLI directly. */
export function cliEnv(backendDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const cli = ensurePulumi();
  return {
    ...process.env,
    ...cli.env,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE,
    ...extra,
  };
}

/** Runs the Pulumi CLI and returns the wall time in seconds (spawn to exit). */
export function timeCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ seconds: number; stdout: string }> {
  const cli = ensurePulumi();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cli.pulumi, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`pulumi ${args.join(" ")} exited ${code}:\n${out.slice(-3000)}`));
      else resolve({ seconds, stdout: out });
    });
  });
}

export async function newStack(program: string, name: string, env: Record<string, string>): Promise<TestStack> {
  return createTestStack(program, { stackName: `${name}-${process.pid}`, env });
}

export function dropStack(stack: TestStack | undefined) {
  if (!stack) return;
  fs.rmSync(stack.backendDir, { recursive: true, force: true });
  fs.rmSync(path.join(stack.stack.workspace.workDir, `Pulumi.${stack.stack.name}.yaml`), { force: true });
}

/** A bench's last saved result (bench/results/<id>.json), if any. */
export function readSavedResult(id: string): any {
  const file = path.join(RESULTS_DIR, `${id}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

export function saveResult(id: string, result: Record<string, unknown>) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const full = { id, ranAt: new Date().toISOString(), command: COMMAND_LINE, loadavgAtEnd: loadSample(), ...result };
  fs.writeFileSync(path.join(RESULTS_DIR, `${id}.json`), JSON.stringify(full, null, 2) + "\n");
}
