// The GitOps loop of .github/workflows/pulumi.yml, rehearsed: the workflow file is parsed and its jobs are replayed
// step by step (tests/support/workflow.ts) with the commands and flags written in it, in a scratch git repository made
// from this working tree, on an S3 state backend (toolchain/state-store.js: SeaweedFS) and the emulator.
//
//   setup (docs/gitops.md): `pulumi stack init`, the emulator's endpoints and both bandwidths (10 Gbps) committed in
//   Pulumi.rehearsal.yaml of tests/e2e/programs/gitops, the program the workflow's PULUMI_PROGRAM_DIR points at;
//   push to main → `up` deploys it; pull request #1 raises primary to 25 Gbps → `preview` passes and its comment shows
//   the diff; pull request #2 asks 50 Gbps (outside the allowed tiers of the policy config) → `preview` fails and its
//   comment names the violation; #1 is merged → `up --refresh` resizes primary; the schedule → `drift` passes, then,
//   after an out-of-band resize in the emulator, fails naming the field; after the partner re-homes a link into the
//   other member's conduit too, it fails naming the group, the blocker and the link; the opt-in remediation schedule →
//   `remediate` (`up --refresh` with the pack) resizes primary back and relocates the link; `drift` passes again.
//
// Only steps that need GitHub are skipped (checkout: the scratch repository is checked out at the event's commit;
// setup-node: the Node.js release line it names, from toolchain/node-runtime.js, first on PATH; the CLI install: the
// project's CLI on PATH; `npm ci`: node_modules linked from this repository). `gh` is a stand-in on PATH that records
// the comment it would post.
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import {
  DEV_AWS_ACCESS_KEY_ID,
  DEV_AWS_SECRET_ACCESS_KEY,
  DEFAULT_AWS_REGION,
  PARTNER_CUSTOMER_TOKEN,
} from "../../emulator/identities";
import { copyWorkingTree, REPO_ROOT } from "../support/engine";
import { admin, adminState, EMULATOR_TOKENS, startTestEmulator, type Emulator } from "../support/emulator";
import {
  jobsFor,
  readWorkflow,
  runJob,
  type JobRun,
  type ReplayOptions,
  type StepRun,
  type Workflow,
  type WorkflowStep,
} from "../support/workflow";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePolicyHost } = require("../../toolchain/policy-langhost/ensure.js") as {
  ensurePolicyHost: () => { pulumi: string; binDir: string; env: NodeJS.ProcessEnv };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CLI_VERSION } = require("../../toolchain/pulumi-cli.js") as { CLI_VERSION: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureNode } = require("../../toolchain/node-runtime.js") as {
  ensureNode: (major: number) => { version: string; binDir: string };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStateStore } = require("../../toolchain/state-store.js") as {
  startStateStore: (opts: { dataDir: string; profile?: string; credentialsFile?: string }) => Promise<StateStore>;
};

interface StateStore {
  backendUrl: string;
  /** SIGTERM, then SIGKILL after graceMs; weed's clean shutdown takes ~15 s. */
  stop(graceMs?: number): Promise<void>;
}

const WORKFLOW_FILE = path.join(REPO_ROOT, ".github", "workflows", "pulumi.yml");
const PROGRAM_DIR = "tests/e2e/programs/gitops";
const STACK = "rehearsal";
const PROJECT = "e2e-gitops";
const REPOSITORY = "example-org/interconnect-gitops";
/** The workflow's two schedules, told apart by github.event.schedule. */
const REPORT_STEP = "Name the drifted fields and the broken policies";
const DRIFT_CRON = "17 6 * * *";
const REMEDIATE_CRON = "43 */6 * * *";

