#!/usr/bin/env node
// Builds (once, offline from the Go module cache/proxy) the policy-capable language-host shim of ./main.go and returns
// the engine environment that puts it in front of the project's pulumi-language-nodejs. See main.go for why.
//
//   require("./toolchain/policy-langhost/ensure.js").ensurePolicyHost() → { pulumi, binDir, env, built, seconds }
//   node toolchain/policy-langhost/ensure.js -- preview --policy-pack ../policy   (runs pulumi with the shim, like `npm run pulumi`)
//
// Set INTERCONNECT_POLICY_NATIVE_HOST=1 when the CLI's own pulumi-language-nodejs implements RunPlugin (any host
// built from sdk/nodejs/cmd/pulumi-language-nodejs/v3, e.g. an official Pulumi install): the shim is then skipped.
"use strict";

const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const { ensurePulumi, runPassThrough } = require(path.join(ROOT, "toolchain", "pulumi-cli.js"));
const SOURCES = ["main.go", "go.mod", "go.sum"];

function sourceHash() {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES) hash.update(fs.readFileSync(path.join(__dirname, file)));
  return hash.digest("hex").slice(0, 16);
}

/**
 * { pulumi, binDir, env, built, seconds }: binDir holds the shim and a `pulumi` symlink to the project's CLI, so the
 * Automation API (PulumiCommand with root = dirname(binDir)), which puts its own bin directory first on PATH, finds
 * the shim too; env is the CLI's engine env with binDir first on PATH.
 */
function ensurePolicyHost() {
  const cli = ensurePulumi();
  if (process.env.INTERCONNECT_POLICY_NATIVE_HOST === "1") {
    return { pulumi: cli.pulumi, binDir: cli.binDir, env: cli.env, built: false, seconds: 0 };
  }
  const binDir = path.join(ROOT, "node_modules", ".cache", "pulumi-interconnect-policy-host", sourceHash(), "bin");
  const bin = path.join(binDir, "pulumi-language-nodejs");
  const started = Date.now();
  let built = false;
  if (!fs.existsSync(bin)) {
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.status !== 0) {
      // Without Go, toolchain/pulumi-cli.js found or downloaded a CLI rather than building its host from SDK v3.68.0;
      // an official CLI's host runs policy packs itself. If it cannot, the engine says "could not read plugin
      // [<dir>]: not supported".
      process.stderr.write(
        "[policy-host] no `go` on PATH: using the CLI's own pulumi-language-nodejs for policy packs\n",
      );
      return { pulumi: cli.pulumi, binDir: cli.binDir, env: cli.env, built: false, seconds: 0 };
    }
    fs.mkdirSync(binDir, { recursive: true });
    const tmp = `${bin}.tmp-${process.pid}`;
    const res = spawnSync("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", tmp, "."], {
      cwd: __dirname,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" },
    });
    if (res.status !== 0)
      throw new Error(`building the policy language-host shim failed (exit ${res.status ?? res.signal})`);
    fs.renameSync(tmp, bin);
    built = true;
  }
  const pulumi = path.join(binDir, "pulumi");
  if (!fs.existsSync(pulumi) || fs.realpathSync(pulumi) !== fs.realpathSync(cli.pulumi)) {
    fs.rmSync(pulumi, { force: true });
    fs.symlinkSync(cli.pulumi, pulumi);
  }
  const env = {
    ...cli.env,
    PATH: [binDir, cli.env.PATH].join(path.delimiter),
    PULUMI_NODEJS_LANGUAGE_HOST: path.join(cli.binDir, "pulumi-language-nodejs"),
  };
  return { pulumi, binDir, env, built, seconds: (Date.now() - started) / 1000 };
}

module.exports = { ensurePolicyHost };

if (require.main === module) {
  const sep = process.argv.indexOf("--");
  try {
    const host = ensurePolicyHost();
    if (sep < 0) {
      process.stdout.write(`${host.binDir}\n`);
    } else {
      process.exit(runPassThrough(host.pulumi, host.env, process.argv.slice(sep + 1)));
    }
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
