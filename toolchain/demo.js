#!/usr/bin/env node
// Runs a Pulumi command on the root demo program (Pulumi.yaml) against the embedded partner API emulator:
// starts the emulator on a free loopback port with its data inside the project, points the provider at it through
// INTERCONNECT_* variables, runs `pulumi <command>` on the local file backend, prints a summary, and stops the
// emulator — also on Ctrl-C or failure, so no process is left running.
//
//   node toolchain/demo.js up|preview|refresh|destroy|drill [extra pulumi args]
"use strict";

const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { ensurePulumi, DEV_PASSPHRASE, DEMO_STATE_DIR: STATE_DIR } = require("./pulumi-cli.js");

const ROOT = path.resolve(__dirname, "..");
const EMULATOR_DATA = path.join(ROOT, ".interconnect-emulator");
const STACK = process.env.INTERCONNECT_DEMO_STACK || "dev";

function say(line) {
  process.stdout.write(`${line}\n`);
}

// A terminal's Ctrl-C reaches every process of its foreground group, and npm forwards it once more; a second SIGINT
// makes pulumi stop at once instead of finishing its in-flight operations. So pulumi runs in a process group of its own
// and gets one SIGINT from here per Ctrl-C (signals arriving together are one Ctrl-C): the first cancels gracefully, a
// later one stops it at once, as with a plain `pulumi up`. SIGTERM is a graceful cancel too.
const ONE_CTRL_C_MS = 500;

function runPulumi(cli, env, args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const stdio = ["ignore", capture ? "pipe" : "inherit", "inherit"];
    const child = spawn(cli.pulumi, args, { cwd: ROOT, env, stdio, detached: true });
    let out = "";
    if (capture) child.stdout.on("data", (d) => (out += d));
    let forwardedAt = 0;
    const forward = () => {
      if (Date.now() - forwardedAt < ONE_CTRL_C_MS) return;
      forwardedAt = Date.now();
      child.kill("SIGINT");
    };
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM"]) process.removeListener(s, forward);
      if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `pulumi ${args[0]} ${forwardedAt ? "was cancelled" : signal ? `was stopped by ${signal}` : `exited with ${code}`}`,
          ),
        );
    });
  });
}

/** The diversity dimensions of a link's path, in their canonical order (schema/customer.ts). */
const DIMENSIONS = require(path.join(ROOT, "dist/schema/customer.js")).DiversityDimensionSchema.options;

/** "device … · entrance … · facility … · conduit …": the dimensions a link's path names (structures are a list). */
const pathOf = (path) =>
  DIMENSIONS.filter((d) => typeof path[d] === "string")
    .map((d) => `${d} ${path[d]}`)
    .join(" · ");

/** A link's health in one line: what README "Link health" explains. */
const healthLine = ({ macsec, bgp, latencyMs, errorFrames }) =>
  `key ${macsec.keyStatus} · unencrypted frames ${macsec.framesUnencrypted} · ` +
  `BGP hold ${bgp.holdTimeSeconds} s / keepalive ${bgp.keepaliveSeconds} s, ${bgp.flaps} flap(s) · ` +
  `${latencyMs} ms · ${errorFrames} error frame(s)`;

function printSummary(outputs) {
  const { interconnects = {}, bandwidths = {}, diversity } = outputs;
  // The group's view of each link's path is the newest: it may have relocated links after the Interconnects were read.
  const groupPaths = new Map((diversity?.links ?? []).map((l) => [`${l.interconnect}/${l.name}`, l.path]));
  for (const [name, ic] of Object.entries(interconnects)) {
    const gbps = bandwidths[name] ?? ic.bandwidthGbps;
    say(`\n${name}: ${gbps} Gbps on ${ic.interconnectName} — ${ic.state} (${ic.verificationState})`);
    for (const l of ic.links ?? []) {
      const path = groupPaths.get(`${name}/${l.name}`) ?? l;
      say(
        `  ${l.name.padEnd(4)} ${pathOf(path)} · ` +
          `VLAN ${l.vlan} · BGP ${l.bgpState} · MACsec ${l.macsecActive ? "on" : "OFF"} · ${l.operState}`,
      );
      if (l.health) say(`       health: ${healthLine(l.health)}`);
    }
    for (const problem of ic.linkHealthProblems ?? []) say(`  ✗ ${problem}`);
  }
  if (diversity) {
    const moved = diversity.relocations ? ` (${diversity.relocations} link(s) relocated to satisfy it)` : "";
    say(`\nDiversity: ${diversity.compliant ? "compliant" : "NOT compliant"}${moved}`);
    for (const b of diversity.blockers ?? []) say(`  ✗ ${b.explanation}`);
    const dims = Object.entries(diversity.survivesSingleFailure ?? {});
    if (dims.length)
      say(`  survives a single failure of: ${dims.map(([d, ok]) => `${d} ${ok ? "yes" : "no"}`).join(", ")}`);
  }
}

