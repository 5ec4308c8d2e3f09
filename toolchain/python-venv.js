#!/usr/bin/env node
// Makes (once) the Python virtual environment Pulumi Python programs and the SDK tests run in: `pulumi` from PyPI at
// package.json's config.pulumiPythonSdk, the release tested with the project's pulumi-language-python.
//
//   node toolchain/python-venv.js             prints the venv's python (PULUMI_PYTHON_CMD for the engine)
//   require("./toolchain/python-venv").ensurePythonVenv() → { dir, python, env }
//
// The venv lives in .cache/python-venv/pulumi-<version> (INTERCONNECT_PYTHON_VENV overrides the directory). The
// language host built from SDK v3.68.0 ignores Pulumi.yaml's runtime.options.virtualenv, so env carries
// PULUMI_PYTHON_CMD pointing at this venv's python, and the venv's bin first on PATH.
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const PULUMI_PYTHON_SDK = require(path.join(ROOT, "package.json")).config.pulumiPythonSdk;
/** A fresh venv with pulumi installed takes about 80 s; a stalled index must not hang the tests. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

function log(message) {
  process.stderr.write(`[python-venv] ${message}\n`);
}

function venvDir() {
  return (
    process.env.INTERCONNECT_PYTHON_VENV || path.join(ROOT, ".cache", "python-venv", `pulumi-${PULUMI_PYTHON_SDK}`)
  );
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], timeout: INSTALL_TIMEOUT_MS, ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
}

/** The installed pulumi version in the venv, or undefined. */
function installedPulumi(python) {
  const res = spawnSync(python, ["-c", "import importlib.metadata as m; print(m.version('pulumi'))"], {
    encoding: "utf8",
  });
  return res.status === 0 ? res.stdout.trim() : undefined;
}

function ensurePythonVenv() {
  const dir = venvDir();
  const bin = path.join(dir, process.platform === "win32" ? "Scripts" : "bin");
  const python = path.join(bin, process.platform === "win32" ? "python.exe" : "python");
  if (installedPulumi(python) !== PULUMI_PYTHON_SDK) {
    const started = Date.now();
    const system = process.env.PYTHON || "python3";
    log(`creating ${dir} with pulumi==${PULUMI_PYTHON_SDK}`);
    fs.rmSync(dir, { recursive: true, force: true });
    run(system, ["-m", "venv", dir]);
    run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${PULUMI_PYTHON_SDK}`]);
    log(`created in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const env = {
    ...process.env,
    PULUMI_PYTHON_CMD: python,
    VIRTUAL_ENV: dir,
    PATH: [bin, process.env.PATH || ""].join(path.delimiter),
  };
  return { dir, python, env };
}

module.exports = { ensurePythonVenv, PULUMI_PYTHON_SDK };

if (require.main === module) {
  try {
    process.stdout.write(`${ensurePythonVenv().python}\n`);
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
