// examples/yaml on the real engine (pulumi-language-yaml) through the provider plugin, against the emulator: a bad
// tier refused at preview with 0 API calls, 6 to create, the activation keys secret in state, 10 → 25 Gbps as one
// in-place update per key, `pulumi import` of a key and an Interconnect made outside the stack, destroy.
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

describe("examples/yaml on the provider plugin", function () {
  this.timeout(10 * 60_000);
  let ls: LanguageStack;

  before(async () => {
    ls = await languageStack("yaml");
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
    const generated = await importOutside(ls, ids);
    // The generated declarations, added to the program as generated, but for the key: pulumi import writes its value
    // inline (in plaintext); the program takes it from the imported ActivationKey, as the example does.
    expect(generated).to.match(/^resources:\n {2}importedKey:\n {4}type: interconnect:ActivationKey\n/);
    expect(generated).to.match(/\n {2}imported:\n {4}type: interconnect:Interconnect\n/);
    const declared = generated
      .replace(/^resources:\n/, "")
      .replace(/^(\s+activationKey:) \S+$/m, "$1 ${importedKey.activationKey}");
    expect(declared).to.contain("activationKey: ${importedKey.activationKey}");
    const project = path.join(ls.dir, "Pulumi.yaml");
    fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace("\noutputs:\n", `\n${declared}outputs:\n`));
    await runCli(ls.stack, ["preview", "--expect-no-changes"]);
  });

  it("destroy leaves no connection at the emulator", async () => {
    const run = await runCli(ls.stack, ["destroy", "--yes", "--skip-preview"]);
    expect(run.stdout).to.match(/- 8 deleted/);
    await expectNothingLive(ls.emulator);
  });
});
