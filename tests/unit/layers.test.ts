// The layers depend one way: schema/ on nothing of ours; provider/ and emulator/ on schema/ only (not on each other);
// nothing shipped on tests/, bench/, examples/ or scripts/. Checked on the import specifiers of every .ts file.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SHIPPED = ["schema", "provider", "emulator"] as const;
const NOT_SHIPPED = ["tests", "bench", "examples", "scripts"];

/** Which top-level folders each shipped layer may not import from. */
const FORBIDDEN: Record<(typeof SHIPPED)[number], string[]> = {
  schema: ["provider", "emulator", ...NOT_SHIPPED],
  provider: ["emulator", ...NOT_SHIPPED],
  emulator: ["provider", ...NOT_SHIPPED],
};

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Relative specifiers of import/export-from statements, dynamic imports and require() calls. */
function relativeImports(source: string): string[] {
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** "provider", "tests", ...: the repository's top-level folder an import from `file` lands in. */
function topLevelOf(file: string, specifier: string): string {
  return path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
}

function violations(): string[] {
  return SHIPPED.flatMap((layer) =>
    tsFiles(path.join(ROOT, layer)).flatMap((file) => {
      const rel = path.relative(ROOT, file).split(path.sep).join("/");
      return relativeImports(fs.readFileSync(file, "utf8"))
        .map((specifier) => ({ specifier, target: topLevelOf(file, specifier) }))
        .filter(({ target }) => FORBIDDEN[layer].includes(target))
        .map(({ specifier, target }) => `${rel} imports ${specifier} (${layer}/ must not depend on ${target}/)`);
    }),
  );
}

describe("layers", () => {
  it("finds the imports it checks", () => {
    expect(
      relativeImports(`import { a } from "../x";\nexport * from "./y";\nconst z = require("../../z");`),
    ).to.deep.equal(["../x", "./y", "../../z"]);
  });

  it("schema/, provider/ and emulator/ import only what their layer may", () => {
    expect(violations()).to.deep.equal([]);
  });
});
