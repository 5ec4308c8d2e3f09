// Secret scan: after stacks ran on the real engine, no secret value may appear in plaintext in the state
// files, the stack config, the captured CLI output or the emulator's request log — nor may a bearer token be in the
// emulator's data dir. The secrets are every value the emulator issued (activation keys, MACsec CAKs and CKNs, BGP
// MD5 keys; from its test hook `secrets()`, since /_admin/state redacts them) plus every bearer token.
// This file runs its own stack (tokens as secret stack config, MACsec required, with the emulator logging every
// request). The other reliability suites (kill-recovery, fault-matrix, emulator-restart) scan what they leave behind
// themselves, so every suite passes alone and in any order.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PARTNER_CUSTOMER_TOKEN } from "../../emulator/identities";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createTestStack, REPO_ROOT, type TestStack } from "../support/engine";
import { filesUnder, scanForSecrets } from "../support/reliability";
import { EMULATOR_TOKENS } from "../support/emulator";

describe("secret scan: state, CLI output, emulator log and data dir", function () {
  this.timeout(5 * 60_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-secrets-"));
  const log: string[] = [];
  const output: string[] = [];
  let emulator: RunningEmulator;
  let stack: TestStack;
  let stateFiles: [string, string][] = [];
  let stackConfig = "";

  before(async () => {
    emulator = await startEmulator({
      port: 0,
      provisioningDelayMs: 200,
      dataDir,
      logStream: { write: (line) => void log.push(line) },
    });
    stack = await createTestStack("tests/e2e/programs/fleet", {
      stackName: `e2e-secrets-${process.pid}`,
      // Endpoints and the AWS credential chain (environment) only: the partner token comes from secret stack config.
      env: { ...providerEnv(emulator), INTERCONNECT_PARTNER_TOKEN: "" },
    });
    await stack.setConfig("count", "2");
    await stack.setConfig("interconnect:partnerToken", PARTNER_CUSTOMER_TOKEN, true);
  });

  after(async function () {
    this.timeout(3 * 60_000);
    await stack?.dispose();
    await emulator?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs up, a bandwidth change, refresh and destroy", async () => {
    const up = await stack.up();
    output.push(up.stdout);
    expect(up.outputs.states).to.deep.equal(["available", "available"]);
    await stack.setConfig("bandwidthGbps", "2");
    output.push((await stack.up()).stdout);
    output.push((await stack.refresh()).stdout);
    // Captured before destroy: the state then holds every secret output (keys) and input (activation keys).
    stateFiles = filesUnder(stack.backendDir);
    stackConfig = fs.readFileSync(
      path.join(REPO_ROOT, "tests/e2e/programs/fleet", `Pulumi.${stack.stack.name}.yaml`),
      "utf8",
    );
    output.push((await stack.destroy()).stdout);
    stateFiles.push(...filesUnder(stack.backendDir).map(([f, t]) => [`after destroy: ${f}`, t] as [string, string]));
  });

  it("the emulator issued secrets of every kind, and the scan would find them", () => {
    const secrets = emulator.secrets();
    // 2 connections: 2 activation keys; 4 channels each with an MD5 key per feature and MACsec CAK + CKN.
    expect(secrets.length).to.be.at.least(2 + 8);
    const persisted = fs.readFileSync(path.join(dataDir, "state.json"), "utf8");
    expect(
      scanForSecrets({ "emulator state.json": persisted }, secrets).length,
      "the scanner finds secrets where they are",
    ).to.equal(secrets.length);
  });

  it("finds 0 secrets in the state files, stack config, CLI output and emulator log", () => {
    const secrets = [...emulator.secrets(), ...EMULATOR_TOKENS];
    expect(log.length, "the emulator logged the requests").to.be.greaterThan(10);
    const texts: Record<string, string> = {
      "stack config": stackConfig,
      "CLI output": output.join("\n"),
      "emulator log": log.join(""),
      ...Object.fromEntries(stateFiles.map(([file, text]) => [`state ${file}`, text])),
    };
    expect(stackConfig).to.include("secure:"); // the token is there, encrypted
    expect(scanForSecrets(texts, secrets)).to.deep.equal([]);
  });

  it("finds no bearer token in the emulator's data dir, and key material only in its state file", () => {
    const files = filesUnder(dataDir);
    // No temp files, logs or dumps left behind; the lock file holds the running emulator's pid.
    expect(files.map(([f]) => f)).to.deep.equal(["emulator.lock", "state.json"]);
    expect(scanForSecrets(Object.fromEntries(files), EMULATOR_TOKENS)).to.deep.equal([]);
  });
});
