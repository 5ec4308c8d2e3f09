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
// `node toolchain/pulumi-cli.js --languages` (or ensureLanguageHosts()) also puts the YAML, Python and Go language
// hosts beside that CLI, built from Go modules once per version (see LANGUAGE_HOSTS).
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

const CONFIG = require(path.join(ROOT, "package.json")).config;
const YAML_MODULE = "github.com/pulumi/pulumi-yaml";
/**
 * The YAML, Python and Go language hosts (`--languages`). Their own modules are refused by the module proxy, so each
 * comes from a module that still contains it, at the versions in package.json's config:
 *  - pulumi-language-yaml from github.com/pulumi/pulumi-yaml (config.pulumiLanguageYaml), built against the
 *    pkg/v3 and sdk/v3 versions ITS go.mod requires (read from the proxy, so a version bump is one config line);
 *  - pulumi-language-go from sdk/v3 (config.pulumiLanguageGo, v3.66.0: the last release containing it). Programs
 *    bring their own github.com/pulumi/pulumi/sdk/v3 (config.pulumiGoSdk, tested with this host);
 *  - pulumi-language-python and its pulumi-language-python-exec script from sdk/v3 (config.pulumiLanguagePython,
 *    v3.68.0). Programs run on the `pulumi` PyPI release in their venv (config.pulumiPythonSdk, tested with this
 *    host). This host ignores Pulumi.yaml's runtime.options.virtualenv: set PULUMI_PYTHON_CMD to the venv's python
 *    (toolchain/python-venv.js).
 * The engine speaks to each through the LanguageRuntime gRPC protocol, which is stable across these releases.
 */
const LANGUAGE_HOSTS = [
  {
    name: "pulumi-language-yaml",
    module: YAML_MODULE,
    version: `v${CONFIG.pulumiLanguageYaml}`,
    pkg: `${YAML_MODULE}/cmd/pulumi-language-yaml`,
    versionVar: `${YAML_MODULE}/pkg/version.Version`,
    pinsPulumi: true,
  },
  {
    name: "pulumi-language-go",
    module: SDK_MODULE,
    version: `v${CONFIG.pulumiLanguageGo}`,
    pkg: `${SDK_MODULE}/go/pulumi-language-go`,
    versionVar: `${SDK_MODULE}/go/common/version.Version`,
  },
  {
    name: "pulumi-language-python",
    module: SDK_MODULE,
    version: `v${CONFIG.pulumiLanguagePython}`,
    pkg: `${SDK_MODULE}/python/cmd/pulumi-language-python`,
    versionVar: `${SDK_MODULE}/go/common/version.Version`,
    // The host runs programs through this Python script, looked up beside it or on PATH.
    script: "python/cmd/pulumi-language-python-exec",
  },
];
/** Records in a CLI cache which module version each language host there was built from, so a bump rebuilds it. */
const HOSTS_STAMP = ".language-hosts.json";

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

