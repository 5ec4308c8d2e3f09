#!/usr/bin/env node
// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, found or — offline, from the Go module
// proxy — built once. Plain CommonJS with no dependencies, like ./pulumi-cli.js; `npm run lint` ends with it.
//
// Resolution order (each step says on stderr what it tried):
//   1. ACTIONLINT_PATH (an explicit `actionlint` binary);
//   2. the cache $PULUMI_HOME/tools/actionlint/<VERSION>/actionlint (~/.pulumi by default), beside the Pulumi CLI
//      that ./pulumi-cli.js caches;
//   3. `go` on PATH: `go install github.com/rhysd/actionlint/cmd/actionlint@<VERSION>` into that cache (seconds).
//
// Usage: `node toolchain/actionlint.js [actionlint flags]` lints every workflow and exits with actionlint's code;
// `require("./toolchain/actionlint").ensureActionlint()` returns the binary's path.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { isExecutable, pulumiHome } = require("./pulumi-cli");

const ROOT = path.resolve(__dirname, "..");
const VERSION = "v1.7.12";
const PACKAGE = "github.com/rhysd/actionlint/cmd/actionlint";
const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

function log(message) {
  process.stderr.write(`[actionlint] ${message}\n`);
}

function cacheDir() {
  return path.join(pulumiHome(), "tools", "actionlint", VERSION);
}

/** Builds actionlint into the cache with `go install` (GOBIN = the cache directory); Go's caches are kept. */
function build(dir) {
  const started = Date.now();
  log(`building actionlint ${VERSION} from Go modules (first run only; later runs use ${dir})`);
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GOBIN: dir, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" };
  const res = spawnSync("go", ["install", `${PACKAGE}@${VERSION}`], { stdio: ["ignore", "inherit", "inherit"], env });
  if (res.error) throw new Error(`go install failed: ${res.error.message} (Go >= 1.24 builds actionlint offline)`);
  if (res.status !== 0) throw new Error(`go install ${PACKAGE}@${VERSION} failed (exit ${res.status ?? res.signal})`);
  log(`built actionlint in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The path of a working actionlint binary, building it once when needed. */
function ensureActionlint() {
  const explicit = process.env.ACTIONLINT_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`ACTIONLINT_PATH=${explicit} is not an executable file`);
    log(`ACTIONLINT_PATH: using ${explicit}`);
    return explicit;
  }
  const cached = path.join(cacheDir(), "actionlint");
  if (!isExecutable(cached)) build(cacheDir());
  if (!isExecutable(cached)) throw new Error(`go install did not leave ${cached}`);
  return cached;
}

/** The workflow files, relative to the repository root (actionlint's messages name them so). */
function workflowFiles() {
  if (!fs.existsSync(WORKFLOWS_DIR)) return [];
  return fs
    .readdirSync(WORKFLOWS_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.relative(ROOT, path.join(WORKFLOWS_DIR, name)));
}

/** Lints every workflow; returns actionlint's exit code (0: clean, 1: problems found, >1: actionlint failed). */
function lintWorkflows(extraArgs = []) {
  const files = workflowFiles();
  if (files.length === 0) {
    log(`no workflow files in ${path.relative(ROOT, WORKFLOWS_DIR)}`);
    return 0;
  }
  const actionlint = ensureActionlint();
  // shellcheck and pyflakes are used when installed (they check `run:` scripts); actionlint skips them otherwise.
  const res = spawnSync(actionlint, [...extraArgs, ...files], { cwd: ROOT, stdio: "inherit" });
  if (res.error) throw res.error;
  const code = res.status ?? 1;
  log(code === 0 ? `${files.length} workflow file(s) clean: ${files.join(", ")}` : `exit ${code}`);
  return code;
}

module.exports = { ensureActionlint, lintWorkflows, ACTIONLINT_VERSION: VERSION };

if (require.main === module) {
  try {
    process.exit(lintWorkflows(process.argv.slice(2)));
  } catch (err) {
    log(err.message);
    process.exit(2);
  }
}
