// Everything `npm run schema` derives from the schemas is committed as the generator writes it now: the resources'
// argument JSON Schemas, the emulator's OpenAPI document, the public TypeScript types and the README's reference
// tables. Regenerated in memory and compared byte for byte; a stale file names the command that fixes it.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { generateAll, RESOURCE_SCHEMAS as RESOURCES, ROOT } from "../../scripts/generate-schema";
import { REFERENCE_BEGIN, REFERENCE_END } from "../../scripts/reference";
import { INTERNAL_INPUTS } from "../../provider/common/schema-docs";

const GENERATED = [
  "README.md",
  "provider/generated/resource-fields.ts",
  "provider/generated/types.ts",
  "schema/activation-key.args.json",
  "schema/connection-proposal-accepter.args.json",
  "schema/interconnect.args.json",
  "schema/openapi.json",
  "schema/pulumi-package.json",
  "schema/redundant-link-group.args.json",
];

describe("generated from the schemas, and fresh", () => {
  let generated: Record<string, string>;
  before(async () => {
    generated = await generateAll();
  });

  it("generates the argument schemas, the OpenAPI document, the public types and the README reference", () => {
    expect(Object.keys(generated).sort()).to.deep.equal(GENERATED);
  });

  it("leaves no JSON file in schema/ that the generator no longer writes", () => {
    const committed = fs.readdirSync(path.join(ROOT, "schema")).filter((f) => f.endsWith(".json"));
    expect(committed.map((f) => `schema/${f}`).sort()).to.deep.equal(GENERATED.filter((f) => f.endsWith(".json")));
  });

  for (const file of GENERATED) {
    it(`${file} is what the generator writes (else run \`npm run schema\` and commit)`, () => {
      const committed = fs.readFileSync(path.join(ROOT, file), "utf8");
      if (file.endsWith(".json")) {
        // Parsed first, for a readable diff.
        expect(JSON.parse(committed), `${file} is stale`).to.deep.equal(JSON.parse(generated[file]));
      }
      expect(committed === generated[file], `${file} is stale; run \`npm run schema\``).to.equal(true);
    });
  }

  it("the README reference sits between its markers and names every resource", () => {
    const readme = generated["README.md"];
    const reference = readme.slice(readme.indexOf(REFERENCE_BEGIN), readme.indexOf(REFERENCE_END));
    for (const resource of RESOURCES) expect(reference).to.include(`\n### ${resource.type}\n`);
  });

  for (const resource of RESOURCES) {
    it(`${resource.type}: each argument has exactly one change rule and a description`, () => {
      const rules = [...resource.changes.replace, ...resource.changes.update, ...resource.changes.providerOnly];
      const args = Object.keys(resource.inputs.shape).filter(
        (key) => !(INTERNAL_INPUTS as readonly string[]).includes(key),
      );
      expect([...rules].sort()).to.deep.equal([...args].sort());
      for (const [name, field] of Object.entries(resource.inputs.shape)) {
        if ((INTERNAL_INPUTS as readonly string[]).includes(name)) continue;
        expect((field as { description?: string }).description, `${resource.type}.${name}`).to.be.a("string");
      }
      for (const [name, field] of Object.entries(resource.outputs.shape)) {
        expect((field as { description?: string }).description, `${resource.type} output ${name}`).to.be.a("string");
      }
    });
  }
});
