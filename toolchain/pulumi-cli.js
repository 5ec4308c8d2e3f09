#!/usr/bin/env node
// Finds — or, offline, builds from Go modules — the Pulumi CLI and the Node.js language host this project runs on,
// and returns the environment the engine needs. Plain CommonJS with no dependencies: it runs before `tsc`.
//
// Resolution order (first that works wins; each step says on stderr what it tried):
//   1. PULUMI_CLI_PATH (an explicit `pulumi` binary), or a `pulumi` on PATH at CLI_VERSION or newer,
//      each with a `pulumi-language-nodejs` beside it or on PATH;
//   2. the cache $PULUMI_HOME/versions/<CLI_VERSION>/bin (~/.pulumi by default) — where the official `pulumi`
//      npm wrapper looks, so `npx pulumi` finds what this script builds;
//   3. the official npm wrapper's download (the official binaries; needs internet). Offline it is skipped after a
//      DOWNLOAD_PROBE_MS reachability probe, so the fallback below is not held up;
//   4. `go` on PATH: build both binaries from the Go module proxy into that cache (the offline fallback).
//
// Usage: `node toolchain/pulumi-cli.js` prints the CLI path; `node toolchain/pulumi-cli.js -- <args>` runs pulumi
// with the offline settings; `require("./toolchain/pulumi-cli").ensurePulumi()` returns { pulumi, binDir, version, env }.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
/** The CLI version this project runs: package.json's config.pulumiCli (the newest release the module proxy serves). */
const CLI_VERSION = require(path.join(ROOT, "package.json")).config.pulumiCli;
const PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3";
const SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3";
const CLI_PACKAGE = `${PKG_MODULE}/cmd/pulumi`;
// The non-local `replace` lines of pkg/go.mod at the pinned release (its `sdk => ../sdk` replace is local and dropped).
const CLI_REPLACES = [
  "github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e",
];
// The Node.js language host. Its own module (…/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is refused by the module
// proxy, so it is built from the last SDK release whose module still contained it (v3.68.0). The engine speaks to it
// through the LanguageRuntime gRPC protocol, which is stable across releases, and the program runner it starts
// (@pulumi/pulumi's cmd/run) comes from the SDK installed in the project, so programs run on the project's own SDK.
const LANGUAGE_HOST = {
  module: SDK_MODULE,
  version: "v3.68.0",
  pkg: `${SDK_MODULE}/nodejs/cmd/pulumi-language-nodejs`,
};

/** Settings that keep the engine offline and non-interactive, used by every caller. */
const OFFLINE_ENV = {
  PULUMI_SKIP_UPDATE_CHECK: "true",
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
};
/** Passphrase for local development stacks only (the file backend encrypts stack secrets with it). */
const DEV_PASSPHRASE = "interconnect-dev-only";
/** The demo's file backend (toolchain/demo.js); `npm run pulumi -- <args>` uses it unless PULUMI_BACKEND_URL is set. */
const DEMO_STATE_DIR = path.join(ROOT, ".pulumi-state");

function log(message) {
  process.stderr.write(`[pulumi-cli] ${message}\n`);
}

function pulumiHome() {
  return process.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
}

function cacheBinDir(version = CLI_VERSION) {
  return path.join(pulumiHome(), "versions", version, "bin");
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function which(name, searchPath = process.env.PATH || "") {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** `pulumi version` of a binary, e.g. "3.250.0", or undefined when it does not run. */
function versionOf(pulumi) {
  const out = spawnSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, ...OFFLINE_ENV } });
  if (out.status !== 0) return undefined;
  const match = /v?(\d+\.\d+\.\d+)/.exec(out.stdout);
  return match ? match[1] : undefined;
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** A usable CLI at `pulumi` (with a language host beside it or on PATH), or undefined. */
function candidate(pulumi, minVersion) {
  if (!pulumi || !isExecutable(pulumi)) return undefined;
  const binDir = path.dirname(pulumi);
  if (!isExecutable(path.join(binDir, "pulumi-language-nodejs")) && !which("pulumi-language-nodejs")) return undefined;
  const version = versionOf(pulumi);
  if (!version || compareVersions(version, minVersion) < 0) return undefined;
  return { pulumi, binDir, version };
}

