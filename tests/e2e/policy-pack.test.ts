// The CrossGuard policy pack (policy/) on the real engine: `pulumi preview --policy-pack policy` of a compliant
// program passes, and a program that breaks every rule fails with one violation per broken rule, named by resource.
//
// The project's Node.js language host (built from SDK v3.68.0) answers RunPlugin with "not supported", and the CLI
// runs policy packs only through RunPlugin; toolchain/policy-langhost adds it in front of that host (see its main.go).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { EngineEvent, LocalWorkspace, PolicyEvent, PulumiCommand } from "@pulumi/pulumi/automation";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { REPO_ROOT } from "../support/engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensurePolicyHost } = require("../../toolchain/policy-langhost/ensure.js") as {
  ensurePolicyHost: () => { pulumi: string; binDir: string; env: NodeJS.ProcessEnv; built: boolean; seconds: number };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEV_PASSPHRASE } = require("../../toolchain/pulumi-cli.js") as { DEV_PASSPHRASE: string };

const POLICY_DIR = path.join(REPO_ROOT, "policy");
const PACK = "interconnect-guardrails";

interface PolicyPreview {
  policyEvents: PolicyEvent[];
  stdout: string;
  error?: Error;
  seconds: number;
}

describe("e2e policy pack: pulumi preview --policy-pack policy", function () {
  this.timeout(4 * 60_000);
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let host: ReturnType<typeof ensurePolicyHost>;
  let configDir: string;
  let configFile: string;

  before(async () => {
    host = ensurePolicyHost();
    console.log(
      `      (policy language-host shim ${host.built ? `built in ${host.seconds.toFixed(0)} s` : "cached"}: ${host.binDir})`,
    );
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-policy-config-"));
    configFile = path.join(configDir, "policy-config.json");
    // Policy config as an organisation would set it: 50 and 100 Gbps need a separate approval.
    fs.writeFileSync(
      configFile,
      JSON.stringify({ "interconnect-allowed-tiers": { allowedTiersGbps: [1, 2, 5, 10, 25] } }),
    );
  });
  after(async () => {
    await emulator?.stop();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  /**
   * A fresh stack of `program` on a temp file backend, previewed with the pack. Not harness.createTestStack: the
   * Automation API puts its PulumiCommand's bin directory first on PATH, so the command must come from the shim's.
   */
  async function previewWithPolicyPack(program: string): Promise<PolicyPreview> {
    const backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-e2e-policy-"));
    const envVars: Record<string, string> = {
      ...(host.env as Record<string, string>),
      PULUMI_BACKEND_URL: `file://${backendDir}`,
      PULUMI_CONFIG_PASSPHRASE: DEV_PASSPHRASE,
      ...providerEnv(emulator),
    };
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(host.binDir) });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: `e2e-policy-${process.pid}`, workDir: path.resolve(REPO_ROOT, program) },
      { envVars, pulumiCommand },
    );
    const events: EngineEvent[] = [];
    let stdout = "";
    let error: Error | undefined;
    const started = Date.now();
    try {
      await stack.preview({
        policyPacks: [POLICY_DIR],
        policyPackConfigs: [configFile],
        onEvent: (e) => events.push(e),
        onOutput: (s) => (stdout += s),
      });
    } catch (e) {
      error = e as Error;
    } finally {
      // Only previewed: nothing to destroy.
      await stack.workspace.removeStack(stack.name).catch(() => undefined);
      fs.rmSync(backendDir, { recursive: true, force: true });
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`      (preview with the policy pack: ${seconds.toFixed(1)} s)`);
    return { policyEvents: events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : [])), stdout, error, seconds };
  }

  /** "policy-name resource-name" for each mandatory violation, sorted. */
  const violations = (res: PolicyPreview) =>
    res.policyEvents
      .filter((e) => e.enforcementLevel === "mandatory")
      .map((e) => `${e.policyName} ${e.resourceUrn?.split("::").pop() ?? "(stack)"}`)
      .sort();

  it("passes a compliant program (MACsec, allowed tiers, guard intact, conduit-diverse group)", async () => {
    const res = await previewWithPolicyPack("tests/e2e/programs/policy-pass");
    expect(res.error, res.stdout).to.equal(undefined);
    expect(res.policyEvents, res.stdout).to.deep.equal([]);
    expect(res.stdout).to.match(new RegExp(`${PACK}@v0\\.1\\.0`)); // the pack ran (listed under Policies)
  });

  it("fails a program that breaks each rule, naming every offending resource", async () => {
    const res = await previewWithPolicyPack("tests/e2e/programs/policy-violate");
    expect(res.error, res.stdout).to.be.instanceOf(Error);
    // Every policy decided at preview: no "can't run policy during preview" advisories.
    expect(
      res.policyEvents.filter((e) => e.enforcementLevel !== "mandatory"),
      res.stdout,
    ).to.deep.equal([]);
    expect(violations(res), res.stdout).to.deep.equal(
      [
        "interconnect-allowed-tiers oversized", // ActivationKey 50 Gbps
        "interconnect-allowed-tiers oversized", // Interconnect 50 Gbps
        "interconnect-bandwidth-step-guard oversized", // allowLargeBandwidthStep: true
        "interconnect-bandwidth-step-guard oversized", // maxBandwidthStepTiers: 4 > 2
        "interconnect-in-conduit-diverse-group oversized", // its group is device-only
        "interconnect-in-conduit-diverse-group plaintext", // in no group
        "interconnect-macsec-required plaintext",
      ].sort(),
    );
    const message = (policy: string, resource: string) =>
      res.policyEvents.find((e) => e.policyName === policy && e.resourceUrn?.endsWith(`::${resource}`))?.message ?? "";
    expect(message("interconnect-macsec-required", "plaintext")).to.include('macsec: "preferred"');
    expect(message("interconnect-in-conduit-diverse-group", "oversized")).to.include(
      'its group "device-only" does not require conduit diversity',
    );
    expect(message("interconnect-in-conduit-diverse-group", "plaintext")).to.include(
      'no RedundantLinkGroup that requires "conduit" lists it',
    );
  });
});
