// What the language examples' e2e tests share (tests/e2e/languages.test.ts, plugin.test.ts): an example copied into a
// temp project on this build's plugin folder (or the installed plugin), its stack on the real engine against an
// emulator, `pulumi preview --json` read as steps, and connections made outside any stack for `pulumi import`.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { customerClients, activateConnection } from "./clients";
import { REPO_ROOT } from "./engine";
import { admin, adminState, adminStats, providerEnv, startTestEmulator, type Emulator, type Stats } from "./emulator";
import {
  exportDeployment,
  initCliStack,
  inventory,
  removeCliStack,
  runCli,
  scanForSecrets,
  settled,
  type CliStack,
} from "./reliability";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureLanguageHosts } = require("../../toolchain/pulumi-cli.js") as {
  ensureLanguageHosts: () => { pulumi: string; binDir: string; env: NodeJS.ProcessEnv };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePythonVenv } = require("../../toolchain/python-venv.js") as {
  ensurePythonVenv: () => { dir: string; python: string; env: NodeJS.ProcessEnv };
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateSdks } = require("../../toolchain/sdk.js") as { generateSdks: () => unknown };

export const PLUGIN_DIR = path.join(REPO_ROOT, "dist", "plugin");
export const BAD_TIER_MESSAGE = "bandwidthGbps: got 3; must be one of 1, 2, 5, 10, 25, 50, 100 (Gbps)";

export interface LanguageStack {
  emulator: Emulator;
  stack: CliStack;
  /** The temp project: the example's files, its plugin path made absolute. */
  dir: string;
  dispose(): Promise<void>;
}

/** The example's `plugins: providers:` block: the engine runs the plugin from this build's folder. */
const PLUGIN_FOLDER_BLOCK =
  /^plugins:\n {2}providers:\n {4}- name: interconnect\n {6}path: \.\.\/\.\.\/dist\/plugin\n/m;

export interface LanguageStackOptions {
  /** "folder": the example's plugin path pointed at dist/plugin; "installed": no path, the plugin installed. */
  plugin?: "folder" | "installed";
  /** More environment for every CLI run of the stack (e.g. a PULUMI_HOME the plugin is installed into). */
  env?: Record<string, string>;
}

/**
 * examples/<language> copied into a temp dir (so no stack file lands in the example), its `plugins: providers:` path
 * pointed at this build's dist/plugin (or dropped: the engine then runs the installed plugin), a stack of its own on
 * a file backend and an emulator in memory.
 */
