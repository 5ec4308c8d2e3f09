// Destroy, edit what a create sends, `up` again (issue #36): each resource's re-create under the same URN sends other
// input than its first create did, so it must come with another idempotency token, not be refused (AWS answers a token
// reused with other input with a 400) or answered with the deleted object. Real engine against the emulator.
import { expect } from "chai";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createTestStack, type TestStack } from "../support/engine";
import { admin } from "../support/emulator";
import { duplicatesIn, settled } from "../support/reliability";

interface Edition {
  description: string;
  tags: Record<string, string>;
  macsec: "required" | "preferred";
}

describe("e2e: destroy, edit what a create sends, up again", function () {
  this.timeout(5 * 60_000);
  let emulator: RunningEmulator;
  let stack: TestStack;

  /** Stack config for one edition; a partner key works once, so each edition gets a new proposal from the portal. */
  async function configure(edition: Edition): Promise<{ partnerConnectionId: string }> {
    const proposal = await admin<{ activationKey: string; partnerConnectionId: string }>(
      emulator,
      "POST",
      "portal/proposals",
      { environment: "us-east-1:nyc", bandwidthGbps: 5, site: "nyc-hq" },
    );
    await stack.setConfig("partnerKey", proposal.activationKey, true);
    await stack.setConfig("description", edition.description);
    await stack.setConfig("tags", JSON.stringify(edition.tags));
    await stack.setConfig("macsec", edition.macsec);
    return proposal;
  }

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack("tests/e2e/programs/recreate", {
      stackName: `e2e-recreate-${process.pid}`,
      env: providerEnv(emulator),
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("creates a new object of each kind, and only those are left live", async () => {
    await configure({ description: "first", tags: { team: "net" }, macsec: "required" });
    const first = await stack.up();
    await stack.destroy();
    const afterDestroy = await settled(emulator);
    expect(afterDestroy.cloud.concat(afterDestroy.partner), "live after destroy").to.deep.equal([]);

    // Members each create sends that its token used to leave out: the key's and the accepter's description and tags
    // (tags re-ordered too), the Interconnect's MACsec mode.
    const proposal = await configure({
      description: "second",
      tags: { owner: "noc", team: "net" },
      macsec: "preferred",
    });
    const second = await stack.up();
    expect(second.changes.map((s) => s.op)).to.deep.equal(["create", "create", "create"]);
    for (const output of ["keyConnectionId", "interconnectId", "accepterConnectionId"]) {
      expect(second.outputs[output], `${output} is a new object`)
        .to.be.a("string")
        .and.not.equal(first.outputs[output]);
    }
    const live = await settled(emulator);
    expect(live.cloud.map((c) => c.id).sort(), "live cloud connections").to.deep.equal(
      [second.outputs.keyConnectionId, second.outputs.accepterConnectionId].sort(),
    );
    expect(live.partner.map((c) => c.id).sort(), "live partner connections").to.deep.equal(
      [second.outputs.interconnectId, proposal.partnerConnectionId].sort(),
    );
    expect(duplicatesIn(live)).to.deep.equal([]);
  });
});
