// examples/cross-team on the real engine: the cloud team's stack exports the activation key as a secret, the
// network team's stack reads it through a StackReference (both stacks in one file backend, so the reference
// resolves as organization/<project>/<stack>) and accepts it. The key never appears in plaintext in the network
// team's state or outputs.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { createTestStack, readAllFiles, TestStack } from "../../support/engine";
import { providerEnv, emulatorRecords, type Emulator, startTestEmulator } from "../../support/emulator";

describe("examples/cross-team (StackReference between two stacks)", function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator;
  let backendDir: string;
  let cloudTeam: TestStack;
  let networkTeam: TestStack;
  let plaintextKey: string;
  let partnerConnectionId: string;
  const cloudStackName = `e2e-cloud-${process.pid}`;

  before(async () => {
    emulator = await startTestEmulator();
    backendDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-cross-team-"));
    const env = providerEnv(emulator);
    cloudTeam = await createTestStack("examples/cross-team/cloud-team", { stackName: cloudStackName, env, backendDir });
    networkTeam = await createTestStack("examples/cross-team/network-team", {
      stackName: `e2e-network-${process.pid}`,
      env,
      backendDir,
    });
  });
  after(async () => {
    // The network team first: its Interconnect holds the key the cloud team's connection issued.
    try {
      await networkTeam?.dispose();
      await cloudTeam?.dispose();
    } finally {
      if (backendDir) fs.rmSync(backendDir, { recursive: true, force: true });
      await emulator?.stop();
    }
  });

  it("cloud team: up creates the ActivationKey and exports the key as a secret", async () => {
    const res = await cloudTeam.up();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op])).to.deep.equal([["ActivationKey", "create"]]);
    const outputs = await cloudTeam.stack.outputs();
    expect(outputs.key.secret, "key is a secret output").to.equal(true);
    expect(outputs.connectionId.secret).to.equal(false);
    plaintextKey = outputs.key.value;
    expect(plaintextKey).to.be.a("string").with.length.above(20);
    expect(readAllFiles(backendDir)).not.to.contain(plaintextKey);
  });

  it("network team: up reads the key through organization/<project>/<stack> and creates the Interconnect", async () => {
    await networkTeam.setConfig("cloudStack", `organization/interconnect-cloud-team/${cloudStackName}`);
    const res = await networkTeam.up();
    expect(res.changes.map((s) => [s.type.split(":").pop(), s.op])).to.deep.equal([
      ["StackReference", "read"],
      ["Interconnect", "create"],
    ]);
    expect(res.outputs).to.include({ state: "available", verificationState: "VERIFIED", bandwidthGbps: 10 });
    const cloudOutputs = await cloudTeam.stack.outputs();
    expect(res.outputs.cloudConnectionId).to.equal(cloudOutputs.connectionId.value);
    partnerConnectionId = res.outputs.partnerConnectionId as string;
    const records = await emulatorRecords(emulator, {
      partner: partnerConnectionId,
      cloud: cloudOutputs.connectionId.value,
    });
    expect(records.partner?.state).to.equal("available");
    expect(records.cloud?.deletedAt).to.equal(undefined);
  });

  it("the key stays secret in the network team's outputs and state", async () => {
    const outputs = await networkTeam.stack.outputs();
    expect(JSON.stringify(outputs)).not.to.contain(plaintextKey);
    // The checkpoint as stored in the file backend (`stack export` would decrypt it).
    const checkpointFile = path.join(
      backendDir,
      ".pulumi",
      "stacks",
      "interconnect-network-team",
      `${networkTeam.stack.name}.json`,
    );
    const checkpoint = fs.readFileSync(checkpointFile, "utf8");
    const { resources } = JSON.parse(checkpoint).checkpoint.latest as {
      resources: { type: string; inputs?: Record<string, any>; outputs?: Record<string, any> }[];
    };
    const isEncryptedSecret = (v: any) =>
      v?.["4dabf18193072939515e22adb298388d"] === "1b47061264138c4ac30d75fd1eb44270" &&
      typeof v.ciphertext === "string";
    const ref = resources.find((r) => r.type === "pulumi:pulumi:StackReference")!;
    expect(ref.outputs?.outputs?.key, "the StackReference's copy of the key").to.satisfy(isEncryptedSecret);
    expect(ref.outputs?.secretOutputNames).to.deep.equal(["key"]);
    const ic = resources.find((r) => r.type.endsWith(":Interconnect"))!;
    expect(ic.inputs?.activationKey, "Interconnect input").to.satisfy(isEncryptedSecret);
    expect(ic.outputs?.activationKey, "Interconnect output").to.satisfy(isEncryptedSecret);
    expect(checkpoint).not.to.contain(plaintextKey);
    expect(readAllFiles(backendDir), "no plaintext key anywhere in the shared backend").not.to.contain(plaintextKey);
  });

  it("destroy: network team first, then cloud team", async () => {
    const network = await networkTeam.destroy();
    expect(network.changes.map((s) => s.type.split(":").pop()).sort()).to.deep.equal([
      "Interconnect",
      "StackReference",
    ]);
    const cloud = await cloudTeam.destroy();
    expect(cloud.changes.map((s) => [s.type.split(":").pop(), s.op])).to.deep.equal([["ActivationKey", "delete"]]);
    const partner = (await emulatorRecords(emulator, { partner: partnerConnectionId })).partner;
    if (partner) expect(partner.state).to.equal("deleted");
  });
});
