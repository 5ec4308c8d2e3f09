// Runs Pulumi programs of this repo on the real engine (Automation API over the CLI that toolchain/pulumi-cli.js finds
// or builds), each test stack in its own temp file backend, and reports what the engine did in structured form.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineEvent, LocalWorkspace, OpType, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePulumi, DEV_PASSPHRASE } = require("../../toolchain/pulumi-cli.js") as {
  ensurePulumi: () => { pulumi: string; binDir: string; version: string; env: NodeJS.ProcessEnv };
  DEV_PASSPHRASE: string;
};

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The engine's own files (each project's selected stack, plugins) for this test process alone; see ENGINE_TEST_ENV. */
const engineHome = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-pulumi-home-"));
process.once("exit", () => fs.rmSync(engineHome, { recursive: true, force: true }));

/**
 * What every engine run of the tests gets:
 * - PULUMI_NODEJS_TRANSPILE_ONLY: the TypeScript programs are type-checked once by `npm run typecheck` (tsconfig.json
 *   includes tests/ and examples/), so ts-node's type check on every run would only cost CPU; the consumer and README
 *   tests type-check as a user's project does;
 * - PULUMI_HOME: a scratch folder per test process (mocha worker), so files running side by side share no workspace
 *   file; the CLI, its language hosts and the bundled plugins are found next to the CLI, not in PULUMI_HOME.
 */
export const ENGINE_TEST_ENV: Readonly<Record<string, string>> = {
  PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  PULUMI_HOME: engineHome,
};

/** One resource step the engine reported (preview or update), e.g. { urn, op: "update", diffs: ["bandwidthGbps"] }. */
export interface Step {
  urn: string;
  type: string;
  op: OpType;
  diffs: string[];
}

export interface Outcome {
  steps: Step[];
  /** Steps on resources other than the stack itself, without "same" steps. */
  changes: Step[];
  stdout: string;
  events: EngineEvent[];
}

export interface TestStack {
  stack: Stack;
  backendDir: string;
  cliVersion: string;
  preview(opts?: { refresh?: boolean }): Promise<Outcome>;
  up(opts?: { refresh?: boolean }): Promise<Outcome & { outputs: Record<string, unknown> }>;
  refresh(): Promise<Outcome>;
  destroy(): Promise<Outcome>;
  setConfig(key: string, value: string, secret?: boolean): Promise<void>;
  /** Destroys what is left and removes the stack and its temp backend. */
  dispose(): Promise<void>;
}

/** Top-level input keys whose values differ (the dynamic provider host reports no per-property diffs itself). */
function changedInputs(olds: Record<string, unknown> = {}, news: Record<string, unknown> = {}): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
}

function stepsOf(events: EngineEvent[]): Step[] {
  const steps: Step[] = [];
  for (const e of events) {
    const meta = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
    // Default providers are engine bookkeeping, not steps of the program's resources.
    if (!meta || meta.type.startsWith("pulumi:providers:")) continue;
    // The engine sends a pre-event for every step and an outputs event when it completes; keep one per urn+op.
    if (steps.some((s) => s.urn === meta.urn && s.op === meta.op)) continue;
    const diffs = meta.diffs?.length ? meta.diffs : changedInputs(meta.old?.inputs, meta.new?.inputs);
    steps.push({ urn: meta.urn, type: meta.type, op: meta.op, diffs: meta.op === "update" ? diffs : [] });
  }
  return steps;
}

function outcome(events: EngineEvent[], stdout: string): Outcome {
  const steps = stepsOf(events);
  const changes = steps.filter((s) => s.type !== "pulumi:pulumi:Stack" && s.op !== "same");
  return { steps, changes, stdout, events };
}

/**
 * Creates a fresh stack of the program in `programDir` (a folder of this repo with a Pulumi.yaml) on a temp file
 * backend. `env` is passed to the engine and, through it, to the program and the dynamic provider.
 * `backendDir`: use this existing file backend instead of a fresh temp one (several stacks in one backend, e.g. for
 * StackReference); the caller owns it, so `dispose()` removes the stack but leaves the directory.
 */
export async function createTestStack(
  programDir: string,
  opts: { env?: Record<string, string>; stackName?: string; backendDir?: string } = {},
): Promise<TestStack> {
  const cli = ensurePulumi();
  const ownsBackend = opts.backendDir === undefined;
  const backendDir = opts.backendDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-e2e-"));
  const envVars: Record<string, string> = {
    ...(cli.env as Record<string, string>),
    ...ENGINE_TEST_ENV,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE,
    ...opts.env,
  };
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(cli.binDir) });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: opts.stackName ?? "e2e", workDir: path.resolve(REPO_ROOT, programDir) },
    { envVars, pulumiCommand },
  );

  const capture = () => {
    const events: EngineEvent[] = [];
    let stdout = "";
    return {
      events,
      opts: { onEvent: (e: EngineEvent) => events.push(e), onOutput: (s: string) => (stdout += s) },
      get stdout() {
        return stdout;
      },
    };
  };

  return {
    stack,
    backendDir,
    cliVersion: cli.version,
    async preview(o = {}) {
      const c = capture();
      await stack.preview({ ...c.opts, diff: true, refresh: o.refresh });
      return outcome(c.events, c.stdout);
    },
    async up(o = {}) {
      const c = capture();
      const res = await stack.up({ ...c.opts, diff: true, refresh: o.refresh });
      const outputs = Object.fromEntries(Object.entries(res.outputs).map(([k, v]) => [k, v.value]));
      return { ...outcome(c.events, c.stdout), outputs };
    },
    async refresh() {
      const c = capture();
      await stack.refresh(c.opts);
      return outcome(c.events, c.stdout);
    },
    async destroy() {
      const c = capture();
      await stack.destroy(c.opts);
      return outcome(c.events, c.stdout);
    },
    async setConfig(key, value, secret = false) {
      await stack.setConfig(key, { value, secret });
    },
    async dispose() {
      try {
        await stack.destroy();
        await stack.workspace.removeStack(stack.name);
      } finally {
        if (ownsBackend) fs.rmSync(backendDir, { recursive: true, force: true });
      }
    },
  };
}

/** Every file under `dir`, for scanning state for plaintext secrets. */
export function readAllFiles(dir: string): string {
  let text = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
  }
  return text;
}

/** The files `git` would put in a fresh clone of the working tree (tracked and new, minus ignored and deleted ones). */
export function copyWorkingTree(to: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  for (const file of files.split("\0").filter(Boolean)) {
    const from = path.join(REPO_ROOT, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(from, path.join(to, file));
    fs.chmodSync(path.join(to, file), fs.statSync(from).mode);
  }
}
