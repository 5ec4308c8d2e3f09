// Issue 12 on the real engine, with tests/e2e/programs/redundant-pair-upgrade (two keys, two Interconnects, a
// RedundantLinkGroup over them):
//   * preview tells the truth: a bandwidth change of one member previews exactly one update, and `up` makes one;
//   * state written by the previous release (each resource's `__provider` names
//     `pulumi-interconnect/dist/provider/<folder>/impl`) refreshes, updates and destroys with this release;
//   * endpoints changed in stack config are what refresh and destroy use.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { Deployment } from "@pulumi/pulumi/automation";
import { DEV_AWS_ACCESS_KEY_ID, DEV_AWS_SECRET_ACCESS_KEY, PARTNER_CUSTOMER_TOKEN } from "../../emulator/defaults";
import { providerEnv } from "../../emulator/provider-env";
import { startEmulator } from "../../emulator/server";
import { createTestStack, type TestStack } from "../support/engine";

const PROGRAM = "tests/e2e/programs/redundant-pair-upgrade";
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The folders whose stub the previous release (dfcb2b1) stored, by resource type. */
const LEGACY_FOLDER: Record<string, string> = {
  ActivationKey: "activation-key",
  Interconnect: "interconnect",
  RedundantLinkGroup: "redundant-link-group",
};
const legacyStub = (folder: string) =>
  `exports.handler = () => require("pulumi-interconnect/dist/provider/${folder}/impl").provider;\n`;

/** Rewrites every resource's `__provider` (inputs and outputs) to the previous release's stub, as its state had it. */
async function makeLegacy(stack: TestStack): Promise<Deployment> {
  const state = await stack.stack.exportStack();
  for (const resource of (state.deployment as { resources: Record<string, any>[] }).resources) {
    const folder = LEGACY_FOLDER[String(resource.type).split(":").pop()!];
    if (!folder || !String(resource.type).startsWith("pulumi-nodejs:dynamic/")) continue;
    for (const bag of [resource.inputs, resource.outputs]) if (bag?.__provider) bag.__provider = legacyStub(folder);
  }
  await stack.stack.importStack(state);
  return state;
}

async function storedStubs(stack: TestStack): Promise<string[]> {
  const state = await stack.stack.exportStack();
  return (state.deployment as { resources: Record<string, any>[] }).resources
    .filter((r) => String(r.type).startsWith("pulumi-nodejs:dynamic/"))
    .map((r) => String(r.outputs?.__provider));
}

