// Shared helpers of the reliability tests: what is live in the emulator (for duplicate / orphan counts), the Pulumi
// CLI run directly as a child process (so it can be SIGKILLed), and the secret scan. The emulator environment, admin
// API and polling live in tests/support/emulator.ts (re-exported here for the suites that import them from here).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RunningEmulator } from "../../emulator/server";
import type { EmulatorState } from "../../emulator/state/store";
import { ENGINE_TEST_ENV, REPO_ROOT } from "./engine";
import { adminState, sleep } from "./emulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePulumi, DEV_PASSPHRASE } = require("../../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; binDir: string; version: string; env: NodeJS.ProcessEnv };
  DEV_PASSPHRASE: string;
};

export { admin, adminState, adminStats, EMULATOR_TOKENS, providerEnv, sleep, type Stats } from "./emulator";

/** What exists in the emulator on each side: customer connections that are not deleted, spec connections. */
export interface Inventory {
  cloud: { id: string; sharedConnectionUuid: string; clientToken?: string; bandwidthGbps: number }[];
  partner: { id: string; sharedConnectionUuid: string; clientToken?: string; state: string; bandwidthGbps: number }[];
  /** Spec connections (features, keys) each role still holds. */
  specConnections: { cloud: number; partner: number };
}

export async function inventory(emulator: Pick<RunningEmulator, "url">): Promise<Inventory> {
  return inventoryOf(await adminState(emulator));
}

/** The inventory of an emulator state document (GET /_admin/state, or the data dir's state.json). */
export function inventoryOf(state: EmulatorState): Inventory {
  return {
    cloud: Object.values(state.cloud.connections)
      .filter((c) => c.deletedAt === undefined)
      .map(({ id, sharedConnectionUuid, clientToken, bandwidthGbps }) => ({
        id,
        sharedConnectionUuid,
        clientToken,
        bandwidthGbps,
      })),
    partner: Object.values(state.partner.connections)
      .filter((c) => c.state !== "deleted")
      .map(({ id, sharedConnectionUuid, clientToken, state: s, bandwidthGbps }) => ({
        id,
        sharedConnectionUuid,
        clientToken,
        state: s,
        bandwidthGbps,
      })),
    specConnections: {
      cloud: Object.keys(state.cloud.specConnections).length,
      partner: Object.keys(state.partner.specConnections).length,
    },
  };
}

/** Duplicates: more live objects than declared, or two live objects for one shared connection / client token. */
export function duplicatesIn(inv: Inventory): string[] {
  const problems: string[] = [];
  const repeated = (values: (string | undefined)[]) =>
    values.filter((v, i) => v !== undefined && values.indexOf(v) !== i);
  for (const side of ["cloud", "partner"] as const) {
    const list = inv[side];
    for (const uuid of new Set(repeated(list.map((c) => c.sharedConnectionUuid))))
      problems.push(`${side}: two live connections for shared connection ${uuid}`);
    for (const token of new Set(repeated(list.map((c) => c.clientToken))))
      problems.push(`${side}: two live connections for client token ${token}`);
  }
  return problems;
}

/** Orphans: partner connections whose key is gone, keys nobody accepted although every member should be up. */
export function orphansIn(inv: Inventory, expectedIds: { cloud: string[]; partner: string[] }): string[] {
  const problems: string[] = [];
  for (const c of inv.cloud)
    if (!expectedIds.cloud.includes(c.id)) problems.push(`cloud connection ${c.id} is not in the stack's state`);
  for (const c of inv.partner)
    if (!expectedIds.partner.includes(c.id))
      problems.push(`partner connection ${c.id} (${c.state}) is not in the stack's state`);
  const uuids = new Set(inv.cloud.map((c) => c.sharedConnectionUuid));
  for (const c of inv.partner)
    if (!uuids.has(c.sharedConnectionUuid)) problems.push(`partner connection ${c.id} has no live cloud connection`);
  return problems;
}

/** Polls until no partner connection is deleting (deletes finish in the emulator's background loop). */
export async function settled(emulator: Pick<RunningEmulator, "url">, timeoutMs = 30_000): Promise<Inventory> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inv = await inventory(emulator);
    if (!inv.partner.some((c) => c.state === "deleting") || Date.now() > deadline) return inv;
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Resources in a stack's state (from `pulumi stack export`)

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: { resource: StateResource; type: string }[];
}

export function idsInState(deployment: Deployment): { cloud: string[]; partner: string[] } {
  const of = (type: string) =>
    (deployment.resources ?? []).filter((r) => r.type.endsWith(`:${type}`) && r.id).map((r) => r.id!);
  return { cloud: of("ActivationKey"), partner: of("Interconnect") };
}

// ---------------------------------------------------------------------------------------------------------------------
// The Pulumi CLI as a child process

export interface CliStack {
  name: string;
  /** The working copy the CLI runs in (several copies of one project stand for several CI runners). */
  programDir: string;
  /** PULUMI_BACKEND_URL: a temp file backend of its own, or a shared one (e.g. an S3 bucket). */
  backendUrl: string;
  /** The file backend's directory when the stack has one of its own (removed with the stack). */
  backendDir: string | undefined;
  env: NodeJS.ProcessEnv;
  pulumi: string;
  /** Everything the CLI printed on stdout and stderr, over all runs. */
  output: string[];
}

