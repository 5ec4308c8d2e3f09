// The README tried as a new user would: on a fresh copy of the repository, every command the README tells its reader
// to run is run as written, in README order, and checked against what the README says it does. A command added to
// the README fails the first test until it is run here or listed in NOT_RUN with the reason.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { copyWorkingTree, REPO_ROOT } from "../support/engine";
import { EMULATOR_TOKENS, duplicatesIn, inventoryOf, processesWithBackend, sleep } from "../support/reliability";
import { PARTNER_CUSTOMER_TOKEN } from "../../emulator/identities";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** Commands of the README: lines of its sh blocks, and inline code that starts with a command. */
function readmeCommands(markdown: string): string[] {
  const commands = new Set<string>();
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1].split("\n")) {
      const command = line.replace(/#.*/, "").trim();
      if (command) commands.add(command);
    }
  }
  for (const code of markdown.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)) {
    if (/^([A-Z_]+=\S+ )*(npm|npx|node|bash|pulumi)\s/.test(code[1])) commands.add(code[1].trim());
  }
  return [...commands];
}

/** README commands this walkthrough leaves alone, and why. */
const NOT_RUN: Record<string, string> = {
  "npm test": "this walkthrough is part of it; CI runs it through bash .ci/run",
  "npm run test:quick": "the conformance, unit and emulator tests of npm test, which CI runs in full",
  "bash .ci/run": "what CI runs on a clean clone; it runs npm test, which includes this walkthrough",
  "npm run test:stress":
    "the fault matrix at 50 connections and the kill -9 loop at 10 points (about 25 minutes); CI runs both tests smaller",
  "npm run bench": "benchmarks, not tests (about an hour); bench/RESULTS.md gives the command behind every figure",
  "npm run lint": "bash .ci/run runs it on the clean clone before the tests",
  "pulumi up": "names what npm start and npm run up run",
  "pulumi preview": "names what npm run preview runs",
  "pulumi preview --diff": "names what npm run preview runs",
  "pulumi import":
    "names the command whose error Troubleshooting explains (tests/unit/interconnect.test.ts checks that error)",
  "pulumi login s3://…": "names the command; tests/e2e/team-backend.test.ts runs the engine on such a backend",
  "npm run state-store -- --data .state-store --profile pulumi-state":
    "a server in the foreground; tests/e2e/team-backend.test.ts and gitops.test.ts start the same script (its export)",
  "npm run state-store": "names the command above",
  "pulumi stack history": "run by tests/e2e/team-backend.test.ts on the S3 store",
  "pulumi refresh --preview-only --expect-no-changes": "run by tests/e2e/gitops.test.ts, as the workflow's drift job",
  "pulumi up --refresh":
    "run by tests/e2e/drift.test.ts, for each drift and enforcement, and by gitops.test.ts as the up and remediate jobs",
  "pulumi preview --expect-no-changes": "run by tests/e2e/drift.test.ts after a refresh of a healthy stack",
  "pulumi stack init --secrets-provider awskms://alias/pulumi": "needs an AWS KMS key",
  "pulumi login": "needs a Pulumi Cloud account",
  "pulumi stack export | pulumi stack import": "moves a stack to a second backend one has logged in to",
  "pulumi up --parallel N": "names a flag; N is the reader's choice",
  "pulumi up -v=9 --logflow": "named to warn against it: the engine logs secrets in plaintext at that verbosity",
  "pulumi stack output <name> --show-secrets":
    "the general form for reading a portal partner's key; tests/e2e/aws-api.test.ts reads it from the stack outputs",
  "npm run pulumi -- <args>":
    "the general form; run below as the README's example, npm run pulumi -- stack output --json",
  "node toolchain/policy-langhost/ensure.js -- preview --policy-pack <path to policy>":
    "the general form; run below with the project's pack, as the Compatibility section writes it",
  // "Use it in your own project" happens outside this repository: tests/e2e/consumer/consumer.test.ts runs it there, on
  // the packed tarball (the emulator on a free port instead of 8787, the credentials in the engine's environment).
  "npm install pulumi-interconnect @pulumi/pulumi": "run by tests/e2e/consumer (the tarball instead of the registry)",
  "npx interconnect-emulator --port 8787 --data .emulator":
    "run by tests/e2e/consumer (the tarball's bin, a free port)",
  "pulumi config set interconnect:cloudEndpoint http://127.0.0.1:8787/cloud": "run by tests/e2e/consumer",
  "pulumi config set interconnect:partnerEndpoint http://127.0.0.1:8787/partner": "run by tests/e2e/consumer",
  "pulumi config set interconnect:region us-east-1": "run by tests/e2e/consumer",
  "pulumi config set interconnect:accountId 111122223333": "run by tests/e2e/consumer",
  "export AWS_ACCESS_KEY_ID=AKIAEMULATORDEV00001 AWS_SECRET_ACCESS_KEY=emulator/dev/secret/do-not-use-in-aws00":
    "tests/e2e/consumer sets both in the engine's environment",
  "pulumi new typescript": "downloads the template (needs internet); tests/e2e/consumer writes the project it creates",
  "pulumi refresh": "names what npm run refresh runs",
  "pulumi destroy": "names what npm run destroy runs",
  "pulumi refresh --run-program":
    "run by tests/e2e/upgrade.test.ts (Automation API, runProgram) after an endpoint moves",
  "pulumi destroy --run-program":
    "run by tests/e2e/upgrade.test.ts (Automation API, runProgram) after an endpoint moves",
  "npm run build": "npm start and npm test run it first",
  "npm run typecheck": "npm test runs it first (pretest)",
  "npm pack": "run by tests/e2e/consumer",
  "npm install /path/to/pulumi-interconnect-0.1.0.tgz @pulumi/pulumi":
    "run by tests/e2e/consumer (the tarball npm pack wrote, in a project outside the repository)",
  "pulumi stack init dev": "run by tests/e2e/consumer (its project is written by hand)",
  "pulumi stack init": "names the command; the README's own line, pulumi stack init dev, is run by tests/e2e/consumer",
  "node toolchain/pulumi-cli.js --languages":
    "builds the language hosts into $PULUMI_HOME; bash .ci/run runs it, tests/toolchain/language-hosts.test.ts calls it",
  "node toolchain/python-venv.js":
    "bash .ci/run runs it; tests/toolchain uses its venv for Python programs and the SDK",
  "pulumi package gen-sdk": "named for its failure with these language hosts, the reason toolchain/sdkgen exists",
  "npm run sdk":
    "needs schema/pulumi-package.json from the provider build; tests/toolchain/sdk.test.ts runs it on a fixture schema",
  "pulumi new": "names the template command (it downloads the template, needs internet), as pulumi new typescript does",
  // "Other languages": tests/e2e/languages.test.ts runs the examples through the plugin folder (plugins: providers: path).
  "npm run plugin:pack": "run by tests/e2e/plugin.test.ts (the packed plugin, installed as users get it)",
  "pulumi plugin install resource interconnect 0.1.0 --file dist/pulumi-resource-interconnect-v0.1.0-linux-amd64.tar.gz":
    "run by tests/e2e/plugin.test.ts into a fresh PULUMI_HOME (here it would write the machine's plugin cache)",
  "pulumi plugin install … --file": "names the command above (Compatibility)",
  "pulumi stack export --file before.json":
    "the backup step of moving a TypeScript stack to the plugin, a walkthrough no test runs as a whole",
  "pulumi stack output": "names where a stack's ids are read; the language tests read them from the export",
  "pulumi state delete <urn> --target-dependents": "a step of moving a TypeScript stack, not run as a whole",
  "pulumi import --file <file>": "run by tests/e2e/languages.test.ts (YAML and Python) with an import file",
};

