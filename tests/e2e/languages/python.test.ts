// examples/python on the real engine (pulumi-language-python, the generated SDK pulumi_interconnect pip-installed)
// through the provider plugin, against the emulator: a bad tier refused at preview with 0 API calls, 6 to create, the
// activation keys secret in state, 10 → 25 Gbps as one in-place update per key, `pulumi import` of a key and an
// Interconnect made outside the stack, destroy.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runCli } from "../../support/reliability";
import { adminStats } from "../../support/emulator";
import {
  activationKeyHits,
  callsOf,
  connectionOutsideTheStack,
  expectBadTierRefused,
  expectNothingLive,
  importOutside,
  languageStack,
  previewSteps,
  QUICKSTART,
  RESIZE_PREVIEW,
  resetStats,
  type LanguageStack,
} from "../../support/languages";

describe("examples/python on the provider plugin", function () {
  this.timeout(10 * 60_000);
  let ls: LanguageStack;

  before(async () => {
    ls = await languageStack("python");
  });
  after(async () => ls?.dispose());

  it("refuses bandwidthGbps 3 at preview with the TypeScript message, 0 API calls", async () => {
    await expectBadTierRefused(ls);
  });

  it("previews 6 to create, then up creates them in a compliant group", async () => {
    const steps = await previewSteps(ls.stack);
    // The CLI's "+ 6 to create": the stack, 2 keys, 2 Interconnects and the group.
    expect(steps.map((s) => [s.type, s.name, s.op])).to.deep.equal(QUICKSTART.map((r) => [...r, "create"]));
    const up = await runCli(ls.stack, ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).to.match(/\+ 6 created/);
    const outputs = JSON.parse((await runCli(ls.stack, ["stack", "output", "--json"])).stdout) as Record<
      string,
      unknown
    >;
    expect(outputs.compliant).to.equal(true);
  });

  it("keeps the activation keys secret: 0 plaintext hits in pulumi stack export", async () => {
    expect(await activationKeyHits(ls)).to.deep.equal({ keys: 2, decrypted: 2, hits: 0 });
  });

  it("bandwidth 10 → 25 previews an in-place update of each key; up performs exactly those", async () => {
    await runCli(ls.stack, ["config", "set", "bandwidthGbps", "25"]);
    const changes = (await previewSteps(ls.stack)).filter((s) => s.op !== "same");
    expect(changes.map((s) => [s.type, s.name, s.op, s.diffs])).to.deep.equal(RESIZE_PREVIEW);
    await resetStats(ls.emulator);
    const up = await runCli(ls.stack, ["up", "--yes", "--skip-preview"]);
    expect(up.stdout).to.match(/~ 2 updated/);
    const stats = await adminStats(ls.emulator);
    expect(
      ["cloud.UpdateConnection", "cloud.CreateConnection", "cloud.DeleteConnection"].map((op) => callsOf(stats, op)),
    ).to.deep.equal([2, 0, 0]);
  });

  it("imports a key (lmcc- id) and an Interconnect (partner id) made outside the stack; the next preview is clean", async () => {
    const ids = await connectionOutsideTheStack(ls.emulator);
    // The Python host (v3.68) cannot generate code for an import ("GenerateProgram not implemented"): the program
    // declares what AWS and the partner report, as pulumi import generates it for YAML (yaml.test.ts), the key's
    // value taken from the imported ActivationKey.
    expect(await importOutside(ls, ids, { generateCode: false })).to.equal("");
    const declared = [
      "",
      "imported_key = interconnect.ActivationKey(",
      '    "importedKey",',
      '    environment_id="us-east-1:nyc",',
      "    bandwidth_gbps=10,",
      '    attach_point="5f0e5c1a-7d0e-4c6b-9a57-0c3d2b1a4e01",',
      `    description="Last mile connection ${ids.keyId}",`,
      '    wait_for="requested",',
      ")",
      "imported = interconnect.Interconnect(",
      '    "imported",',
      "    activation_key=imported_key.activation_key,",
      '    site="nyc-hq",',
      '    macsec="required",',
      '    wait_for="verified",',
      ")",
      "",
    ].join("\n");
    fs.appendFileSync(path.join(ls.dir, "__main__.py"), declared);
    await runCli(ls.stack, ["preview", "--expect-no-changes"]);
  });

  it("destroy leaves no connection at the emulator", async () => {
    const run = await runCli(ls.stack, ["destroy", "--yes", "--skip-preview"]);
    expect(run.stdout).to.match(/- 8 deleted/);
    await expectNothingLive(ls.emulator);
  });
});
