// The committed JSON in schema/ is what `npm run schema` generates now: resource argument schemas (from the zod
// schemas the providers' check uses) and the emulator's OpenAPI document. Regenerated in memory and compared.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { generateSchemas } from "../../scripts/generate-schema";

const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schema");

const SCHEMA_FILES = [
  "activation-key.args.json",
  "connection-proposal-accepter.args.json",
  "interconnect.args.json",
  "openapi.json",
  "redundant-link-group.args.json",
];

describe("schema/*.json are fresh", () => {
  let generated: Record<string, string>;
  before(async () => {
    generated = await generateSchemas();
  });

  it("generates the argument schemas of every resource and the OpenAPI document", () => {
    expect(Object.keys(generated).sort()).to.deep.equal(SCHEMA_FILES);
  });

  it("has no committed JSON file the generator no longer writes", () => {
    const committed = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".json"));
    expect(committed.sort()).to.deep.equal(Object.keys(generated).sort());
  });

  for (const file of SCHEMA_FILES) {
    it(`schema/${file} matches the generator (else run \`npm run schema\` and commit)`, () => {
      const target = path.join(SCHEMA_DIR, file);
      expect(fs.existsSync(target), `schema/${file} is missing; run \`npm run schema\``).to.equal(true);
      const committed = fs.readFileSync(target, "utf8");
      // Compare parsed first for a readable diff, then byte for byte (formatting is part of the file).
      expect(JSON.parse(committed), `schema/${file} is stale; run \`npm run schema\``).to.deep.equal(
        JSON.parse(generated[file]),
      );
      expect(committed === generated[file], `schema/${file} is formatted differently; run \`npm run schema\``).to.equal(
        true,
      );
    });
  }
});