describe("e2e: preview counts and state from the previous release (issue 12)", function () {
  this.timeout(5 * 60_000);
  let emulator: Emulator;
  let stack: TestStack;

  before(async () => {
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100 });
    stack = await createTestStack(PROGRAM, {
      stackName: `e2e-upgrade-${process.pid}`,
      env: providerEnv(emulator),
    });
    await stack.up();
  });

  after(async () => {
    try {
      await stack?.dispose();
    } finally {
      await emulator?.stop();
    }
  });

  it("a bandwidth change of one member previews exactly one update, and up performs exactly one", async () => {
    await stack.setConfig("primaryGbps", "25");
    const preview = await stack.preview();
    expect(preview.changes.map((c) => [c.op, c.urn.split("::").pop()])).to.deep.equal([["update", "primary"]]);
    const up = await stack.up();
    expect(up.changes.map((c) => [c.op, c.urn.split("::").pop()])).to.deep.equal([["update", "primary"]]);
    expect(up.outputs.bandwidths).to.deep.equal([25, 10]);
    // Progress lines name the resource by its Pulumi name and the engine files them under that resource's URN.
    const lines = up.events.map((e) => e.diagnosticEvent).filter((d) => d?.message.startsWith("[interconnect]"));
    expect(lines.map((d) => d!.message)).to.include.members([
      `[interconnect] ActivationKey primary (${(up.outputs.keyIds as string[])[0]}): bandwidthGbps 10 => 25: UpdateConnection\n`,
    ]);
    expect(lines.every((d) => d!.urn?.endsWith("::primary"))).to.equal(true);
  });

  it("state whose stubs name the previous release's dist paths refreshes, updates and destroys", async () => {
    // A fixture of the previous release's state: this release's outputs (the ActivationKey's are in the AWS API's
    // shape, which the previous release's REST cloud API did not have) with the previous release's `__provider`.
    await makeLegacy(stack);
    expect(await storedStubs(stack)).to.satisfy((stubs: string[]) => stubs.every((s) => s.includes("/dist/provider/")));

    const refreshed = await stack.refresh(); // read() through the legacy stubs
    expect(refreshed.changes.filter((c) => c.op !== "refresh")).to.deep.equal([]);

    await stack.setConfig("secondaryGbps", "25");
    const up = await stack.up(); // diff and update load the program's (new) stub; the rest stay as they were
    expect(up.changes.map((c) => [c.op, c.urn.split("::").pop()])).to.deep.equal([["update", "secondary"]]);
    expect(up.outputs.bandwidths).to.deep.equal([25, 25]);

    await makeLegacy(stack); // destroy every resource through the legacy stubs
    const destroyed = await stack.destroy();
    expect(destroyed.changes.filter((c) => c.op === "delete")).to.have.length(5);
    const res = await fetch(`${emulator.partnerUrl}/v1/connections`, {
      headers: { authorization: `Bearer ${PARTNER_CUSTOMER_TOKEN}` },
    });
    const live = ((await res.json()) as { connections: { state: string }[] }).connections.filter(
      (c) => c.state !== "deleted" && c.state !== "deleting",
    );
    expect(live).to.deep.equal([]);
  });
});

describe("e2e: endpoints changed in stack config reach refresh and destroy (issue 12)", function () {
  this.timeout(5 * 60_000);
  let dataDir: string;
  let emulator: Emulator | undefined;
  let stack: TestStack;

  /** Stack config pointing the provider at `e`; only credentials and the region come from the environment. */
  const pointAt = async (e: Emulator) => {
    await stack.setConfig("interconnect:cloudEndpoint", e.cloudUrl);
    await stack.setConfig("interconnect:partnerEndpoint", e.partnerUrl);
  };

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "interconnect-e2e-config-"));
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100, dataDir });
    stack = await createTestStack(PROGRAM, {
      stackName: `e2e-config-${process.pid}`,
      env: {
        AWS_REGION: emulator.region,
        AWS_ACCESS_KEY_ID: DEV_AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: DEV_AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: "",
      },
    });
    await stack.setConfig("interconnect:partnerToken", PARTNER_CUSTOMER_TOKEN, true);
    await pointAt(emulator);
    await stack.up();
  });

  after(async () => {
    try {
      await stack?.dispose();
    } finally {
      await emulator?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // Without --run-program the engine configures the provider with the config recorded at the last `up` (the default
  // provider's inputs in state): a plain `pulumi refresh` here retries the old port and fails. With it, the program
  // runs and the provider is configured with the stack config as it is now (README: Configuration).
  it("after the emulator moves and the config follows, refresh/destroy --run-program use the new endpoints", async () => {
    await emulator!.stop();
    emulator = undefined;
    emulator = await startEmulator({ port: 0, provisioningDelayMs: 100, dataDir });
    await pointAt(emulator);
    let stdout = "";
    const onOutput = (line: string) => (stdout += line);
    await stack.stack.refresh({ runProgram: true, onOutput });
    expect(stdout).not.to.match(/ECONNREFUSED/);
    const destroyed = await stack.stack.destroy({ runProgram: true, onOutput });
    expect(destroyed.summary.resourceChanges?.delete).to.equal(6); // 5 resources and the stack
    expect(stdout).not.to.match(/ECONNREFUSED/);
  });
});
