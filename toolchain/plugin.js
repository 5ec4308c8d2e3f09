#!/usr/bin/env node
// The provider plugin `interconnect` as the engine runs it. `node toolchain/plugin.js folder` (run by `npm run build`)
// writes dist/plugin/pulumi-resource-interconnect, a launcher for the built dist/, for `plugins: providers: [{ name:
// interconnect, path: dist/plugin }]`. `node toolchain/plugin.js pack` (`npm run plugin:pack`) writes
// dist/pulumi-resource-interconnect-v<version>-<os>-<arch>.tar.gz for `pulumi plugin install resource interconnect
// <version> --file <it>`: the launcher, dist/, the package schema and the node_modules the plugin loads.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const BINARY = "pulumi-resource-interconnect";

/** A node launcher of dist/provider/plugin/main.js at `mainFromLauncher` (relative to the launcher's folder). */
function launcher(mainFromLauncher) {
  return [
    "#!/usr/bin/env node",
    "// Runs the interconnect provider plugin with this node; dist/ is found relative to this file (symlinks resolved).",
    `require(require("node:path").join(__dirname, ${JSON.stringify(mainFromLauncher)})).serve(process.argv.slice(2))`,
    "  .catch((e) => { console.error(e); process.exit(1); });",
    "",
  ].join("\n");
}

/** Writes the launcher unless it is there as is: a running engine (another test worker) may be starting it. */
function writeLauncher(dir, mainFromLauncher) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, BINARY);
  const text = launcher(mainFromLauncher);
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return file;
  fs.writeFileSync(file, text, { mode: 0o755 });
  return file;
}

/** The folder of package `name` as Node resolves it from `fromDir` (inside ROOT), or undefined. */
function packageDir(name, fromDir) {
  for (let dir = fromDir; dir.startsWith(ROOT); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === ROOT) break;
  }
  return undefined;
}

/** Every package folder the plugin loads: the dependencies, @pulumi/pulumi (a peer), and theirs, transitively. */
function runtimePackages() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const seen = new Set();
  const queue = [...Object.keys(manifest.dependencies ?? {}), "@pulumi/pulumi"].map((name) => [name, ROOT, false]);
  while (queue.length > 0) {
    const [name, from, optional] = queue.shift();
    const dir = packageDir(name, from);
    if (!dir) {
      if (optional) continue;
      throw new Error(`plugin:pack: ${name} (needed from ${path.relative(ROOT, from) || "."}) is not installed`);
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const optionalPeers = pkg.peerDependenciesMeta ?? {};
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push([dep, dir, false]);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push([dep, dir, true]);
    for (const dep of Object.keys(pkg.peerDependencies ?? {}))
      if (!optionalPeers[dep]?.optional) queue.push([dep, dir, true]);
  }
  return [...seen].sort();
}

function copy(relative, staging, filter) {
  fs.cpSync(path.join(ROOT, relative), path.join(staging, relative), { recursive: true, filter });
}

function pack() {
  if (!fs.existsSync(path.join(ROOT, "dist/provider/plugin/main.js"))) throw new Error("run `npm run build` first");
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const platform = { linux: "linux", darwin: "darwin", win32: "windows" }[process.platform] ?? process.platform;
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-plugin-"));
  try {
    writeLauncher(staging, "dist/provider/plugin/main.js");
    copy("dist/provider", staging);
    copy("dist/schema", staging);
    copy("schema/pulumi-package.json", staging);
    copy("package.json", staging);
    copy("LICENSE", staging);
    for (const dir of runtimePackages()) {
      const nested = path.join(dir, "node_modules");
      copy(path.relative(ROOT, dir), staging, (source) => source !== nested && !source.startsWith(nested + path.sep));
    }
    const tarball = path.join(ROOT, "dist", `${BINARY}-v${version}-${platform}-${arch}.tar.gz`);
    execFileSync("tar", ["-czf", tarball, "-C", staging, "."]);
    console.log(`wrote ${path.relative(ROOT, tarball)} (${(fs.statSync(tarball).size / 1e6).toFixed(1)} MB)`);
    console.log(
      `install: pulumi plugin install resource interconnect ${version} --file ${path.relative(ROOT, tarball)}`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const command = process.argv[2];
  if (command === "folder") writeLauncher(path.join(ROOT, "dist/plugin"), "../provider/plugin/main.js");
  else if (command === "pack") pack();
  else {
    console.error("usage: node toolchain/plugin.js folder|pack");
    process.exit(2);
  }
}

module.exports = { BINARY, runtimePackages };