const GO_ENV = () => ({ ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" });

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
    // Built next to the target and renamed, so an interrupted build never leaves a truncated binary in the cache.
    const partial = `${output}.partial-${process.pid}`;
    run("go", ["build", "-trimpath", "-ldflags", ldflags, "-o", partial, pkg], { cwd: work, env: GO_ENV() });
    fs.renameSync(partial, output);
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

/** `go mod download -json module@version`: { Dir, GoMod } in the module cache (downloaded if needed). */
function goModDownload(module, version) {
  const res = spawnSync("go", ["mod", "download", "-json", `${module}@${version}`], {
    encoding: "utf8",
    cwd: os.tmpdir(),
    env: GO_ENV(),
  });
  if (res.status !== 0) throw new Error(`go mod download ${module}@${version} failed: ${res.stdout}${res.stderr}`);
  return JSON.parse(res.stdout);
}

/** A go.mod's requires ({ module: version }) and its non-local replaces ("old => new version"). */
function parseGoMod(text) {
  const requires = {};
  const replaces = [];
  let block;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (!line) continue;
    if (line === ")") {
      block = undefined;
      continue;
    }
    const open = /^(require|replace)\s*\($/.exec(line);
    if (open) {
      block = open[1];
      continue;
    }
    const single = /^(require|replace)\s+(.*)$/.exec(line);
    const [kind, body] = single ? [single[1], single[2]] : [block, line];
    if (kind === "require") {
      const [module, version] = body.split(/\s+/);
      requires[module] = version;
    } else if (kind === "replace") {
      const target = body.split("=>")[1]?.trim() ?? "";
      if (!target.startsWith(".") && !target.startsWith("/")) replaces.push(body.replace(/\s+/g, " "));
    }
  }
  return { requires, replaces };
}

/** The requires and replaces that build host's main package the way its own module does. */
function hostBuildPlan(host) {
  if (!host.pinsPulumi) return { requires: [`${host.module} ${host.version}`], replaces: [] };
  // pulumi-yaml is built against the pkg/v3 its go.mod pins; neither its replaces nor pkg's are inherited by a module
  // that requires them, so both are repeated (pkg's clipboard fork, for one).
  const own = parseGoMod(fs.readFileSync(goModDownload(host.module, host.version).GoMod, "utf8"));
  const pkgVersion = own.requires[PKG_MODULE];
  if (!pkgVersion) throw new Error(`${host.module}@${host.version} does not require ${PKG_MODULE}`);
  const pkgMod = parseGoMod(fs.readFileSync(goModDownload(PKG_MODULE, pkgVersion).GoMod, "utf8"));
  const sdkVersion = own.requires[SDK_MODULE] ?? pkgVersion;
  return {
    requires: [`${host.module} ${host.version}`, `${PKG_MODULE} ${pkgVersion}`, `${SDK_MODULE} ${sdkVersion}`],
    replaces: [...new Set([...own.replaces, ...pkgMod.replaces])],
  };
}

function buildHost(host, binDir) {
  const started = Date.now();
  log(`building ${host.name} from ${host.module}@${host.version}`);
  const plan = hostBuildPlan(host);
  goBuild({
    ...plan,
    pkg: host.pkg,
    output: path.join(binDir, host.name),
    ldflags: `-s -w -X ${host.versionVar}=${host.version}`,
  });
  if (host.script) {
    const source = path.join(goModDownload(host.module, host.version).Dir, host.script);
    const target = path.join(binDir, path.basename(host.script));
    fs.copyFileSync(source, target);
    fs.chmodSync(target, 0o755);
  }
  log(`built ${host.name} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function readStamp(binDir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(binDir, HOSTS_STAMP), "utf8"));
  } catch {
    return {};
  }
}

/**
 * Makes sure the YAML, Python and Go language hosts stand beside the CLI ensurePulumi() resolves, building the missing
 * ones from Go modules. In this script's cache a host is rebuilt when its configured version changes; in a CLI
 * directory of someone else's (an official install ships all three) hosts already there are used as they are.
 * Returns ensurePulumi()'s result plus { hosts: { name: path } }.
 */
function ensureLanguageHosts() {
  const cli = ensurePulumi();
  const ours = path.resolve(cli.binDir) === path.resolve(cacheBinDir());
  const stamp = ours ? readStamp(cli.binDir) : {};
  const hosts = {};
  for (const host of LANGUAGE_HOSTS) {
    const bin = path.join(cli.binDir, host.name);
    const files = [bin, ...(host.script ? [path.join(cli.binDir, path.basename(host.script))] : [])];
    const present = files.every(isExecutable);
    const current = present && (ours ? stamp[host.name] === `${host.module}@${host.version}` : true);
    if (!current) {
      if (!which("go")) {
        throw new Error(`${host.name} is missing beside ${cli.pulumi}, and building it needs \`go\` (>= 1.25) on PATH`);
      }
      try {
        fs.accessSync(cli.binDir, fs.constants.W_OK);
      } catch {
        throw new Error(`${host.name} is missing beside ${cli.pulumi}, and ${cli.binDir} is not writable`);
      }
      buildHost(host, cli.binDir);
      if (ours) {
        stamp[host.name] = `${host.module}@${host.version}`;
        fs.writeFileSync(path.join(cli.binDir, HOSTS_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
      }
    }
    hosts[host.name] = bin;
  }
  return { ...cli, hosts };
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
  ensureLanguageHosts,
  parseGoMod,
  LANGUAGE_HOSTS,
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
  const options = sep < 0 ? process.argv.slice(2) : process.argv.slice(2, sep);
  try {
    const cli = options.includes("--languages") ? ensureLanguageHosts() : ensurePulumi();
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
