// examples/yaml, examples/python and examples/go on the real engine through the provider plugin against the emulator,
// all through the same checks (bad tier, create, secrets, resize, destroy); what differs by language (how imported
// resources join the program; Go has no import check) is in the LANGUAGES table.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { runCli, scanForSecrets } from "../support/reliability";
import { adminStats } from "../support/emulator";
import {
  activationKeyHits,
  callsOf,
  connectionOutsideTheStack,
  expectBadTierRefused,
  expectNothingLive,
  importOutside,
  languageStack,
  liveActivationKeys,
  previewRun,
  previewSteps,
  QUICKSTART,
  RESIZE_PREVIEW,
  RESIZE_SUMMARY,
  resetStats,
  type LanguageStack,
} from "../support/languages";

type Ids = { keyId: string; partnerId: string };

interface LanguageCase {
  language: "yaml" | "python" | "go";
  host: string;
  /**
   * `pulumi import` of a key and an Interconnect made outside the stack, then the program made to declare them (so
   * the next preview is clean); absent where the language is not asked to import (Go).
   */
  importAndDeclare?: (ls: LanguageStack, ids: Ids) => Promise<void>;
}

/** YAML: the code pulumi import generates, added as generated but for the key's value, taken from the imported key. */
async function importIntoYaml(ls: LanguageStack, ids: Ids): Promise<void> {
  const generated = await importOutside(ls, ids);
  // pulumi import writes the key's value inline (in plaintext); the program takes it from the imported ActivationKey.
  expect(generated).to.match(/^resources:\n {2}importedKey:\n {4}type: interconnect:ActivationKey\n/);
  expect(generated).to.match(/\n {2}imported:\n {4}type: interconnect:Interconnect\n/);
  const declared = generated
    .replace(/^resources:\n/, "")
    .replace(/^(\s+activationKey:) \S+$/m, "$1 ${importedKey.activationKey}");
  expect(declared).to.contain("activationKey: ${importedKey.activationKey}");
  const project = path.join(ls.dir, "Pulumi.yaml");
  fs.writeFileSync(project, fs.readFileSync(project, "utf8").replace("\noutputs:\n", `\n${declared}outputs:\n`));
}

/**
 * Python: the host (v3.68) cannot generate code for an import ("GenerateProgram not implemented"), so the program
 * declares what AWS and the partner report, as pulumi import generates it for YAML, the key from the imported key.
 */
async function importIntoPython(ls: LanguageStack, ids: Ids): Promise<void> {
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
}

const LANGUAGES: LanguageCase[] = [
  { language: "yaml", host: "pulumi-language-yaml", importAndDeclare: importIntoYaml },
  { language: "python", host: "pulumi-language-python, SDK pip-installed", importAndDeclare: importIntoPython },
  // The Go host builds the program on every run; the SDK comes through go.mod's replace.
  { language: "go", host: "pulumi-language-go, SDK by go.mod replace" },
];

for (const { language, host, importAndDeclare } of LANGUAGES) {
  describe(`examples/${language} on the provider plugin (${host})`, function () {
    this.timeout(10 * 60_000);
    let ls: LanguageStack;

    before(async () => {
      ls = await languageStack(language);
    });
    after(async () => ls?.dispose());

    it("refuses bandwidthGbps 3 at preview with the TypeScript message, 0 API calls", async () => {
      await expectBadTierRefused(ls);
    });

    it("previews 6 to create, then up creates them in a compliant group, its survival report typed", async () => {
      await resetStats(ls.emulator);
      const steps = await previewSteps(ls.stack);
      // The CLI's "+ 6 to create": the stack, 2 keys, 2 Interconnects and the group; previewed with no API call.
      expect(steps.map((s) => [s.type, s.name, s.op])).to.deep.equal(QUICKSTART.map((r) => [...r, "create"]));
      expect((await adminStats(ls.emulator)).total, "API calls at the emulator").to.equal(0);
      const up = await runCli(ls.stack, ["up", "--yes", "--skip-preview"]);
      expect(up.stdout).to.match(/\+ 6 created/);
      const outputs = JSON.parse((await runCli(ls.stack, ["stack", "output", "--json"])).stdout) as Record<
        string,
        unknown
      >;
      expect(outputs.compliant).to.equal(true);
      // A typed output (the SDKs' Survival): one boolean per dimension, conduit (the policy's) true.
      const survival = outputs.survivesSingleFailure as Record<string, unknown>;
      expect(survival).to.include({ conduit: true });
      expect(Object.values(survival).every((v) => typeof v === "boolean")).to.equal(true);
    });

    it("keeps the activation keys secret: 0 plaintext hits in pulumi stack export", async () => {
      expect(await activationKeyHits(ls)).to.deep.equal({ keys: 2, decrypted: 2, hits: 0 });
    });

    it("bandwidth 10 → 25 previews an update of each key, the rest the same; up performs exactly those", async () => {
      await runCli(ls.stack, ["config", "set", "bandwidthGbps", "25"]);
      await resetStats(ls.emulator);
      const { steps, summary, json } = await previewRun(ls.stack);
      expect((await adminStats(ls.emulator)).total, "API calls at the emulator").to.equal(0);
      const changes = steps.filter((s) => s.op !== "same");
      expect(changes.map((s) => [s.type, s.name, s.op, s.diffs])).to.deep.equal(RESIZE_PREVIEW);
      // The Interconnects (their key known in the preview), the group and the stack: the same.
      expect(summary).to.deep.equal(RESIZE_SUMMARY);
      const keys = await liveActivationKeys(ls.emulator);
      expect(keys).to.have.length(2);
      expect(scanForSecrets({ "preview --json": json }, keys), "plaintext keys in the preview").to.deep.equal([]);
      await resetStats(ls.emulator);
      const up = await runCli(ls.stack, ["up", "--yes", "--skip-preview"]);
      expect(up.stdout).to.match(/~ 2 updated/);
      const stats = await adminStats(ls.emulator);
      expect(
        ["cloud.UpdateConnection", "cloud.CreateConnection", "cloud.DeleteConnection"].map((op) => callsOf(stats, op)),
      ).to.deep.equal([2, 0, 0]);
    });

    if (importAndDeclare)
      it("imports a key (lmcc- id) and an Interconnect (partner id) made outside the stack; the next preview is clean", async () => {
        await importAndDeclare(ls, await connectionOutsideTheStack(ls.emulator));
        await runCli(ls.stack, ["preview", "--expect-no-changes"]);
      });

    it("destroy leaves no connection at the emulator", async () => {
      const run = await runCli(ls.stack, ["destroy", "--yes", "--skip-preview"]);
      // The quick start's 6, and the 2 imported where the language imports.
      expect(run.stdout).to.match(importAndDeclare ? /- 8 deleted/ : /- 6 deleted/);
      await expectNothingLive(ls.emulator);
    });
  });
}