/** Steps the rehearsal does not run, and why; every other step runs as written. */
function skipReason(step: WorkflowStep, node: { version: string }): string | undefined {
  const action = step.uses?.split("@")[0];
  if (action === "actions/checkout") return "the scratch repository is checked out at the event's commit";
  if (action === "actions/setup-node") return `Node ${node.version} (toolchain/node-runtime.js) is first on PATH`;
  if (action === "pulumi/actions" && step.with?.command === undefined) return "the project's Pulumi CLI is on PATH";
  if (step.run?.trim() === "npm ci --no-audit --no-fund") return "node_modules links this repository's packages";
  return undefined;
}

/** The Node.js major version the workflow's setup-node steps ask for (all the same). */
function workflowNodeMajor(workflow: Workflow): number {
  const versions = Object.values(workflow.jobs).flatMap((job) =>
    job.steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => String(s.with?.["node-version"])),
  );
  expect(new Set(versions).size, `setup-node versions ${versions.join(", ")}`).to.equal(1);
  expect(versions[0]).to.match(/^\d+$/);
  return Number(versions[0]);
}

// ---------------------------------------------------------------------------------------------------------------------
// The scratch repository, the runner's machine and the `gh` stand-in

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "rehearsal",
      GIT_AUTHOR_EMAIL: "rehearsal@example.invalid",
      GIT_COMMITTER_NAME: "rehearsal",
      GIT_COMMITTER_EMAIL: "rehearsal@example.invalid",
    },
  }).trim();

/**
 * A git repository holding what a clone of this working tree holds (tracked and new files, minus ignored and deleted
 * ones), committed on `main`; node_modules links each installed package of this repository, except the package's
 * self-link, which points at the scratch repository itself (as `npm ci` would make it), so the jobs run its own dist/.
 */
function scratchRepository(dir: string): string {
  copyWorkingTree(dir);
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, "node_modules"))) {
    if (entry === ".cache") continue;
    const target = entry === "pulumi-interconnect" ? dir : path.join(REPO_ROOT, "node_modules", entry);
    fs.symlinkSync(target, path.join(modules, entry));
  }
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "pulumi-interconnect, as in the working tree");
  return dir;
}

/** A `gh` that records each call (arguments, the body file's text) and answers like gh: --edit-last needs a comment. */
function fakeGh(binDir: string, logFile: string): void {
  const source = `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
if (!process.env.GH_TOKEN) { console.error("gh: set the GH_TOKEN environment variable"); process.exit(4); }
const calls = fs.existsSync(${JSON.stringify(logFile)})
  ? fs.readFileSync(${JSON.stringify(logFile)}, "utf8").split("\\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const at = args.indexOf("--body-file");
const body = at >= 0 ? fs.readFileSync(args[at + 1], "utf8") : undefined;
const pr = args[2];
const editLast = args.includes("--edit-last");
const mine = calls.filter((c) => c.pr === pr && c.posted);
const posted = !editLast || mine.length > 0;
fs.appendFileSync(${JSON.stringify(logFile)}, JSON.stringify({ args, pr, body, editLast, posted }) + "\\n");
if (!posted) { console.error("no comments found for current user"); process.exit(1); }
console.log("https://github.com/${REPOSITORY}/pull/" + pr + "#issuecomment-" + (calls.length + 1));
`;
  fs.writeFileSync(path.join(binDir, "gh"), source, { mode: 0o755 });
}

interface GhCall {
  args: string[];
  pr: string;
  body?: string;
  editLast: boolean;
  posted: boolean;
}

const stepVerdict = (s: StepRun) =>
  s.skipped
    ? `not run here (${s.skipped})`
    : s.outcome === "skipped"
      ? "skipped (its if: does not hold)"
      : `${s.outcome} (${s.seconds.toFixed(1)} s)`;

const ghCalls = (logFile: string): GhCall[] =>
  fs.existsSync(logFile)
    ? fs
        .readFileSync(logFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as GhCall)
    : [];

// ---------------------------------------------------------------------------------------------------------------------