export interface CliStackOptions {
  /** A shared backend (with what it needs in the environment, e.g. its credentials) instead of a temp file backend. */
  backend?: { url: string; env?: Record<string, string> };
  /** Select an existing stack (a second working copy) instead of `stack init`. */
  existing?: boolean;
}

/** Marks the processes of one CliStack (environment entry), so a kill finds its plugins and no other stack's. */
const STACK_MARK = "INTERCONNECT_TEST_CLI_STACK";
let stacksMade = 0;

export async function initCliStack(
  programDir: string,
  name: string,
  extraEnv: Record<string, string>,
  opts: CliStackOptions = {},
): Promise<CliStack> {
  const cli = ensurePulumi();
  const backendDir = opts.backend ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-cli-"));
  const backendUrl = opts.backend?.url ?? `file://${backendDir}`;
  const stack: CliStack = {
    name,
    programDir: path.resolve(REPO_ROOT, programDir),
    backendUrl,
    backendDir,
    pulumi: cli.pulumi,
    env: {
      ...process.env,
      ...cli.env,
      ...ENGINE_TEST_ENV,
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE,
      [STACK_MARK]: `${process.pid}-${++stacksMade}`,
      ...opts.backend?.env,
      ...extraEnv,
    },
    output: [],
  };
  await runCli(stack, opts.existing ? ["stack", "select", name] : ["stack", "init", name]);
  return stack;
}

/** The stack's own file backend directory (for suites that read the state files). */
export function backendDirOf(stack: CliStack): string {
  if (!stack.backendDir) throw new Error(`stack ${stack.name} has no file backend of its own (${stack.backendUrl})`);
  return stack.backendDir;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `pulumi <args> --stack <name>` in its own process group (so a kill takes the plugins with it). */
export function startCli(stack: CliStack, args: string[]): { child: ChildProcess; done: Promise<CliRun> } {
  const stackArgs = args[0] === "stack" && ["init", "select"].includes(args[1]) ? [] : ["--stack", stack.name];
  const child = spawn(stack.pulumi, [...args, ...stackArgs, "--non-interactive", "--color", "never"], {
    cwd: stack.programDir,
    env: stack.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) =>
    child.on("close", (code, signal) => {
      stack.output.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, done };
}

export async function runCli(stack: CliStack, args: string[], opts: { allowFailure?: boolean } = {}): Promise<CliRun> {
  const run = await startCli(stack, args).done;
  if (run.code !== 0 && !opts.allowFailure) {
    throw new Error(`pulumi ${args.join(" ")} exited with ${run.code ?? run.signal}\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

/**
 * SIGKILL the CLI and everything it started (language host, program, dynamic provider hosts). The engine starts
 * plugins in process groups of their own, so a group kill misses them; they are found by the stack's backend URL in
 * their environment (Linux /proc) — otherwise orphaned provider hosts keep polling and holding memory after the test.
 */
export function killGroup(child: ChildProcess, stack: CliStack): void {
  const pids = child.pid === undefined ? [] : [-child.pid];
  pids.push(...processesOf(stack));
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Live processes started for this stack (its mark is in their environment). */
export const processesOf = (stack: CliStack): number[] => processesWithEnv(`${STACK_MARK}=${stack.env[STACK_MARK]}`);

/** Live processes other than this one with PULUMI_BACKEND_URL=file://<backendDir> in their environment. */
export const processesWithBackend = (backendDir: string): number[] =>
  processesWithEnv(`PULUMI_BACKEND_URL=file://${backendDir}`);

/** Live processes other than this one with `entry` (NAME=value) in their environment (Linux /proc). */
function processesWithEnv(entry: string): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/environ`, "latin1").split("\0").includes(entry)) found.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

export async function exportDeployment(stack: CliStack): Promise<Deployment> {
  const run = await runCli(stack, ["stack", "export"]);
  return (JSON.parse(run.stdout) as { deployment: Deployment }).deployment ?? {};
}

export function removeCliStack(stack: CliStack): void {
  if (stack.backendDir) fs.rmSync(stack.backendDir, { recursive: true, force: true });
  fs.rmSync(path.join(stack.programDir, `Pulumi.${stack.name}.yaml`), { force: true });
}

// ---------------------------------------------------------------------------------------------------------------------
// Secret scan

export interface SecretHit {
  where: string;
  secret: string;
}

/** Every file under `dir` as [relative path, text]. */
export function filesUnder(dir: string): [string, string][] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return [path.relative(dir, file), fs.readFileSync(file, "utf8")] as [string, string];
    });
}

/** Looks for each secret (and its base64 / JSON-escaped forms) in each named text; returns the hits, secrets abbreviated. */
export function scanForSecrets(texts: Record<string, string>, secrets: Iterable<string>): SecretHit[] {
  const hits: SecretHit[] = [];
  const unique = [...new Set([...secrets].filter((s) => typeof s === "string" && s.length >= 6))];
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of unique) {
      const forms = [secret, Buffer.from(secret).toString("base64"), JSON.stringify(secret).slice(1, -1)];
      if (forms.some((f) => text.includes(f)))
        hits.push({ where, secret: `${secret.slice(0, 6)}…(${secret.length} chars)` });
    }
  }
  return hits;
}
