#!/usr/bin/env node
// `npm run sdk`: writes the Python and Go SDKs of the provider plugin from the Pulumi package schema, with the
// project's own generator (toolchain/sdkgen, pulumi/pkg/v3's codegen; built once and cached like the language hosts).
//
//   node toolchain/sdk.js [--schema schema/pulumi-package.json] [--out sdk]
//   require("./toolchain/sdk").generateSdks({ schema, out }) → { python, go, seconds }
//
// <out>/python is a pip-installable package (setup.py, pulumi_interconnect); <out>/go is a Go module (go.mod requiring
// github.com/pulumi/pulumi/sdk/v3 at package.json's config.pulumiGoSdk, go.sum filled from the module proxy/cache).
"use strict";

const { spawnSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const GENERATOR_DIR = path.join(__dirname, "sdkgen");
const SOURCES = ["main.go", "go.mod", "go.sum"];
const GO_SDK = `v${require(path.join(ROOT, "package.json")).config.pulumiGoSdk}`;
const DEFAULT_SCHEMA = path.join(ROOT, "schema", "pulumi-package.json");
const DEFAULT_OUT = path.join(ROOT, "sdk");
const GO_ENV = () => ({ ...process.env, GOTOOLCHAIN: "local" });

function log(message) {
  process.stderr.write(`[sdk] ${message}\n`);
}

function run(cmd, args, opts) {
  const res = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${res.status ?? res.signal})`);
}

function sourceHash() {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES) hash.update(fs.readFileSync(path.join(GENERATOR_DIR, file)));
  return hash.digest("hex").slice(0, 16);
}

/** The generator binary, built on first use (about 20 s with pkg/v3 in the module cache) and cached per source. */
function ensureGenerator() {
  const bin = path.join(ROOT, "node_modules", ".cache", "pulumi-interconnect-sdkgen", sourceHash(), "sdkgen");
  if (fs.existsSync(bin)) return bin;
  const started = Date.now();
  log("building toolchain/sdkgen (first run only)");
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const partial = `${bin}.partial-${process.pid}`;
  run("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", partial, "."], {
    cwd: GENERATOR_DIR,
    env: { ...GO_ENV(), GOFLAGS: "-mod=readonly" },
  });
  fs.renameSync(partial, bin);
  log(`built sdkgen in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

function generateSdks({ schema = DEFAULT_SCHEMA, out = DEFAULT_OUT } = {}) {
  if (!fs.existsSync(schema)) {
    throw new Error(
      `${path.relative(process.cwd(), schema) || schema} does not exist: the SDKs are generated from the provider's ` +
        `Pulumi package schema (written by the schema generator; see README "Other languages"), or pass --schema <file>`,
    );
  }
  const started = Date.now();
  const generator = ensureGenerator();
  run(generator, ["-schema", schema, "-out", out, "-languages", "python,go", "-go-sdk", GO_SDK]);
  // go.sum, so `go build` in the module (or a program that replaces it with this folder) needs no -mod=mod.
  const goDir = path.join(out, "go");
  run("go", ["mod", "tidy"], { cwd: goDir, env: { ...GO_ENV(), GOFLAGS: "-mod=mod" } });
  const seconds = (Date.now() - started) / 1000;
  log(`wrote ${path.join(out, "python")} and ${goDir} in ${seconds.toFixed(1)} s`);
  return { python: path.join(out, "python"), go: goDir, seconds };
}

module.exports = { generateSdks, ensureGenerator, GO_SDK };

if (require.main === module) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
  };
  try {
    generateSdks({ schema: arg("--schema"), out: arg("--out") });
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
