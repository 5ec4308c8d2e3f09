// The partner's Connection Coordinator spec version, on the real engine: a partner that reports a version this package
// does not speak is refused before anything is ordered or changed there, and once a refresh has recorded the version,
// the preview plans the refusal with no API call: the version seen, the versions spoken and the upgrade.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import {
  admin,
  adminStats,
  providerEnv,
  exportDeployment,
  initCliStack,
  removeCliStack,
  runCli,
  type CliStack,
} from "../support/reliability";

const REFUSAL =
  "the partner reports Connection Coordinator spec v2; this package speaks v1. Upgrade pulumi-interconnect to a " +
  "release that speaks v2";

describe("e2e the partner's spec version: refused before ordering or changing anything, and planned at preview once recorded", function () {
  this.timeout(4 * 60_000);
  let emulator: RunningEmulator;
  let stack: CliStack;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 200 });
    stack = await initCliStack("tests/e2e/programs/fleet", `e2e-spec-version-${process.pid}`, providerEnv(emulator));
    await runCli(stack, ["config", "set-all", "--plaintext", "count=1"]);
  });

  after(async () => {
    if (stack) {
      await admin(emulator, "POST", "spec-version", { specVersion: null });
      await runCli(stack, ["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      removeCliStack(stack);
    }
    await emulator?.stop();
  });

  const recordedVersion = async () =>
    (await exportDeployment(stack)).resources?.find((r) => r.type.endsWith(":Interconnect"))?.outputs
      ?.partnerSpecVersion;

  it("up orders nothing from a partner that reports a version this package does not speak", async () => {
    await admin(emulator, "POST", "spec-version", { specVersion: "v2" });
    await admin(emulator, "POST", "stats/reset");
    const refused = await runCli(stack, ["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    expect(refused.stdout + refused.stderr)
      .to.contain(REFUSAL)
      .and.contain("nothing was changed at the partner");
    const stats = await adminStats(emulator);
    expect(stats.byOperation["partner.GetServiceInfo"], "asked").to.equal(1);
    expect(stats.byOperation["partner.AcceptActivationKey"] ?? 0, "no order").to.equal(0);
  });

  it("once the partner speaks v1 again, up succeeds and records the version", async () => {
    await admin(emulator, "POST", "spec-version", { specVersion: null });
    await runCli(stack, ["up", "--yes", "--skip-preview"]);
    expect(await recordedVersion()).to.equal("v1");
  });

  it("a partner upgrade: refresh records v2 and warns; preview plans the refusal with 0 API calls, up refuses", async () => {
    await admin(emulator, "POST", "spec-version", { specVersion: "v2" });
    // The GitOps drift job's check: it records nothing, and fails naming the problem.
    const drift = await runCli(stack, ["refresh", "--preview-only", "--expect-no-changes", "--diff"], {
      allowFailure: true,
    });
    expect(drift.code, drift.stdout).to.not.equal(0);
    expect(drift.stdout + drift.stderr).to.contain(`drift the next \`up\` acts on: ${REFUSAL}`);
    expect(await recordedVersion()).to.equal("v1");

    const refreshed = await runCli(stack, ["refresh", "--yes", "--skip-preview"]);
    expect(refreshed.stdout).to.contain(`${REFUSAL}`).and.contain("the next `up` refuses it");
    expect(await recordedVersion()).to.equal("v2");

    await admin(emulator, "POST", "stats/reset");
    const preview = await runCli(stack, ["preview", "--expect-no-changes"], { allowFailure: true });
    expect(preview.code, "the planned update fails --expect-no-changes").to.not.equal(0);
    expect(preview.stdout + preview.stderr).to.contain(`drift the next \`up\` acts on: ${REFUSAL}`);
    const stats = await adminStats(emulator);
    expect(stats.total, `API calls during preview: ${JSON.stringify(stats.byOperation)}`).to.equal(0);

    const refused = await runCli(stack, ["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    expect(refused.stdout + refused.stderr)
      .to.contain(REFUSAL)
      .and.contain("nothing was changed at the partner");
    const calls = (await adminStats(emulator)).byOperation;
    expect(calls["partner.UpdateConnection"] ?? 0, "no change sent").to.equal(0);
  });

  it("after the partner is back on v1 (or the package upgraded), refresh and preview are clean", async () => {
    await admin(emulator, "POST", "spec-version", { specVersion: null });
    await runCli(stack, ["refresh", "--yes", "--skip-preview"]);
    expect(await recordedVersion()).to.equal("v1");
    await runCli(stack, ["preview", "--expect-no-changes"]);
  });
});