/** README commands run below, with the command line actually typed where the README has a placeholder. */
const RUN: Record<string, string> = {
  "npm install && npm start": "npm install && npm start",
  "npm start": "npm start",
  "npm run preview": "npm run preview",
  "npm run up": "npm run up",
  "npm run refresh": "npm run refresh",
  "npm run drill": "npm run drill",
  "PULUMI_VERSION=3.276.0 npx pulumi version": "PULUMI_VERSION=3.276.0 npx pulumi version",
  "npm run pulumi -- stack output --json": "npm run pulumi -- stack output --json",
  "pulumi config set --secret interconnect:partnerToken":
    "printf %s <token> | npm run pulumi -- config set --secret interconnect:partnerToken",
  "node toolchain/policy-langhost/ensure.js -- preview --policy-pack policy":
    "node toolchain/policy-langhost/ensure.js -- preview --policy-pack policy",
  "npm run schema": "npm run schema",
  "npm run conformance": "npm run conformance",
  "npm run destroy": "npm run destroy",
};

interface Run {
  code: number | null;
  output: string;
  seconds: number;
}

/** A new user's shell: no npm lifecycle variables from the npm test running this, no stack or endpoint settings. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|INTERCONNECT_|PULUMI_BACKEND_URL|PULUMI_CONFIG_PASSPHRASE|TS_NODE_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Runs `command` through sh in `cwd` in a process group of its own (as a terminal would), output captured. */
function start(command: string, cwd: string): { child: ChildProcess; done: Promise<Run>; output: () => string } {
  const started = Date.now();
  const child = spawn("sh", ["-c", command], {
    cwd,
    env: userEnv(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
  return { child, done, output: () => output };
}

async function run(command: string, cwd: string): Promise<Run> {
  const result = await start(command, cwd).done;
  if (result.code !== 0) throw new Error(`\`${command}\` exited with ${result.code}:\n${result.output.slice(-4000)}`);
  return result;
}

/** Resource counts of a `pulumi up`/`destroy` summary, e.g. { unchanged: 6 } or { updated: 2, unchanged: 4 }. */
function resourceCounts(output: string): Record<string, number> {
  const summary = output.slice(output.lastIndexOf("Resources:"));
  const counts: Record<string, number> = {};
  for (const m of summary.matchAll(/^\s+[~+-]?\s*(\d+) (unchanged|created|updated|deleted|replaced|to update)/gm))
    counts[m[2]] = Number(m[1]);
  return counts;
}

describe("README commands, as a new user runs them", function () {
  this.timeout(15 * 60_000);
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "readme-walkthrough-"));
  // `npm run conformance` reads the spec from ../shared, as in this repository's checkout.
  const project = path.join(workspace, "pulumi-interconnect");
  const stateDir = path.join(project, ".pulumi-state");
  const emulatorState = () =>
    inventoryOf(JSON.parse(fs.readFileSync(path.join(project, ".interconnect-emulator", "state.json"), "utf8")));
  const outputs: string[] = [];
  const step = async (command: string) => {
    const result = await run(command, project);
    outputs.push(result.output);
    return result;
  };

  before(() => {
    copyWorkingTree(project);
    fs.symlinkSync(path.resolve(REPO_ROOT, "..", "shared"), path.join(workspace, "shared"));
  });

  after(() => {
    for (const pid of processesWithBackend(stateDir)) process.kill(pid, "SIGKILL");
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("runs every README command below, or says why not", () => {
    const unaccounted = readmeCommands(README).filter((c) => !(c in RUN) && !(c in NOT_RUN));
    expect(unaccounted, "README commands neither run by this walkthrough nor listed in NOT_RUN").to.deep.equal([]);
    const stale = [...Object.keys(RUN), ...Object.keys(NOT_RUN)].filter((c) => !readmeCommands(README).includes(c));
    expect(stale, "commands listed here that the README no longer has").to.deep.equal([]);
  });

  it("npm install && npm start: installs, runs the demo up, prints every link and the diversity verdict", async () => {
    const { output, seconds } = await step(RUN["npm install && npm start"]);
    console.log(`      (npm install && npm start: ${seconds.toFixed(0)} s on a fresh copy)`);
    const links = output
      .split("\n")
      .filter((line) =>
        /device .* · entrance .* · facility .* · conduit .* · VLAN \d+ · BGP \w+ · MACsec on/.test(line),
      );
    expect(links, "link lines of the summary").to.have.length(8);
    expect(output).to.match(/hq-primary: 10 Gbps on .* — available \(VERIFIED\)/);
    expect(output).to.contain("Diversity: compliant");
    expect(output).to.contain("survives a single failure of: conduit yes");
    expect(output).to.contain("npm run preview");
    expect(output).not.to.contain("from $PATH");
  });

  it("npm start again: a no-op update", async () => {
    const { output } = await step(RUN["npm start"]);
    expect(resourceCounts(output)).to.deep.equal({ unchanged: 6 });
  });

  it("change bandwidthGbps, npm run preview: in-place updates, no replacement", async () => {
    const program = path.join(project, "examples", "demo", "index.ts");
    const source = fs.readFileSync(program, "utf8");
    expect(source).to.contain("const bandwidthGbps = 10;");
    fs.writeFileSync(program, source.replace("const bandwidthGbps = 10;", "const bandwidthGbps = 25;"));
    const { output } = await step(RUN["npm run preview"]);
    // The demo sizes both keys from the one constant; the keys own the bandwidth and the Interconnects follow them.
    const resourceDiffs = output.slice(0, output.indexOf("--outputs:--"));
    expect(resourceDiffs.match(/~ bandwidthGbps\s*:\s*10 => 25/g), "bandwidth diffs").to.have.length(2);
    expect(output).not.to.match(/\(replace\)|to replace|\+-/);
    expect(resourceCounts(output)).to.have.property("to update").that.is.at.least(2);
  });

  it("pulumi config set --secret interconnect:partnerToken (value on stdin): wins over the environment, kept encrypted", async () => {
    const setToken = (token: string) =>
      step(RUN["pulumi config set --secret interconnect:partnerToken"].replace("<token>", token));
    await setToken("not-the-partner-token");
    // The pending resize goes to AWS only (the keys own the bandwidth), so this `up` succeeds and records the
    // provider's settings from config; the refresh after it reads every Interconnect from the partner with them.
    const resized = await start(RUN["npm run up"], project).done;
    outputs.push(resized.output);
    expect(resized.code, resized.output).to.equal(0);
    const refused = await start(RUN["npm run refresh"], project).done;
    outputs.push(refused.output);
    expect(refused.code).to.not.equal(0);
    expect(refused.output).to.contain("HTTP 401 UNAUTHENTICATED: invalid bearer token");
    await setToken(PARTNER_CUSTOMER_TOKEN);
    const config = fs.readFileSync(path.join(project, "Pulumi.dev.yaml"), "utf8");
    expect(config).to.match(/interconnect:partnerToken:\s+secure: /);
    expect(config).not.to.contain(PARTNER_CUSTOMER_TOKEN);
  });

  it("npm run up: in place, nothing created or replaced, and the summary shows 25 Gbps", async () => {
    const { output } = await step(RUN["npm run up"]);
    expect(resourceCounts(output)).to.not.have.any.keys("created", "deleted", "replaced");
    expect(output).to.match(/hq-primary: 25 Gbps/);
    expect(output).to.match(/hq-secondary: 25 Gbps/);
  });

  it("npm run refresh, npm run drill: succeed against the same emulator data", async () => {
    await step(RUN["npm run refresh"]);
    const { output } = await step(RUN["npm run drill"]);
    expect(output).to.match(/cut/i);
  });

  it("npm run pulumi -- <args> and npx pulumi: the demo's stack, the same CLI", async () => {
    const { output } = await step(RUN["npm run pulumi -- stack output --json"]);
    const stackOutputs = JSON.parse(output.slice(output.indexOf("{"))) as {
      interconnects: Record<string, { bandwidthGbps: number }>;
    };
    expect(Object.values(stackOutputs.interconnects).map((ic) => ic.bandwidthGbps)).to.deep.equal([25, 25]);
    expect((await step(RUN["PULUMI_VERSION=3.276.0 npx pulumi version"])).output).to.contain("v3.276.0");
  });

  it("node toolchain/policy-langhost/ensure.js -- preview --policy-pack policy: the demo passes the pack", async () => {
    const { output } = await step(RUN["node toolchain/policy-langhost/ensure.js -- preview --policy-pack policy"]);
    expect(output).to.match(/interconnect-guardrails@v0\.1\.0/); // the pack ran (listed under Policies)
    expect(output).not.to.contain("Policy Violations");
  });

  it("npm run schema regenerates nothing that differs; npm run conformance passes", async () => {
    const schemaFiles = () =>
      Object.fromEntries(
        fs
          .readdirSync(path.join(project, "schema"))
          .filter((f) => f.endsWith(".json"))
          .map((f) => [f, fs.readFileSync(path.join(project, "schema", f), "utf8")]),
      );
    const before = schemaFiles();
    await step(RUN["npm run schema"]);
    expect(schemaFiles()).to.deep.equal(before);
    await step(RUN["npm run conformance"]);
  });

  it("Ctrl-C during npm start leaves no process running; npm start then converges", async () => {
    await step(RUN["npm run destroy"]);
    const interrupted = start(RUN["npm start"], project);
    while (!/Interconnect.* creating/.test(interrupted.output()) && interrupted.child.exitCode === null)
      await sleep(100);
    process.kill(-interrupted.child.pid!, "SIGINT"); // what a terminal's Ctrl-C does: SIGINT to the foreground group
    const cancelled = await interrupted.done;
    outputs.push(cancelled.output);
    expect(cancelled.code).to.not.equal(0);
    for (let waited = 0; processesWithBackend(stateDir).length > 0 && waited < 30_000; waited += 500) await sleep(500);
    expect(processesWithBackend(stateDir), "processes of the demo still running").to.deep.equal([]);
    const { output } = await step(RUN["npm start"]);
    expect(output).to.contain("Diversity: compliant");
  });

  it("npm run destroy: nothing left in the stack or at the emulator", async () => {
    const { output } = await step(RUN["npm run destroy"]);
    expect(resourceCounts(output)).to.deep.include({ deleted: 6 });
    const left = emulatorState();
    expect(left.cloud, "live cloud connections at the emulator").to.deep.equal([]);
    expect(left.partner, "live partner connections at the emulator").to.deep.equal([]);
    expect(duplicatesIn(left)).to.deep.equal([]);
    expect(processesWithBackend(stateDir)).to.deep.equal([]);
  });

  it("no output of the walkthrough shows a token", () => {
    for (const token of EMULATOR_TOKENS)
      expect(
        outputs.filter((o) => o.includes(token)),
        token,
      ).to.deep.equal([]);
  });
});
