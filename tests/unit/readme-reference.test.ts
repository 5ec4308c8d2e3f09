// The README's "Resource reference" tables cannot drift: their arguments (name, required, default) match the JSON
// Schema generated from the zod schemas the providers' check uses (scripts/generate-schema.ts), the resources' Args
// interfaces declare the same arguments, and the outputs tables list exactly the outputs the classes declare.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { argumentsSchema, RESOURCE_SCHEMA_SOURCES } from "../../scripts/generate-schema";

const ROOT = path.resolve(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const RESOURCE_DIRS = {
  ActivationKey: "activation-key",
  ConnectionProposalAccepter: "connection-proposal-accepter",
  Interconnect: "interconnect",
  RedundantLinkGroup: "redundant-link-group",
} as const;

type JsonSchema = { properties: Record<string, JsonSchema & { default?: unknown }>; required?: string[] };

interface Row {
  name: string;
  cells: string[];
}

/** The text of a `## ` section (to the next `## `). */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The text of a `### ` subsection. */
function subsection(text: string, heading: string): string {
  const start = text.indexOf(`\n### ${heading}\n`);
  if (start < 0) throw new Error(`README "Resource reference" has no "### ${heading}"`);
  const end = text.indexOf("\n### ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Rows of the table whose first header cell is `firstHeader`; names are the first cell without backticks. */
function table(text: string, firstHeader: string): Row[] {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => line.startsWith(`| ${firstHeader} |`));
  if (header < 0) throw new Error(`no table with a "${firstHeader}" column`);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    // Split on pipes that are not escaped (\|) in the markdown.
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.push({ name: cells[0].replace(/`/g, ""), cells });
  }
  return rows;
}

/** "`\"required\"`" → "required"; "—" → undefined. */
function parseDefault(cell: string): unknown {
  if (cell === "—") return undefined;
  return JSON.parse(cell.replace(/^`|`$/g, ""));
}

function expectArgumentsTable(rows: Row[], schema: JsonSchema, what: string): void {
  expect(
    rows.map((r) => r.name),
    `${what}: arguments (in schema order)`,
  ).to.deep.equal(Object.keys(schema.properties));
  for (const row of rows) {
    const [, , required, defaultCell] = row.cells;
    const property = schema.properties[row.name];
    expect(required, `${what}.${row.name}: required`).to.equal(
      (schema.required ?? []).includes(row.name) ? "yes" : "no",
    );
    expect(parseDefault(defaultCell), `${what}.${row.name}: default`).to.deep.equal(property.default);
  }
}

const sourceOf = (resource: keyof typeof RESOURCE_DIRS) =>
  fs.readFileSync(path.join(ROOT, "provider", RESOURCE_DIRS[resource], "index.ts"), "utf8");

/** Members of `export interface <name> { … }`: name → optional. */
function interfaceMembers(source: string, name: string): Map<string, boolean> {
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(source)?.[1];
  if (!body) throw new Error(`interface ${name} not found`);
  return new Map([...body.matchAll(/^ {2}(\w+)(\?)?:/gm)].map((m) => [m[1], m[2] === "?"]));
}

/** Outputs the class declares: `declare public readonly <name>:`. */
const declaredOutputs = (source: string) => [...source.matchAll(/declare public readonly (\w+):/g)].map((m) => m[1]);

describe("README resource reference matches the code", () => {
  const reference = section(README, "Resource reference");

  for (const source of RESOURCE_SCHEMA_SOURCES) {
    describe(source.resource, () => {
      let schema: JsonSchema;
      const text = subsection(reference, source.resource);
      before(async () => {
        schema = (await argumentsSchema(source)) as unknown as JsonSchema;
      });

      it("arguments table: names, required and defaults as the provider's check", () => {
        expectArgumentsTable(table(text, "argument"), schema, source.resource);
      });

      it(`${source.resource}Args declares the same arguments, optional exactly where not required`, () => {
        const members = interfaceMembers(sourceOf(source.resource), `${source.resource}Args`);
        expect([...members.keys()].sort()).to.deep.equal(Object.keys(schema.properties).sort());
        for (const [name, optional] of members) {
          expect(optional, `${source.resource}Args.${name} optional`).to.equal(!(schema.required ?? []).includes(name));
        }
      });

      it("outputs table: exactly the declared outputs", () => {
        expect(table(text, "output").map((r) => r.name)).to.deep.equal(declaredOutputs(sourceOf(source.resource)));
      });

      if (source.resource === "RedundantLinkGroup") {
        it("policy table: the DiversityPolicy fields, required and defaults", () => {
          expectArgumentsTable(table(text, "policy field"), schema.properties.policy, "policy");
        });
      }
    });
  }
});
