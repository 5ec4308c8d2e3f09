// Link health on the real engine: a link that leaks unencrypted frames (the emulator's fault switch) shows as drift on
// `pulumi refresh`, fails the next `up` under macsec "required" with the link, the counter and the remedy, and after
// the remedy (a MACsec key rotation on that link's channel) `up` is clean and a preview shows no change.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import type { PartnerConnection } from "../../schema/customer";
import {
  admin,
  providerEnv,
  exportDeployment,
  initCliStack,
  removeCliStack,
  runCli,
  sleep,
  type CliStack,
} from "../support/reliability";

describe("e2e link health: an unencrypted-frame leak on one link", function () {
  this.timeout(4 * 60_000);
  let emulator: RunningEmulator;
  let stack: CliStack;
  let connection: PartnerConnection;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 200 });
    stack = await initCliStack("tests/e2e/programs/fleet", `e2e-health-${process.pid}`, providerEnv(emulator));
    await runCli(stack, ["config", "set-all", "--plaintext", "count=1", "--plaintext", "macsec=required"]);
    await runCli(stack, ["up", "--yes", "--skip-preview"]);
    const listed = await fetch(`${emulator.partnerUrl}/v1/connections`, {
      headers: { authorization: `Bearer ${providerEnv(emulator).INTERCONNECT_PARTNER_TOKEN}` },
    });
    connection = ((await listed.json()) as { connections: PartnerConnection[] }).connections[0];
  });

  after(async () => {
    if (stack) {
      await runCli(stack, ["destroy", "--yes", "--skip-preview"], { allowFailure: true });
      removeCliStack(stack);
    }
    await emulator?.stop();
  });

  it("shows as drift on refresh, fails up under required with the remedy, and is clean after a key rotation", async () => {
    await admin(emulator, "POST", "link-health", { connectionId: connection.id, link: "ch2", leakFramesPerSecond: 40 });
    await sleep(1500);
    const refreshed = await runCli(stack, ["refresh", "--yes", "--skip-preview"]);
    expect(refreshed.stdout).to.match(/link ch2: \d+ unencrypted frames since the last read \(framesUnencrypted \d+\)/);
    const recorded = (await exportDeployment(stack)).resources?.find((r) => r.type.endsWith(":Interconnect"));
    expect(recorded?.outputs?.linkHealthProblems, "the refresh records it in state").to.have.length(1);
    // The preview names the leak as the update's reason, and no field the program never declared.
    const preview = await runCli(stack, ["preview", "--diff"]);
    expect(preview.stdout + preview.stderr).to.match(
      /drift the next `up` acts on: link ch2: \d+ unencrypted frames since the last read/,
    );
    // (bandwidthOwner's own field is no argument of the Interconnect's: it is nested, written `bandwidthGbps: 1`.)
    expect(preview.stdout, "the update's diff").to.not.match(/^\s*(?:[-+~]\s*bandwidthGbps\s*|bandwidthGbps\s+):/m);

    const refused = await runCli(stack, ["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    const said = refused.stdout + refused.stderr;
    expect(said).to.contain('macsec is "required" but 1 link(s) are not protected');
    expect(said).to.match(/link ch2: \d+ unencrypted frames since the last read/);
    expect(said).to.contain("RequestMacSecKeyRotation on channel").and.contain("RelocateLink");

    // The remedy: the channel's MACsec manager rotates its key (after the spec's 2-hour bake).
    await admin(emulator, "POST", "clock", { advanceMs: 2 * 3600_000 + 1000 });
    await admin(emulator, "POST", "macsec/rotate", {
      environment: connection.environment,
      interconnect: connection.interconnectName,
      channel: "ch2",
    });
    await runCli(stack, ["up", "--yes", "--skip-preview"]);
    await runCli(stack, ["preview", "--expect-no-changes"]);
  });

  it("MACsec off on one link: up --refresh fails naming the link and the remedy, and is clean once it is back", async () => {
    await admin(emulator, "POST", "drift", { connectionId: connection.id, macsecOffLink: "ch3" });
    const refused = await runCli(stack, ["up", "--refresh", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.code).to.not.equal(0);
    const said = refused.stdout + refused.stderr;
    expect(said).to.contain('drift the next `up` acts on: MACsec is inactive on ch3 (macsec "required")');
    expect(said).to.contain('macsec is "required" but 1 link(s) send frames in the clear');
    expect(said).to.contain("link ch3: MACsec inactive while the link is up; ask the partner to turn MACsec back on");

    // One remedy the message names: the partner moves the link to other equipment, where MACsec comes up again.
    const moved = await fetch(`${emulator.partnerUrl}/v1/connections/${connection.id}/links/ch3/relocate`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${providerEnv(emulator).INTERCONNECT_PARTNER_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ distinct: ["device"] }),
    });
    expect(moved.status, await moved.text()).to.equal(200);
    await sleep(1500);
    await runCli(stack, ["up", "--refresh", "--yes", "--skip-preview"]);
    await runCli(stack, ["preview", "--expect-no-changes"]);
  });
});
