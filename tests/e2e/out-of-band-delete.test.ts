// The partner connection deleted outside Pulumi (someone used the partner's portal): the cloud learns of it through
// the Connection Coordinator and deletes its half, so refresh drops both resources and the next `up` orders a new key
// and accepts it — never failing forever with "the activation key was already used". (Where a cloud keeps its half,
// the Interconnect's refusal names the fix: replace the ActivationKey; tests/unit/interconnect.test.ts.)
import { expect } from "chai";
import { PARTNER_CUSTOMER_TOKEN } from "../../emulator/defaults";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { cloudApiOf } from "../support/cloud";
import { createTestStack, type TestStack } from "../support/engine";

describe("e2e: partner connection deleted out of band", function () {
  this.timeout(5 * 60_000);
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack("tests/e2e/programs/interconnect", {
      stackName: `e2e-oob-${process.pid}`,
      env: providerEnv(emulator),
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("recovers on refresh + up with one live connection on each side", async () => {
    const first = await stack.up();
    const partnerId = first.outputs.connectionId as string;
    const res = await fetch(`${emulator.partnerUrl}/v1/connections/${partnerId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${PARTNER_CUSTOMER_TOKEN}` },
    });
    expect(res.status).to.equal(200);
    await stack.refresh();
    const outcome = await stack.up();
    expect(outcome.outputs.state).to.equal("available");
    expect(outcome.outputs.connectionId).not.to.equal(partnerId);
    const live = await cloudApiOf(emulator).liveConnections();
    expect(live.map((c) => c.id)).to.deep.equal([outcome.outputs.keyConnectionId]);
  });
});