export async function languageStack(
  language: "yaml" | "python" | "go",
  { plugin = "folder", env = {} }: LanguageStackOptions = {},
): Promise<LanguageStack> {
  ensureLanguageHosts(); // builds the hosts beside the CLI when missing (cached)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `interconnect-${language}-`));
  fs.cpSync(path.join(REPO_ROOT, "examples", language), dir, { recursive: true });
  const project = path.join(dir, "Pulumi.yaml");
  const text = fs.readFileSync(project, "utf8");
  expect(text, "the example points at the plugin folder").to.match(PLUGIN_FOLDER_BLOCK);
  const block =
    plugin === "folder" ? (b: string) => b.replace("path: ../../dist/plugin", `path: ${PLUGIN_DIR}`) : () => "";
  fs.writeFileSync(project, text.replace(PLUGIN_FOLDER_BLOCK, block));
  const emulator = await startTestEmulator();
  // The SDKs from this build's schema (a few seconds). Python: pip-installed into the temp project (no dependencies,
  // so the shared venv keeps only pulumi; the SDK reads its version from the package metadata pip writes), on
  // PYTHONPATH. Go: go.mod's replace.
  if (language !== "yaml") generateSdks();
  const extra: Record<string, string> = {};
  if (language === "go") {
    const goMod = path.join(dir, "go.mod");
    const text = fs.readFileSync(goMod, "utf8");
    expect(text, "the example replaces the SDK module").to.contain("=> ../../sdk/go");
    fs.writeFileSync(goMod, text.replace("=> ../../sdk/go", `=> ${path.join(REPO_ROOT, "sdk", "go")}`));
    extra.GOTOOLCHAIN = "local"; // the machine's go, never a download
  }
  if (language === "python") {
    const venv = ensurePythonVenv();
    const site = path.join(dir, ".sdk");
    const pip = [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--no-deps",
      "--target",
      site,
      path.join(REPO_ROOT, "sdk", "python"),
    ];
    execFileSync(venv.python, pip, { env: venv.env, stdio: "pipe" });
    Object.assign(extra, { PULUMI_PYTHON_CMD: venv.python, PYTHONPATH: site });
  }
  const stack = await initCliStack(dir, `lang-${language}-${process.pid}`, {
    ...providerEnv(emulator),
    ...extra,
    ...env,
  });
  return {
    emulator,
    stack,
    dir,
    async dispose() {
      removeCliStack(stack);
      await emulator.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PreviewStep {
  op: string;
  type: string;
  name: string;
  /** Top-level inputs whose value differs between the old and the new state (the CLI's JSON has no diff reasons). */
  diffs: string[];
}

type Bag = Record<string, unknown>;

/** `pulumi preview --json`: every step (the stack's too: the CLI's "6 to create" counts it), ordered by type and name. */
export async function previewSteps(stack: CliStack, extra: string[] = []): Promise<PreviewStep[]> {
  return (await previewRun(stack, extra)).steps;
}

/**
 * `pulumi preview --json`: its steps (as previewSteps; a resource the same has none), its count of resources by
 * operation (`same` included) and the JSON it printed.
 */
export async function previewRun(
  stack: CliStack,
  extra: string[] = [],
): Promise<{ steps: PreviewStep[]; summary: Record<string, number>; json: string }> {
  const run = await runCli(stack, ["preview", "--json", ...extra]);
  const parsed = JSON.parse(run.stdout) as {
    steps?: { op: string; urn: string; oldState?: { inputs?: Bag }; newState?: { inputs?: Bag } }[];
    changeSummary?: Record<string, number>;
  };
  const steps = (parsed.steps ?? [])
    .map((s) => {
      const [, , type, name] = s.urn.split("::");
      const [olds, news] = [s.oldState?.inputs ?? {}, s.newState?.inputs ?? {}];
      const diffs = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
        (key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      );
      const short = type.split("$").pop()!.replace("interconnect:index:", "");
      return { op: s.op, type: short, name: short === "pulumi:pulumi:Stack" ? "stack" : name, diffs };
    })
    .sort((a, b) => `${a.type}/${a.name}`.localeCompare(`${b.type}/${b.name}`));
  return { steps, summary: parsed.changeSummary ?? {}, json: run.stdout };
}

/** The quick-start program's resources, named alike in each language, as [type, name]: the CLI's "6 to create". */
export const QUICKSTART = [
  ["ActivationKey", "primaryKey"],
  ["ActivationKey", "secondaryKey"],
  ["Interconnect", "primary"],
  ["Interconnect", "secondary"],
  ["pulumi:pulumi:Stack", "stack"],
  ["RedundantLinkGroup", "hq"],
];

/**
 * `pulumi config set bandwidthGbps 25`, previewed: an in-place update of each key's bandwidthGbps, as the TypeScript
 * program previews it (the steps; the rest are the same: RESIZE_SUMMARY). The plugin previews the update with the
 * key's activationKey known (a resize keeps it), so each Interconnect, and the group, stays the same.
 */
export const RESIZE_PREVIEW = [
  ["ActivationKey", "primaryKey", "update", ["bandwidthGbps"]],
  ["ActivationKey", "secondaryKey", "update", ["bandwidthGbps"]],
];

/** That preview's count: the 2 keys updated; the 2 Interconnects, the group and the stack the same. */
export const RESIZE_SUMMARY = { update: 2, same: 4 };

export const resetStats = (emulator: Emulator) => admin(emulator, "POST", "stats/reset");

/** Successful calls of one operation in a stats snapshot (both APIs, every role), e.g. "cloud.UpdateConnection". */
export const callsOf = (stats: Stats, operation: string) =>
  stats.requests.filter((r) => r.operation === operation && r.status.startsWith("2")).reduce((n, r) => n + r.count, 0);

/** A tier outside the list is refused by the plugin's check at preview, before any call to AWS or the partner. */
export async function expectBadTierRefused(ls: LanguageStack): Promise<void> {
  await runCli(ls.stack, ["config", "set", "bandwidthGbps", "3"]);
  await resetStats(ls.emulator);
  const run = await runCli(ls.stack, ["preview"], { allowFailure: true });
  expect(run.code, "preview fails").to.not.equal(0);
  expect(`${run.stdout}${run.stderr}`, `${run.stdout}${run.stderr}`).to.contain(BAD_TIER_MESSAGE);
  expect((await adminStats(ls.emulator)).total, "API calls at the emulator").to.equal(0);
  await runCli(ls.stack, ["config", "rm", "bandwidthGbps"]);
}

/**
 * The emulator's activation keys (what AWS issued), whether the decrypted export holds each (so the scan looks for
 * the right text), and their plaintext hits in the plain `pulumi stack export`.
 */
export async function activationKeyHits(ls: LanguageStack): Promise<{ keys: number; decrypted: number; hits: number }> {
  const keys = await liveActivationKeys(ls.emulator);
  const decrypted = (await runCli(ls.stack, ["stack", "export", "--show-secrets"])).stdout;
  const plain = JSON.stringify(await exportDeployment(ls.stack));
  return {
    keys: keys.length,
    decrypted: scanForSecrets({ "stack export --show-secrets": decrypted }, keys).length,
    hits: scanForSecrets({ "stack export": plain }, keys).length,
  };
}

/** The activation keys of the connections live at the emulator (what AWS issued). */
export async function liveActivationKeys(emulator: Emulator): Promise<string[]> {
  return Object.values((await adminState(emulator)).cloud.connections)
    .filter((c) => c.deletedAt === undefined)
    .map((c) => c.activationKey)
    .filter((k): k is string => typeof k === "string");
}

/** Nothing live at the emulator once deletes settle: no cloud connection, no partner connection. */
export async function expectNothingLive(emulator: Emulator): Promise<void> {
  await settled(emulator);
  const inv = await inventory(emulator);
  expect({ cloud: inv.cloud.length, partner: inv.partner.length }).to.deep.equal({ cloud: 0, partner: 0 });
}

/** A connection made outside any stack: ordered at AWS (as the examples order theirs) and accepted at the partner. */
export async function connectionOutsideTheStack(emulator: Emulator): Promise<{ keyId: string; partnerId: string }> {
  const made = await activateConnection(customerClients(emulator), {
    environment: "us-east-1:nyc",
    bandwidthGbps: 10,
    site: "nyc-hq",
  });
  return { keyId: made.cloud.id, partnerId: made.partner.id };
}

/**
 * `pulumi import` of that key (by its lmcc- id) and that Interconnect (by its partner id), in one run; returns the code
 * it generated. `generateCode: false` where the language host cannot generate code (the v3.68 Python host has no
 * GenerateProgram).
 */
export async function importOutside(
  ls: LanguageStack,
  ids: { keyId: string; partnerId: string },
  { generateCode = true } = {},
): Promise<string> {
  const file = path.join(ls.dir, "import.json");
  fs.writeFileSync(
    file,
    JSON.stringify({
      resources: [
        { type: "interconnect:index:ActivationKey", name: "importedKey", id: ids.keyId },
        { type: "interconnect:index:Interconnect", name: "imported", id: ids.partnerId },
      ],
    }),
  );
  const out = path.join(ls.dir, "imported.generated");
  const codegen = generateCode ? ["--out", out] : ["--generate-code=false"];
  const run = await runCli(ls.stack, ["import", "--file", file, "--yes", "--protect=false", ...codegen]);
  expect(run.stdout).to.match(/2 imported/);
  return fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
}