/** The group's map (interconnect-map), when the partner reports routes. */
function writeDemoMap(outputs) {
  if (!outputs.diversity?.links?.some((l) => l.route)) return;
  const { writeMap } = require(path.join(ROOT, "dist/provider/map/cli.js"));
  say(
    `\nMap of the group's routes: ${writeMap(outputs.diversity, path.join(STATE_DIR, "diversity-map.html"), "demo diversity")}`,
  );
}

function nextSteps() {
  say("\nNext:");
  say("  change bandwidthGbps in examples/demo/index.ts (e.g. 10 → 25), then `npm run preview` to see the diff");
  say("  npm run up        apply it");
  say("  npm run drill     drills: cut a conduit, drain a link for maintenance, see which links carry traffic");
  say("  npm run destroy   remove everything");
}

async function main() {
  const [command = "up", ...extra] = process.argv.slice(2);
  const cli = ensurePulumi();
  const { startEmulator } = require(path.join(ROOT, "dist/emulator/server.js"));
  const { providerEnv } = require(path.join(ROOT, "dist/emulator/provider-env.js"));

  fs.mkdirSync(STATE_DIR, { recursive: true });
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1", dataDir: EMULATOR_DATA });
  say(`partner API emulator: ${emulator.url} (data in ${path.relative(ROOT, EMULATOR_DATA)}/)`);
  const env = {
    ...cli.env,
    PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE || DEV_PASSPHRASE,
    ...providerEnv(emulator),
  };
  try {
    spawnSync(cli.pulumi, ["stack", "select", "--create", STACK, "--non-interactive"], {
      cwd: ROOT,
      env,
      stdio: "ignore",
    });
    const flags = ["--non-interactive", ...extra];
    if (command === "drill") {
      await runPulumi(cli, env, ["up", "--yes", "--skip-preview", "--suppress-outputs", ...flags]);
      const outputs = JSON.parse(await runPulumi(cli, env, ["stack", "output", "--json"], { capture: true }));
      // Examples are not compiled into dist/ (it holds only what ships): run the drill from source.
      require("ts-node").register({ transpileOnly: true, project: path.join(ROOT, "tsconfig.json") });
      const { runFiberCutDrill } = require(path.join(ROOT, "examples/drills/fiber-cut.ts"));
      const { runMaintenanceDrill } = require(path.join(ROOT, "examples/drills/maintenance.ts"));
      await runFiberCutDrill({ emulatorUrl: emulator.url, outputs, log: say });
      // With policy cutRadiusMeters the group knows its worst single cut anywhere along the routes: cut there too.
      if (outputs.diversity?.worstCut)
        await runFiberCutDrill({ emulatorUrl: emulator.url, outputs, log: say, area: "worst" });
      await runMaintenanceDrill({ emulatorUrl: emulator.url, outputs, log: say });
      await runPulumi(cli, env, ["refresh", "--yes", "--skip-preview", ...flags]);
      return;
    }
    const args = {
      up: ["up", "--yes", "--skip-preview", "--suppress-outputs"],
      preview: ["preview", "--diff"],
      refresh: ["refresh", "--yes"],
      destroy: ["destroy", "--yes", "--skip-preview"],
    }[command];
    if (!args) throw new Error(`unknown command "${command}" (up, preview, refresh, destroy, drill)`);
    await runPulumi(cli, env, [...args, ...flags]);
    if (command === "up") {
      const outputs = JSON.parse(await runPulumi(cli, env, ["stack", "output", "--json"], { capture: true }));
      printSummary(outputs);
      writeDemoMap(outputs);
      nextSteps();
    }
  } finally {
    await emulator.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`demo: ${err.message}\n`);
  process.exit(1);
});