function run(cmd, args, opts) {
  const res = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
}

/** Builds one main package from the module proxy in a throwaway module; Go's module and build caches are kept. */
function goBuild({ requires, replaces, pkg, output, ldflags }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-build-"));
  try {
    const goMod = [
      "module interconnect.local/pulumi-cli-build",
      "",
      "go 1.25",
      "",
      ...requires.map((r) => `require ${r}`),
      ...replaces.map((r) => `replace ${r}`),
      "",
    ].join("\n");
    fs.writeFileSync(path.join(work, "go.mod"), goMod);
    const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
    run("go", ["build", "-trimpath", "-ldflags", ldflags, "-o", output, pkg], { cwd: work, env });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function buildCli(binDir) {
  const started = Date.now();
  log(`building pulumi v${CLI_VERSION} from Go modules (first run only; later runs use ${binDir})`);
  goBuild({
    requires: [`${PKG_MODULE} v${CLI_VERSION}`, `${SDK_MODULE} v${CLI_VERSION}`],
    replaces: CLI_REPLACES,
    pkg: CLI_PACKAGE,
    output: path.join(binDir, "pulumi"),
    ldflags: `-s -w -X ${SDK_MODULE}/go/common/version.Version=v${CLI_VERSION}`,
  });
  log(`built pulumi in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function buildLanguageHost(binDir) {
  const started = Date.now();
  const { module, version, pkg } = LANGUAGE_HOST;
  log(`building pulumi-language-nodejs from ${module}@${version}`);
  goBuild({
    requires: [`${module} ${version}`],
    replaces: [],
    pkg,
    output: path.join(binDir, "pulumi-language-nodejs"),
    ldflags: `-s -w -X ${SDK_MODULE}/go/common/version.Version=${version}`,
  });
  log(`built pulumi-language-nodejs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function buildIntoCache() {
  const binDir = cacheBinDir();
  fs.mkdirSync(binDir, { recursive: true });
  if (!isExecutable(path.join(binDir, "pulumi"))) buildCli(binDir);
  if (!isExecutable(path.join(binDir, "pulumi-language-nodejs"))) buildLanguageHost(binDir);
  return fromCache();
}

function fromCache() {
  const found = candidate(path.join(cacheBinDir(), "pulumi"), CLI_VERSION);
  if (found) bundleDynamicProviderPlugin(found.binDir);
  return found;
}

/** The download host of the official wrapper (node_modules/pulumi/lib/download.js). */
const DOWNLOAD_URL = "https://get.pulumi.com/install.sh";
/** Offline, a connection attempt can hang for minutes; the probe gives up after this long. */
const DOWNLOAD_PROBE_MS = 4000;
/** An online download of the CLI takes well under this; a stalled one must not hang `npm test`. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** True when the download host answers within DOWNLOAD_PROBE_MS (a child process: this script is synchronous). */
function downloadHostReachable() {
  const probe =
    `fetch(${JSON.stringify(DOWNLOAD_URL)}, { method: "HEAD", signal: AbortSignal.timeout(${DOWNLOAD_PROBE_MS}) })` +
    `.then(() => process.exit(0), () => process.exit(1))`;
  const res = spawnSync(process.execPath, ["-e", probe], { stdio: "ignore", timeout: DOWNLOAD_PROBE_MS + 2000 });
  return res.status === 0;
}

function downloadWithWrapper() {
  if (!downloadHostReachable()) {
    throw new Error(`${new URL(DOWNLOAD_URL).host} not reachable within ${DOWNLOAD_PROBE_MS / 1000} s (offline?)`);
  }
  const wrapper = require.resolve("pulumi/run.js", { paths: [ROOT] });
  log(`downloading pulumi v${CLI_VERSION} with the official npm wrapper`);
  const res = spawnSync(process.execPath, [wrapper, "version"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PULUMI_VERSION: CLI_VERSION },
    timeout: DOWNLOAD_TIMEOUT_MS,
  });
  if (res.status !== 0) throw new Error(`the wrapper's download failed (exit ${res.status ?? res.signal})`);
  return fromCache();
}

const sdkDir = () => path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));

/**
 * Official CLI distributions ship the dynamic provider plugin (a small script that runs the program's own
 * @pulumi/pulumi) beside `pulumi`; a CLI built from Go modules lacks it. Found only on PATH, the engine warns
 * "using pulumi-resource-pulumi-nodejs from $PATH" on every run, so put the SDK's copy where the official one goes.
 */
function bundleDynamicProviderPlugin(binDir) {
  const target = path.join(binDir, "pulumi-resource-pulumi-nodejs");
  if (isExecutable(target)) return;
  fs.copyFileSync(path.join(sdkDir(), "pulumi-resource-pulumi-nodejs"), target);
  fs.chmodSync(target, 0o755);
}

/** The engine's environment: CLI + language host (+ bundled plugins) first on PATH, then the SDK's plugin as fallback. */
function engineEnv(binDir, base = process.env) {
  return {
    ...base,
    ...OFFLINE_ENV,
    PATH: [binDir, sdkDir(), base.PATH || ""].join(path.delimiter),
  };
}

let resolved;
/** Returns { pulumi, binDir, version, env } for a working CLI, finding or building it once per process. */
function ensurePulumi() {
  if (resolved) return resolved;
  const tried = [];
  const attempt = (label, what, fn) => {
    if (resolved) return;
    let outcome;
    try {
      const found = fn();
      if (found) resolved = { ...found, env: engineEnv(found.binDir), source: label };
      outcome = found ? `using ${found.pulumi} (v${found.version})` : "not usable";
    } catch (err) {
      outcome = err.message;
    }
    if (!resolved) tried.push(`${label}: ${outcome}`);
    log(`${label} (${what}): ${outcome}`);
  };
  const explicit = process.env.PULUMI_CLI_PATH;
  if (explicit) attempt("PULUMI_CLI_PATH", explicit, () => candidate(explicit, "0.0.0"));
  const onPath = which("pulumi");
  attempt("PATH", onPath ?? "no pulumi on PATH", () => candidate(onPath, CLI_VERSION));
  attempt("cache", cacheBinDir(), fromCache);
  attempt("download", "the official npm wrapper", downloadWithWrapper);
  if (which("go")) attempt("go build", "Go module proxy", buildIntoCache);
  else if (!resolved) tried.push("go build: no `go` on PATH (Go >= 1.25 builds the CLI offline)");
  if (!resolved) {
    throw new Error(
      `No working Pulumi CLI v${CLI_VERSION}+ with pulumi-language-nodejs was found or could be built.\n  ` +
        tried.join("\n  ") +
        `\nInstall Go >= 1.25 (builds it from the module proxy), or put pulumi and pulumi-language-nodejs on PATH, ` +
        `or set PULUMI_CLI_PATH.`,
    );
  }
  return resolved;
}

/**
 * Runs `pulumi <args>` in the foreground as `npm run pulumi -- <args>` does: on the demo's backend with the development
 * passphrase, unless the caller's environment sets PULUMI_BACKEND_URL / PULUMI_CONFIG_PASSPHRASE. Returns the exit code.
 */
function runPassThrough(pulumi, env, args) {
  if (!env.PULUMI_BACKEND_URL) fs.mkdirSync(DEMO_STATE_DIR, { recursive: true });
  const defaults = { PULUMI_BACKEND_URL: `file://${DEMO_STATE_DIR}`, PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE };
  const res = spawnSync(pulumi, args, { stdio: "inherit", env: { ...defaults, ...env } });
  return res.status ?? 1;
}

module.exports = {
  ensurePulumi,
  engineEnv,
  runPassThrough,
  isExecutable,
  pulumiHome,
  CLI_VERSION,
  DEV_PASSPHRASE,
  DEMO_STATE_DIR,
  OFFLINE_ENV,
};

if (require.main === module) {
  const sep = process.argv.indexOf("--");
  try {
    const cli = ensurePulumi();
    if (sep < 0) {
      log(`pulumi v${cli.version} (${cli.source}): ${cli.pulumi}`);
      process.stdout.write(`${cli.pulumi}\n`);
    } else {
      process.exit(runPassThrough(cli.pulumi, cli.env, process.argv.slice(sep + 1)));
    }
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
