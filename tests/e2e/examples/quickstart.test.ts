// examples/quickstart on the real engine against the emulator: up creates the key and the interconnect, the outputs
// show a verified 10 Gbps connection with its links, destroy removes both.
import { expect } from "chai";
import { createTestStack, TestStack } from "../../support/engine";
import { providerEnv, emulatorRecords, type Emulator, startTestEmulator } from "../../support/emulator";

describe("examples/quickstart", function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator;
  let stack: TestStack;
  let outputs: Record<string, any>;

  before(async () => {
    emulator = await startTestEmulator();
    stack = await createTestStack("examples/quickstart", {
      stackName: `e2e-quickstart-${process.pid}`,
      env: providerEnv(emulator),
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.stop();
  });

  it("up creates an ActivationKey and an Interconnect and exports a verified 10 Gbps connection", async () => {
    const res = await stack.up();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op])).to.deep.equal([
      ["ActivationKey", "create"],
      ["Interconnect", "create"],
    ]);
    const o = (outputs = res.outputs as Record<string, any>);
    expect(o.cloudConnectionId).to.be.a("string").and.not.be.empty;
    expect(o.partnerConnectionId).to.be.a("string").and.not.be.empty;
    expect(o.bandwidthGbps).to.equal(10);
    expect(o.state).to.equal("available");
    expect(o.verificationState).to.equal("VERIFIED");
    expect(o.links).to.have.length(4);
    for (const link of o.links) {
      expect(link.vlan).to.be.within(1025, 4094);
      expect(link.ipv4Subnet).to.match(/^169\.254\.\d+\.\d+\/(30|29)$/);
      expect(link.macsecActive).to.equal(true);
    }
  });

  it("destroy removes both", async () => {
    const res = await stack.destroy();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op])).to.have.deep.members([
      ["ActivationKey", "delete"],
      ["Interconnect", "delete"],
    ]);
    const records = await emulatorRecords(emulator, {
      partner: outputs.partnerConnectionId,
      cloud: outputs.cloudConnectionId,
    });
    if (records.partner) expect(records.partner.state).to.equal("deleted");
    expect(records.cloud?.deletedAt, "the cloud connection is deleted").to.be.a("number");
  });
});
