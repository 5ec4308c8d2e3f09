// Versions checked at preview, on the real engine: an activation key of a version this package does not read (a key a
// newer cloud API issued, passed in as text, as a portal partner's key or another team's stack output is) is refused
// by `pulumi preview` with the version seen, the versions supported and the upgrade, before any API call.
import { expect } from "chai";
import { startEmulator, type RunningEmulator } from "../../emulator/server";
import { createTestStack, type TestStack } from "../support/engine";
import { adminStats, providerEnv } from "../support/emulator";
import { encodeKey } from "../support/fixtures";

describe("e2e versions checked at preview: an activation key of an unsupported version", function () {
  this.timeout(3 * 60_000);
  let emulator: RunningEmulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startEmulator({ port: 0 });
    stack = await createTestStack("tests/e2e/programs/invalid-args", {
      stackName: `e2e-key-version-${process.pid}`,
      env: providerEnv(emulator),
    });
  });

  after(async () => {
    await stack?.dispose().catch(() => undefined);
    await emulator?.stop();
  });

  it("is refused by pulumi preview with the version seen, the versions supported and the upgrade; 0 API calls", async () => {
    const key = encodeKey(10, undefined, 2);
    await stack.setConfig(
      "cases",
      JSON.stringify([{ kind: "Interconnect", args: { activationKey: key, site: "nyc-hq" } }]),
    );
    let output = "";
    const failed = await stack.stack.preview({ onOutput: (text) => (output += text) }).then(
      () => false,
      (e: Error) => ((output += `\n${e.message}`), true),
    );
    expect(failed, output).to.equal(true);
    expect(output).to.match(
      /property activationKey value .* has a problem: activationKey: key version 2 is not supported/,
    );
    expect(output).to.contain("this package reads version 1").and.contain("upgrade pulumi-interconnect");
    expect(output, "the key itself is never echoed").to.not.contain(key);
    const stats = await adminStats(emulator);
    expect(stats.total, `API calls during preview: ${JSON.stringify(stats.byOperation)}`).to.equal(0);
  });
});
