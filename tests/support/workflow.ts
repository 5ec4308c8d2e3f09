// Replays the jobs of a GitHub Actions workflow file on this machine, the way a runner would: the job's `if:` and each
// step's `if:`, `env:` and `working-directory:` are evaluated from the workflow's own text (the `${{ }}` expressions
// over the github, env, vars, secrets, steps and runner contexts), and each `run:` script is executed by the shell the
// workflow declares, with GitHub's default variables (GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT, …). Steps only
// GitHub can run (`uses:`, or a `run:` the caller replaces) are skipped only when the caller names them, with a reason.
// tests/e2e/gitops.test.ts replays .github/workflows/pulumi.yml with it.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  if?: string | boolean;
  env?: Record<string, string | number | boolean>;
  "working-directory"?: string;
  shell?: string;
  "continue-on-error"?: boolean;
}

export interface WorkflowJob {
  if?: string | boolean;
  env?: Record<string, string | number | boolean>;
  defaults?: { run?: { shell?: string; "working-directory"?: string } };
  steps: WorkflowStep[];
  environment?: string | { name: string };
  [key: string]: unknown;
}

export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string | number | boolean>;
  defaults?: { run?: { shell?: string; "working-directory"?: string } };
  jobs: Record<string, WorkflowJob>;
  [key: string]: unknown;
}

export function readWorkflow(file: string): Workflow {
  const parsed = yaml.load(fs.readFileSync(file, "utf8")) as Workflow;
  if (!parsed?.jobs || !parsed.on) throw new Error(`${file}: not a workflow (no jobs or no on)`);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------------------------
// Expressions: the subset of GitHub's expression language a workflow like ours uses. Anything else throws, so a
// workflow that outgrows the subset fails the rehearsal instead of being misread.

type Value = string | number | boolean | null | Record<string, unknown> | unknown[];
export type Contexts = Record<string, unknown> & { status?: { failed: boolean } };

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(==|!=|<=|>=|&&|\|\||[!()[\].,<>])|([A-Za-z_][A-Za-z0-9_-]*))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`expression "${source}": cannot read from "${source.slice(start)}"`);
    tokens.push(m[0].trim());
  }
  return tokens;
}

const truthy = (v: unknown) => !(v === false || v === 0 || v === "" || v === null || v === undefined);

/** GitHub's loose equality: strings case-insensitively, mixed types through numbers. */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return Number(a ?? 0) === Number(b ?? 0);
}