describe("e2e GitOps: .github/workflows/pulumi.yml replayed on an S3 backend and the emulator", function () {
  this.timeout(5 * 60_000);
  let workflow: Workflow;
  let scratch: string;
  let repo: string;
  let ghLog: string;
  const passphrase = crypto.randomBytes(12).toString("hex");
  let emulator: Emulator;
  let store: StateStore | undefined;
  let runnerEnv: Record<string, string>;
  let node: { version: string; binDir: string };
  let secrets: Record<string, string>;
  let runId = 0;
  const vars = {
    PULUMI_STACK: STACK,
    PULUMI_PROGRAM_DIR: PROGRAM_DIR,
    PULUMI_POLICY_CONFIG: `${PROGRAM_DIR}/policy-config.json`,
    AWS_REGION: DEFAULT_AWS_REGION,
    PULUMI_REMEDIATE: "true", // the rehearsal's repository opts in to the scheduled remediation
  };

  /** Commands an administrator runs by hand (the setup of docs/gitops.md), with the secrets the workflow gets. */
  const byHand = (command: string) =>
    execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], {
      cwd: path.join(repo, PROGRAM_DIR),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...runnerEnv, ...secrets, AWS_REGION: DEFAULT_AWS_REGION },
    });

  before(async function () {
    this.timeout(20 * 60_000); // the first run on a machine builds SeaweedFS from Go modules (.ci/run does it first)
    workflow = readWorkflow(WORKFLOW_FILE);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-gitops-"));
    repo = path.join(scratch, "repo");
    ghLog = path.join(scratch, "gh-calls.jsonl");
    const host = ensurePolicyHost();
    node = ensureNode(workflowNodeMajor(workflow));
    emulator = await startTestEmulator();
    const machine = path.join(scratch, "runner");
    const bin = path.join(machine, "bin");
    fs.mkdirSync(bin, { recursive: true });
    fakeGh(bin, ghLog);
    fs.writeFileSync(path.join(machine, "aws-config"), "");
    store = await startStateStore({
      dataDir: path.join(scratch, "state-store"),
      // The store's keys go to a profile the backend URL names (…&profile=pulumi-state), so they never mix with the
      // AWS keys in the environment, which the provider signs its AWS Interconnect calls with (the emulator's).
      profile: "pulumi-state",
      credentialsFile: path.join(machine, "aws-credentials"),
    });
    runnerEnv = {
      PATH: [bin, node.binDir, host.env.PATH].join(path.delimiter),
      HOME: machine,
      PULUMI_HOME: path.join(machine, ".pulumi"),
      LANG: "C.UTF-8",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      // The project's Node.js language host sits behind the policy shim (toolchain/policy-langhost); an official CLI,
      // as the workflow installs, runs policy packs with its own.
      ...(host.env.PULUMI_NODEJS_LANGUAGE_HOST
        ? { PULUMI_NODEJS_LANGUAGE_HOST: host.env.PULUMI_NODEJS_LANGUAGE_HOST }
        : {}),
      AWS_SHARED_CREDENTIALS_FILE: path.join(machine, "aws-credentials"),
      AWS_CONFIG_FILE: path.join(machine, "aws-config"),
    };
    secrets = {
      PULUMI_BACKEND_URL: store.backendUrl,
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      INTERCONNECT_PARTNER_TOKEN: PARTNER_CUSTOMER_TOKEN,
      AWS_ACCESS_KEY_ID: DEV_AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: DEV_AWS_SECRET_ACCESS_KEY,
    };
    scratchRepository(repo);
    console.log(`      (backend ${store.backendUrl}; CLI ${fs.realpathSync(host.pulumi)}; Node ${node.version})`);
    // Setup, as docs/gitops.md says: the stack, its config committed on main.
    byHand(
      [
        `pulumi login "$PULUMI_BACKEND_URL"`,
        `pulumi stack init ${STACK}`,
        `pulumi config set interconnect:cloudEndpoint ${emulator.cloudUrl}`,
        `pulumi config set interconnect:partnerEndpoint ${emulator.partnerUrl}`,
        `pulumi config set ${PROJECT}:primaryGbps 10`,
        `pulumi config set ${PROJECT}:secondaryGbps 10`,
      ].join(" && "),
    );
    git(repo, "add", "-f", `${PROGRAM_DIR}/Pulumi.${STACK}.yaml`);
    git(repo, "commit", "-q", "-m", `stack ${STACK}: the emulator's endpoints, 10 Gbps each`);
  });

  after(async () => {
    await emulator?.stop();
    await store?.stop(2000); // the store's data is thrown away: no need to wait for weed's clean shutdown
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  /** The github context of an event at the checked-out commit. */
  function githubContext(event_name: string, ref: string, event: Record<string, unknown> = {}) {
    return {
      event_name,
      ref,
      event,
      sha: git(repo, "rev-parse", "HEAD"),
      repository: REPOSITORY,
      run_id: String(++runId),
      server_url: "https://github.com",
      token: "ghs_rehearsal-token",
      workspace: repo,
    };
  }

  /** Replays the one job the workflow runs for this event, printing a line per step. */
  async function replay(github: ReplayOptions["github"], job: string): Promise<JobRun> {
    expect(jobsFor(workflow, { github, vars, secrets }), `jobs for ${github.event_name}`).to.deep.equal([job]);
    const started = Date.now();
    const run = await runJob(workflow, job, {
      github,
      vars,
      secrets,
      workspace: repo,
      runnerEnv,
      skip: (step) => skipReason(step, node),
      onStep: (s) => console.log(`      [${s.job}] ${s.label}: ${stepVerdict(s)}`),
    });
    console.log(`      [${job}] ${run.result} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return run;
  }

  /** A push to main: GitHub checks out the pushed commit. */
  const pushToMain = () => {
    git(repo, "checkout", "-q", "main");
    return replay(githubContext("push", "refs/heads/main"), "up");
  };

  /** A pull request from `branch` into main: GitHub checks out the merge of the two (refs/pull/<n>/merge). */
  const pullRequest = (number: number, branch: string) => {
    git(repo, "checkout", "-q", "--detach", "main");
    git(repo, "merge", "-q", "--no-ff", "--no-edit", branch);
    const event = { number, pull_request: { number, head: { ref: branch }, base: { ref: "main" } } };
    return replay(githubContext("pull_request", `refs/pull/${number}/merge`, event), "preview");
  };

  /** A branch off main whose commit edits the stack config (Pulumi.rehearsal.yaml), as a reviewer would see it. */
  function branchWithConfig(branch: string, key: string, gbps: number) {
    git(repo, "checkout", "-q", "-b", branch, "main");
    const file = path.join(repo, PROGRAM_DIR, `Pulumi.${STACK}.yaml`);
    const before = fs.readFileSync(file, "utf8");
    const after = before.replace(`${PROJECT}:${key}: "10"`, `${PROJECT}:${key}: "${gbps}"`);
    expect(after, `${key} in ${file}`).to.not.equal(before);
    fs.writeFileSync(file, after);
    git(repo, "commit", "-q", "-am", `${key}: ${gbps} Gbps`);
    git(repo, "checkout", "-q", "main");
  }

  const lastComment = (pr: number) =>
    ghCalls(ghLog)
      .filter((c) => c.pr === String(pr) && c.posted)
      .pop();
  const connectionIds = () =>
    JSON.parse(byHand(`pulumi stack output connectionIds --json --stack ${STACK}`)) as Record<string, string>;
  const partnerBandwidth = async (name: "primary" | "secondary") => {
    const ids = connectionIds();
    return (await adminState(emulator)).partner.connections[ids[name]]?.bandwidthGbps;
  };
  const tail = (run: JobRun) => run.log.slice(-6000);
  const schedule = (cron: string, job: string) =>
    replay(githubContext("schedule", "refs/heads/main", { schedule: cron }), job);

  /** The drift schedule, expected to fail: the refresh step's output and the report step, which failed too. */
  async function failingDriftJob(): Promise<{ refresh: string; report: StepRun | undefined }> {
    const run = await schedule(DRIFT_CRON, "drift");
    expect(run.result, tail(run)).to.equal("failure");
    const refresh = run.steps.find((s) => s.label.startsWith("Drift check"))?.output ?? "";
    const report = run.steps.find((s) => s.label === REPORT_STEP);
    console.log(`      ${report?.output.trim().split("\n").join("\n      ")}`);
    expect(report?.outcome).to.equal("failure");
    return { refresh, report };
  }

  it("runs each job on its event only: preview on PRs, up on pushes to main, drift and (opt-in) remediate on schedule", () => {
    expect(Object.keys(workflow.on)).to.include.members(["pull_request", "push", "schedule", "workflow_dispatch"]);
    const crons = (workflow.on.schedule as { cron: string }[]).map((s) => s.cron);
    expect(crons).to.deep.equal([DRIFT_CRON, REMEDIATE_CRON]);
    const sha = "0".repeat(40);
    const jobs = (
      event_name: string,
      ref: string,
      event: Record<string, unknown> = {},
      v: Record<string, string> = vars,
    ) => jobsFor(workflow, { github: { event_name, ref, sha, repository: REPOSITORY, event }, vars: v, secrets });
    expect(jobs("pull_request", "refs/pull/1/merge")).to.deep.equal(["preview"]);
    expect(jobs("push", "refs/heads/main")).to.deep.equal(["up"]);
    expect(jobs("push", "refs/heads/feature")).to.deep.equal([]);
    expect(jobs("schedule", "refs/heads/main", { schedule: DRIFT_CRON })).to.deep.equal(["drift"]);
    expect(jobs("schedule", "refs/heads/main", { schedule: REMEDIATE_CRON })).to.deep.equal(["remediate"]);
    const { PULUMI_REMEDIATE: _optedIn, ...notOptedIn } = vars;
    expect(jobs("schedule", "refs/heads/main", { schedule: REMEDIATE_CRON }, notOptedIn), "opt-in").to.deep.equal([]);
    expect(jobs("schedule", "refs/heads/main", { schedule: DRIFT_CRON }, notOptedIn)).to.deep.equal(["drift"]);
    expect(jobs("workflow_dispatch", "refs/heads/main", { inputs: { job: "drift" } })).to.deep.equal(["drift"]);
    expect(jobs("workflow_dispatch", "refs/heads/main", { inputs: { job: "remediate" } }, notOptedIn)).to.deep.equal([
      "remediate",
    ]);
    expect(jobs("workflow_dispatch", "refs/heads/feature", { inputs: { job: "remediate" } })).to.deep.equal([]);
    // Every job installs the CLI this project runs (and this rehearsal puts on PATH).
    const installs = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@")).map((s) => String(s.with?.["pulumi-version"])),
    );
    expect(installs).to.deep.equal(Object.keys(workflow.jobs).map(() => CLI_VERSION));
  });

  it("push to main: the up job deploys the program (two Interconnects at 10 Gbps)", async () => {
    const run = await pushToMain();
    expect(run.result, tail(run)).to.equal("success");
    expect(run.log).to.match(/interconnect-guardrails/); // the pack ran
    expect(await partnerBandwidth("primary")).to.equal(10);
    expect(await partnerBandwidth("secondary")).to.equal(10);
  });

  it("pull request #1 (primary 10 → 25 Gbps): preview passes; the comment shows the diff naming bandwidthGbps", async () => {
    branchWithConfig("raise-primary", "primaryGbps", 25);
    const run = await pullRequest(1, "raise-primary");
    expect(run.result, tail(run)).to.equal("success");
    const calls = ghCalls(ghLog).filter((c) => c.pr === "1");
    // The first comment on a pull request: --edit-last finds none, so the fallback posts a new one.
    expect(calls.map((c) => [c.editLast, c.posted])).to.deep.equal([
      [true, false],
      [false, true],
    ]);
    expect(calls[1].args).to.include.members(["pr", "comment", "--repo", REPOSITORY, "--body-file"]);
    const comment = lastComment(1)?.body ?? "";
    console.log(
      `      comment on #1:\n${comment
        .split("\n")
        .slice(0, 6)
        .map((l) => `        ${l}`)
        .join("\n")}`,
    );
    expect(comment).to.match(new RegExp(`^### ✅ \`pulumi preview\` of stack \`${STACK}\` passes`));
    expect(comment).to.include("Resources: 1 to update");
    expect(comment).to.match(/```diff\n[\s\S]*~ bandwidthGbps\s*: 10 => 25[\s\S]*\n```/);
    expect(comment).to.not.match(/Policy violations/);
    expect(await partnerBandwidth("primary"), "a preview changes nothing").to.equal(10);
  });

  it("pull request #2 (secondary 10 → 50 Gbps): preview fails; the comment names the violated policy", async () => {
    branchWithConfig("secondary-50", "secondaryGbps", 50);
    const run = await pullRequest(2, "secondary-50");
    expect(run.result, tail(run)).to.equal("failure");
    const failed = run.steps.filter((s) => s.outcome === "failure").map((s) => s.label);
    expect(failed).to.deep.equal(["pulumi preview, with the policy pack"]);
    const comment = lastComment(2)?.body ?? "";
    console.log(
      `      comment on #2:\n${comment
        .split("\n")
        .slice(0, 8)
        .map((l) => `        ${l}`)
        .join("\n")}`,
    );
    expect(comment).to.match(new RegExp(`^### ❌ \`pulumi preview\` of stack \`${STACK}\` fails`));
    expect(comment).to.include(
      '- **interconnect-allowed-tiers** [mandatory] on Interconnect `secondary`: Interconnect "secondary" asks for ' +
        "bandwidthGbps 50; allowed tiers: 1, 2, 5, 10, 25 Gbps.",
    );
    expect(comment).to.match(/~ bandwidthGbps\s*: 10 => 50/);
    for (const secret of [...EMULATOR_TOKENS, passphrase]) expect(comment).to.not.include(secret);
    expect(await partnerBandwidth("secondary"), "a failed preview changes nothing").to.equal(10);
  });

  it("merge of #1: the up job (with --refresh) resizes primary to 25 Gbps", async () => {
    git(repo, "checkout", "-q", "main");
    git(repo, "merge", "-q", "--no-ff", "--no-edit", "raise-primary");
    const run = await pushToMain();
    expect(run.result, tail(run)).to.equal("success");
    expect(run.log).to.match(/~ bandwidthGbps\s*: 10 => 25/);
    expect(await partnerBandwidth("primary")).to.equal(25);
    expect(await partnerBandwidth("secondary")).to.equal(10);
  });

  it("schedule: the drift job passes while nothing changed outside Pulumi", async () => {
    git(repo, "checkout", "-q", "main");
    const run = await schedule(DRIFT_CRON, "drift");
    expect(run.result, tail(run)).to.equal("success");
    expect(run.steps.find((s) => s.label === REPORT_STEP)?.outcome).to.equal("skipped");
  });

  it("schedule, after an out-of-band resize to 10 Gbps: the drift job fails naming bandwidthGbps", async () => {
    const ids = connectionIds();
    await admin(emulator, "POST", "drift", { connectionId: ids.primary, bandwidthGbps: 10 });
    const run = await schedule(DRIFT_CRON, "drift");
    expect(run.result, tail(run)).to.equal("failure");
    const report = run.steps.find((s) => s.label === REPORT_STEP);
    console.log(`      ${report?.output.trim()}`);
    expect(report?.outcome).to.equal("failure");
    expect(report?.output).to.include(
      `::error title=Drift in stack ${STACK}::Interconnect primary: bandwidthGbps 25 => 10`,
    );
    expect(report?.summary).to.match(/\| Interconnect `primary` \| `bandwidthGbps` \| 25 => 10 \|/);
  });

  it("schedule, after the partner re-homes secondary's ch1 into primary's conduit: drift fails naming group, blocker and link", async () => {
    const ids = connectionIds();
    await admin(emulator, "POST", "rehome", {
      connectionId: ids.secondary,
      link: "ch1",
      shareWith: { connectionId: ids.primary, link: "ch1", dimensions: ["conduit"] },
    });
    const { refresh, report } = await failingDriftJob();
    // The refresh output itself names the group, the blocker and the links (the provider's diagnostics).
    expect(refresh, refresh).to.match(
      /RedundantLinkGroup hq \(rlg-[^)]+\): drift the next `up` acts on: not compliant at the last read \(distinct:conduit\)/,
    );
    expect(report?.output, refresh).to.include(
      `::error title=Drift in stack ${STACK}::Interconnect primary: bandwidthGbps 25 => 10`,
    );
    expect(report?.output, refresh).to.match(
      new RegExp(
        `::error title=Policy broken in stack ${STACK}::RedundantLinkGroup hq: distinct:conduit on primary/ch1, secondary/ch1: `,
      ),
    );
    expect(report?.summary, refresh).to.match(/\| Interconnect `primary` \| `bandwidthGbps` \| 25 => 10 \|/);
    expect(report?.summary, refresh).to.match(
      /\| RedundantLinkGroup `hq` \| `distinct:conduit` \| primary\/ch1, secondary\/ch1 \| links primary\/ch1 and secondary\/ch1 share conduit [^|]*relocate secondary\/ch1[^|]* \|/,
    );
  });

  it("the remediation schedule: up --refresh with the pack resizes primary back and relocates the link; drift then passes", async () => {
    const remediation = await schedule(REMEDIATE_CRON, "remediate");
    expect(remediation.result, tail(remediation)).to.equal("success");
    expect(remediation.log).to.match(/interconnect-guardrails/); // the pack ran
    expect(remediation.log).to.match(/relocating .*ch1/);
    expect(await partnerBandwidth("primary")).to.equal(25);
    expect(JSON.parse(byHand(`pulumi stack output compliant --json --stack ${STACK}`))).to.equal(true);
    const check = await schedule(DRIFT_CRON, "drift");
    expect(check.result, tail(check)).to.equal("success");
  });

  it("schedule, after MACsec goes off on primary's ch2 and BGP timers change on secondary's ch3: drift fails naming each link", async () => {
    const ids = connectionIds();
    await admin(emulator, "POST", "drift", { connectionId: ids.primary, macsecOffLink: "ch2" });
    await admin(emulator, "POST", "link-health", {
      connectionId: ids.secondary,
      link: "ch3",
      holdTimeSeconds: 30,
      keepaliveSeconds: 10,
    });
    const { refresh, report } = await failingDriftJob();
    const policyLine = (what: string) => `::error title=Policy broken in stack ${STACK}::${what}`;
    expect(report?.output, refresh).to.include(
      policyLine(
        `Interconnect primary: macsec "required" on ch2: MACsec is inactive on ch2: frames leave in the clear`,
      ),
    );
    expect(report?.output, refresh).to.include(
      policyLine("RedundantLinkGroup hq: requireMacsec on primary/ch2: MACsec is not active on primary/ch2"),
    );
    expect(report?.output, refresh).to.include(
      policyLine("RedundantLinkGroup hq: requireConsistentBgpTimers on secondary/ch3: BGP timers differ"),
    );
    expect(report?.summary, refresh).to.match(
      /\| Interconnect `primary` \| `macsec "required"` \| ch2 \| MACsec is inactive/,
    );
    expect(report?.summary, refresh).to.match(
      /\| RedundantLinkGroup `hq` \| `requireConsistentBgpTimers` \| secondary\/ch3 \| BGP timers differ/,
    );
  });
});