class Parser {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly ctx: Contexts,
    private readonly source: string,
  ) {}

  parse(): unknown {
    const value = this.or();
    if (this.i < this.tokens.length) this.fail(`unexpected "${this.tokens[this.i]}"`);
    return value;
  }

  private fail(why: string): never {
    throw new Error(`expression "${this.source}": ${why}`);
  }
  private peek = () => this.tokens[this.i];
  private take = () => this.tokens[this.i++];
  private expect(token: string) {
    if (this.take() !== token) this.fail(`expected "${token}"`);
  }

  private or(): unknown {
    let left = this.and();
    while (this.peek() === "||") {
      this.take();
      const right = this.and();
      left = truthy(left) ? left : right;
    }
    return left;
  }
  private and(): unknown {
    let left = this.comparison();
    while (this.peek() === "&&") {
      this.take();
      const right = this.comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  }
  private comparison(): unknown {
    const left = this.unary();
    const op = this.peek();
    if (op !== "==" && op !== "!=") return left;
    this.take();
    const equal = looselyEqual(left, this.unary());
    return op === "==" ? equal : !equal;
  }
  private unary(): unknown {
    if (this.peek() === "!") {
      this.take();
      return !truthy(this.unary());
    }
    return this.primary();
  }
  private primary(): unknown {
    const token = this.take();
    if (token === undefined) this.fail("ended early");
    if (token === "(") {
      const value = this.or();
      this.expect(")");
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (/^\d/.test(token)) return Number(token);
    if (token === "true" || token === "false") return token === "true";
    if (token === "null") return null;
    if (this.peek() === "(") return this.call(token);
    return this.path(token);
  }
  private call(name: string): unknown {
    const failed = this.ctx.status?.failed ?? false;
    const functions: Record<string, () => boolean> = {
      success: () => !failed,
      failure: () => failed,
      always: () => true,
      cancelled: () => false,
    };
    if (!Object.hasOwn(functions, name)) this.fail(`function ${name}() is not supported by the rehearsal`);
    this.expect("(");
    this.expect(")");
    return functions[name]();
  }
  private path(root: string): unknown {
    if (!(root in this.ctx)) this.fail(`context "${root}" is not supported by the rehearsal`);
    let value: unknown = this.ctx[root];
    for (;;) {
      let key: string;
      if (this.peek() === ".") {
        this.take();
        key = this.take();
      } else if (this.peek() === "[") {
        this.take();
        key = String(this.primary());
        this.expect("]");
      } else return value ?? null;
      value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
}

export function evaluate(expression: string, ctx: Contexts): unknown {
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(expression)?.[1] ?? expression;
  return new Parser(tokenize(inner), ctx, inner.trim()).parse();
}

/** A value with its `${{ … }}` parts replaced, as GitHub does for env values, working-directory and run scripts. */
export function interpolate(text: string | number | boolean, ctx: Contexts): string {
  return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, inner: string) => {
    const value = evaluate(inner, ctx) as Value;
    return value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}

/** A job's or step's `if:`; a step without one runs when nothing before it failed (GitHub's success()). */
export function condition(when: string | boolean | undefined, ctx: Contexts): boolean {
  if (when === undefined) return !ctx.status?.failed;
  if (typeof when === "boolean") return when;
  const usesStatus = /\b(success|failure|always|cancelled)\s*\(/.test(when);
  const value = truthy(evaluate(when, ctx));
  return usesStatus ? value : value && !ctx.status?.failed;
}

// ---------------------------------------------------------------------------------------------------------------------
// Jobs

export interface ReplayOptions {
  /** The github context: event_name, ref, sha, repository, event (the payload), token, … */
  github: Record<string, unknown> & { event_name: string; ref: string; sha: string; repository: string };
  vars: Record<string, string>;
  secrets: Record<string, string>;
  /** The checkout the steps run in (GITHUB_WORKSPACE). */
  workspace: string;
  /** The runner's own environment (PATH, HOME, tools): what is on the machine before the workflow's env. */
  runnerEnv: Record<string, string>;
  /** Why a step is not run here (it needs GitHub, or the caller provides its effect), or undefined to run it. */
  skip: (step: WorkflowStep) => string | undefined;
  /** Called after each step, e.g. for a progress line. */
  onStep?: (run: StepRun) => void;
}

export interface StepRun {
  job: string;
  label: string;
  outcome: "success" | "failure" | "skipped";
  /** Why it was not run, for steps the caller skipped. */
  skipped?: string;
  output: string;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  seconds: number;
}

export interface JobRun {
  job: string;
  result: "success" | "failure" | "skipped";
  steps: StepRun[];
  /** Every step's output, in order, as the job's log shows it. */
  log: string;
}

/** The jobs whose `if:` holds for this event. */
export function jobsFor(workflow: Workflow, opts: Pick<ReplayOptions, "github" | "vars" | "secrets">): string[] {
  const ctx: Contexts = { github: opts.github, vars: opts.vars, secrets: opts.secrets, env: {} };
  return Object.keys(workflow.jobs).filter((name) => condition(workflow.jobs[name].if, ctx));
}

const stepLabel = (step: WorkflowStep, index: number) =>
  step.name ?? (step.uses ? `uses ${step.uses}` : step.run ? `run ${step.run.split("\n")[0]}` : `step ${index + 1}`);

/** Replays one job; its `if:` must hold for the event. */
export async function runJob(workflow: Workflow, job: string, opts: ReplayOptions): Promise<JobRun> {
  const spec = workflow.jobs[job];
  if (!spec) throw new Error(`the workflow has no job "${job}"`);
  const events: Contexts = { github: opts.github, vars: opts.vars, secrets: opts.secrets, env: {} };
  if (!condition(spec.if, events)) return { job, result: "skipped", steps: [], log: "" };
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), `workflow-${job}-`));
  const steps: Record<string, { outcome: string; conclusion: string; outputs: Record<string, string> }> = {};
  const status = { failed: false };
  const runner = { temp, os: "Linux", arch: "X64" };
  const base: Contexts = { github: opts.github, vars: opts.vars, secrets: opts.secrets, runner, steps, status };
  const env = { ...evaluateEnv(workflow.env, { ...base, env: {} }) };
  Object.assign(env, evaluateEnv(spec.env, { ...base, env }));
  const runs: StepRun[] = [];
  try {
    for (const [index, step] of spec.steps.entries()) {
      const run = await runStep(workflow, job, step, index, { opts, base, env, temp });
      if (step.id) steps[step.id] = { outcome: run.outcome, conclusion: run.outcome, outputs: run.outputs };
      if (run.outcome === "failure" && !step["continue-on-error"]) status.failed = true;
      runs.push(run);
      opts.onStep?.(run);
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  const log = runs.map((r) => `##[group]${r.label}\n${r.output}##[endgroup]\n`).join("");
  return { job, result: status.failed ? "failure" : "success", steps: runs, log };
}

function evaluateEnv(block: Record<string, string | number | boolean> | undefined, ctx: Contexts) {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(block ?? {})) out[key] = interpolate(value, ctx);
  return out;
}

interface StepScope {
  opts: ReplayOptions;
  base: Contexts;
  env: Record<string, string>;
  temp: string;
}

async function runStep(
  workflow: Workflow,
  job: string,
  step: WorkflowStep,
  index: number,
  { opts, base, env, temp }: StepScope,
): Promise<StepRun & { outputs: Record<string, string> }> {
  const label = stepLabel(step, index);
  const ctx: Contexts = { ...base, env };
  const done = (outcome: StepRun["outcome"], output = "", extra: Partial<StepRun> = {}) => ({
    job,
    label,
    outcome,
    output,
    summary: "",
    seconds: 0,
    outputs: {},
    ...extra,
  });
  if (!condition(step.if, ctx)) return done("skipped");
  const skipped = opts.skip(step);
  if (skipped) return done("success", "", { skipped });
  if (!step.run) throw new Error(`job ${job}, ${label}: only GitHub can run this step; the rehearsal has no stand-in`);
  const stepEnv = { ...env, ...evaluateEnv(step.env, ctx) };
  const shell = step.shell ?? workflow.jobs[job].defaults?.run?.shell ?? workflow.defaults?.run?.shell;
  const dir =
    step["working-directory"] ??
    workflow.jobs[job].defaults?.run?.["working-directory"] ??
    workflow.defaults?.run?.["working-directory"];
  const cwd = path.resolve(opts.workspace, dir === undefined ? "." : interpolate(dir, { ...ctx, env: stepEnv }));
  const files = githubFiles(temp, index);
  const script = path.join(temp, `step-${index}.sh`);
  fs.writeFileSync(script, interpolate(step.run, { ...ctx, env: stepEnv }));
  const started = Date.now();
  const { code, output } = await runShell(shellArgs(shell, script), cwd, {
    ...opts.runnerEnv,
    ...githubEnv(job, temp, opts),
    ...files.env,
    ...stepEnv,
  });
  if (fs.readFileSync(files.env.GITHUB_ENV, "utf8").trim()) {
    throw new Error(`job ${job}, ${label}: writes GITHUB_ENV, which the rehearsal does not carry to later steps`);
  }
  const outputs = readOutputs(files.env.GITHUB_OUTPUT);
  const summary = fs.readFileSync(files.env.GITHUB_STEP_SUMMARY, "utf8");
  const seconds = (Date.now() - started) / 1000;
  return { ...done(code === 0 ? "success" : "failure", output), summary, seconds, outputs };
}

/** The command line GitHub's Ubuntu runners use for each `shell:` (bash by default when present). */
function shellArgs(shell: string | undefined, script: string): string[] {
  if (shell === undefined) return ["bash", "-e", script];
  if (shell === "bash") return ["bash", "--noprofile", "--norc", "-eo", "pipefail", script];
  if (shell === "sh") return ["sh", "-e", script];
  throw new Error(`shell "${shell}" is not supported by the rehearsal`);
}

function githubEnv(job: string, temp: string, opts: ReplayOptions): Record<string, string> {
  const eventPath = path.join(temp, "event.json");
  if (!fs.existsSync(eventPath)) fs.writeFileSync(eventPath, JSON.stringify(opts.github.event ?? {}));
  const str = (key: string) => {
    const value = opts.github[key];
    return typeof value === "string" || typeof value === "number" ? String(value) : "";
  };
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_JOB: job,
    GITHUB_WORKSPACE: opts.workspace,
    GITHUB_EVENT_NAME: opts.github.event_name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: opts.github.ref,
    GITHUB_SHA: opts.github.sha,
    GITHUB_REPOSITORY: opts.github.repository,
    GITHUB_RUN_ID: str("run_id"),
    GITHUB_SERVER_URL: str("server_url"),
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
  };
}

function githubFiles(temp: string, index: number) {
  const env = {
    GITHUB_OUTPUT: path.join(temp, `output-${index}`),
    GITHUB_ENV: path.join(temp, `env-${index}`),
    GITHUB_STEP_SUMMARY: path.join(temp, `summary-${index}.md`),
  };
  for (const file of Object.values(env)) fs.writeFileSync(file, "");
  return { env };
}

/** `name=value` lines and `name<<DELIMITER` blocks of a GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = fs.readFileSync(file, "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const block = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (block) {
      const end = lines.indexOf(block[2], i + 1);
      outputs[block[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      outputs[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return outputs;
}

function runShell(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(args[0], args.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}
