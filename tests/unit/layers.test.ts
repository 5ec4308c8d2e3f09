// The layers depend one way: schema/ on nothing of ours; provider/ and emulator/ on schema/ only (not on each other);
// nothing shipped on tests/, bench/, examples/, scripts/ or toolchain/. Inside emulator/, its folders depend one way
// too (the code map in emulator/README.md); inside provider/: no import circle, the clients below common/, diversity/
// reached through its index.ts, and the plugin (provider/plugin/) on top. Checked on the import specifiers of every .ts
// file. And one place per kind of file: test helpers in tests/support/, code generation in scripts/, the engine's
// tools in toolchain/, the policy pack alone in policy/, and bench/ using only its kit of tests/support/ (BENCH_KIT).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SHIPPED = ["schema", "provider", "emulator"] as const;
const NOT_SHIPPED = ["tests", "bench", "examples", "scripts", "toolchain"];

/** Which top-level folders each shipped layer may not import from. */
const FORBIDDEN: Record<(typeof SHIPPED)[number], string[]> = {
  schema: ["provider", "emulator", ...NOT_SHIPPED],
  provider: ["emulator", ...NOT_SHIPPED],
  emulator: ["provider", ...NOT_SHIPPED],
};

/**
 * Inside emulator/: the folders each folder may import. world/ and state/ are the bottom; cloud/ and partner/ never
 * import each other (the cloud learns the partner side through the PartnerSignals port that server.ts wires); of the
 * top-level files, a folder may import only defaults.ts. server.ts and the other top-level files wire the folders.
 */
const EMULATOR_FOLDERS: Record<string, string[]> = {
  world: ["state"],
  state: ["world"],
  http: ["state"],
  coordinator: ["world", "state", "http"],
  cloud: ["coordinator", "world", "state", "http"],
  partner: ["coordinator", "world", "state", "http"],
  admin: ["cloud", "partner", "coordinator", "world", "state", "http"],
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

/** "cloud", "state", ..., or "defaults.ts" for a top-level file: where under emulator/ a file or an import lands. */
function emulatorPartOf(target: string): string | undefined {
  const parts = path.relative(path.join(ROOT, "emulator"), target).split(path.sep);
  if (parts[0] === ".." || parts[0] === "") return undefined;
  return parts.length === 1 ? `${parts[0].replace(/\.ts$/, "")}.ts` : parts[0];
}

function emulatorViolations(): string[] {
  return tsFiles(path.join(ROOT, "emulator")).flatMap((file) => {
    const folder = emulatorPartOf(file)!;
    if (folder.endsWith(".ts")) return [];
    const allowed = EMULATOR_FOLDERS[folder];
    if (!allowed) return [`emulator/${folder}/ is not in the code map (EMULATOR_FOLDERS)`];
    return relativeImports(fs.readFileSync(file, "utf8"))
      .map((specifier) => ({ specifier, part: emulatorPartOf(path.resolve(path.dirname(file), specifier)) }))
      .filter(({ part }) => part !== undefined && part !== folder && part !== "defaults.ts" && !allowed.includes(part))
      .map(
        ({ specifier, part }) =>
          `${path.relative(ROOT, file)} imports ${specifier} (${folder}/ must not depend on ${part})`,
      );
  });
}

/** The .ts file a relative specifier of `file` names (`x.ts` or `x/index.ts`), if it exists. */
function resolveImport(file: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(file), specifier);
  return [`${target}.ts`, path.join(target, "index.ts"), target].find((f) => f.endsWith(".ts") && fs.existsSync(f));
}

/** The files of `dir` each file of `dir` imports (type imports included), as paths relative to the repository. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
  for (const file of tsFiles(path.join(ROOT, dir))) {
    const targets = relativeImports(fs.readFileSync(file, "utf8"))
      .map((specifier) => resolveImport(file, specifier))
      .filter((target): target is string => target !== undefined && rel(target).startsWith(`${dir}/`));
    graph.set(rel(file), [...new Set(targets.map(rel))]);
  }
  return graph;
}

/** The import circles of a graph: its strongly connected components of more than one file, or a file importing itself. */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component = stack.splice(stack.indexOf(file));
    if (component.length > 1 || graph.get(file)?.includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
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

  it("emulator/: each folder imports only the folders below it, and cloud/ and partner/ never each other", () => {
    expect(emulatorPartOf(path.join(ROOT, "emulator/partner/backend.ts"))).to.equal("partner");
    expect(emulatorPartOf(path.join(ROOT, "emulator/defaults"))).to.equal("defaults.ts");
    expect(emulatorPartOf(path.join(ROOT, "schema/aws"))).to.equal(undefined);
    expect(emulatorViolations()).to.deep.equal([]);
    expect(Object.keys(EMULATOR_FOLDERS).sort()).to.deep.equal(
      fs
        .readdirSync(path.join(ROOT, "emulator"), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    );
  });

  it("provider/plugin/ is the plugin face on top: it reaches the resources through registry.ts only, and nothing imports it", () => {
    expect(pluginViolations()).to.deep.equal([]);
  });

  it("emulator/ and provider/ have no import circle, type imports included", () => {
    expect(
      circles(
        new Map([
          ["a", ["b"]],
          ["b", ["c"]],
          ["c", ["a"]],
          ["d", ["a"]],
        ]),
      ),
    ).to.deep.equal([["a", "b", "c"]]);
    expect(circles(importGraph("emulator"))).to.deep.equal([]);
    expect(circles(importGraph("provider"))).to.deep.equal([]);
  });

  it("provider/clients/ imports nothing from provider/common/", () => {
    const planted = new Map([["provider/clients/aws.ts", ["provider/common/retry.ts", "provider/clients/errors.ts"]]]);
    expect(clientsIntoCommon(planted)).to.deep.equal([
      "provider/clients/aws.ts imports provider/common/retry.ts (clients/ sit below common/)",
    ]);
    expect(clientsIntoCommon(importGraph("provider"))).to.deep.equal([]);
  });

  it("provider/diversity/ is reached from outside only through its index.ts", () => {
    const planted = new Map([
      ["provider/redundant-link-group/impl.ts", ["provider/diversity/index.ts", "provider/diversity/blockers.ts"]],
      ["provider/diversity/plan.ts", ["provider/diversity/blockers.ts"]],
    ]);
    expect(intoDiversity(planted)).to.deep.equal([
      "provider/redundant-link-group/impl.ts imports provider/diversity/blockers.ts (use provider/diversity/index.ts)",
    ]);
    expect(intoDiversity(importGraph("provider"))).to.deep.equal([]);
  });

  it("emulator/coordinator/: no spec family imports the service, and the backends wire their parts without `!`", () => {
    const families = ["connections", "guidance", "issues", "keys", "macsec", "maintenance", "topology"];
    const graph = importGraph("emulator");
    const intoTheService = families.filter((family) =>
      graph.get(`emulator/coordinator/${family}.ts`)?.includes("emulator/coordinator/service.ts"),
    );
    expect(intoTheService).to.deep.equal([]);
    const nonNullInConstructors = ["emulator/cloud/backend.ts", "emulator/partner/backend.ts"].filter((file) => {
      const constructor = /\n {2}constructor\([\s\S]*?\n {2}}\n/.exec(fs.readFileSync(path.join(ROOT, file), "utf8"));
      return constructor === null || /[\w)\]]!(?![=])/.test(constructor[0]);
    });
    expect(nonNullInConstructors).to.deep.equal([]);
  });

  it("emulator/: each shape once among the persisted records, the spec schemas and the catalog", () => {
    // An enum literal of the spec (ADMIN_STATE_..., PROVISIONING_STATE_...) spelled again in the records is a second
    // declaration of its shape: the records take the spec's schemas (schema/spec.ts).
    const specLiterals = new Set(
      fs.readFileSync(path.join(ROOT, "schema/spec.ts"), "utf8").match(/"[A-Z][A-Z0-9_]{3,}"/g),
    );
    const records = fs.readFileSync(path.join(ROOT, "emulator/state/records.ts"), "utf8");
    const declared = [...records.matchAll(/z\.(?:enum|literal)\(([^)]*)\)/g)].flatMap(
      (m) => m[1].match(/"[^"]*"/g) ?? [],
    );
    expect(declared.filter((literal) => specLiterals.has(literal))).to.deep.equal([]);
    // The shapes a record shares with the catalog or the spec are declared in one file each.
    const declaredIn = (name: string) =>
      tsFiles(path.join(ROOT, "emulator"))
        .filter((file) =>
          new RegExp(`\\b(?:type|interface|const) ${name}(?:Schema)?\\s*[=:<{]`).test(fs.readFileSync(file, "utf8")),
        )
        .map((file) => path.relative(ROOT, file).split(path.sep).join("/"));
    expect(declaredIn("LinkPath")).to.deep.equal(["emulator/world/catalog.ts"]);
    expect(declaredIn("L3FeatureConfig")).to.deep.equal(["emulator/state/records.ts"]);
  });

  it("one place per kind of file: test helpers, code generation, the engine's tools, the policy pack", () => {
    expect(misplacedFiles()).to.deep.equal([]);
  });

  it("bench/ imports of the tests only their kit (BENCH_KIT), never a test or another helper", () => {
    const planted = new Map([
      ["bench/run.ts", ["tests/support/engine.ts", "tests/support/workflow.ts", "tests/e2e/smoke.test.ts"]],
    ]);
    expect(benchViolations(planted)).to.deep.equal([
      "bench/run.ts imports tests/support/workflow.ts (not in BENCH_KIT)",
      "bench/run.ts imports tests/e2e/smoke.test.ts (not in BENCH_KIT)",
    ]);
    expect(benchViolations(benchImports())).to.deep.equal([]);
  });
});

/** The modules of tests/ that bench/ may import, its kit: stacks on the engine, emulator clients, link fixtures. */
const BENCH_KIT = ["tests/support/engine.ts", "tests/support/clients.ts", "tests/support/fixtures.ts"];

/** Each file of bench/ → the repository files its relative imports land in. */
function benchImports(): Map<string, string[]> {
  const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");
  return new Map(
    tsFiles(path.join(ROOT, "bench")).map((file) => [
      rel(file),
      relativeImports(fs.readFileSync(file, "utf8")).map((specifier) =>
        rel(resolveImport(file, specifier) ?? path.resolve(path.dirname(file), specifier)),
      ),
    ]),
  );
}

/** Imports from bench/ into tests/ outside BENCH_KIT. */
function benchViolations(imports: Map<string, string[]>): string[] {
  return [...imports].flatMap(([file, targets]) =>
    targets
      .filter((target) => target.startsWith("tests/") && !BENCH_KIT.includes(target))
      .map((target) => `${file} imports ${target} (not in BENCH_KIT)`),
  );
}

/** Imports from provider/clients/ into provider/common/: the clients sit below the resources' common code. */
function clientsIntoCommon(graph: Map<string, string[]>): string[] {
  return [...graph].flatMap(([file, targets]) =>
    file.startsWith("provider/clients/")
      ? targets
          .filter((target) => target.startsWith("provider/common/"))
          .map((target) => `${file} imports ${target} (clients/ sit below common/)`)
      : [],
  );
}

/** Imports into provider/diversity/ from outside it that do not go through its index.ts. */
function intoDiversity(graph: Map<string, string[]>): string[] {
  const inside = (file: string) => file.startsWith("provider/diversity/");
  return [...graph].flatMap(([file, targets]) =>
    inside(file)
      ? []
      : targets
          .filter((target) => inside(target) && target !== "provider/diversity/index.ts")
          .map((target) => `${file} imports ${target} (use provider/diversity/index.ts)`),
  );
}

/**
 * The provider plugin (provider/plugin/) serves the implementations the dynamic face loads, through registry.ts `load`,
 * never a second way in (a resource folder's impl or index); and no other provider module depends on the plugin face.
 */
function pluginViolations(): string[] {
  const plugin = path.join(ROOT, "provider", "plugin");
  const inPlugin = (file: string) => file === plugin || file.startsWith(plugin + path.sep);
  return tsFiles(path.join(ROOT, "provider")).flatMap((file) =>
    relativeImports(fs.readFileSync(file, "utf8")).flatMap((specifier) => {
      const target = path.resolve(path.dirname(file), specifier);
      const rel = path.relative(ROOT, file);
      if (!inPlugin(file) && inPlugin(target)) return [`${rel} imports ${specifier} (the plugin face is on top)`];
      const resourceEntry = /^provider\/[^/]+\/(impl|index)$/.test(
        path.relative(ROOT, target).split(path.sep).join("/"),
      );
      if (inPlugin(file) && resourceEntry) return [`${rel} imports ${specifier} (use registry.ts load)`];
      return [];
    }),
  );
}

/** Every file in the repository: tracked, and new ones not ignored. */
function repositoryFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT });
  return out.toString().split("\n").filter(Boolean);
}

/** Code in a folder that is not the place for its kind, as `<file>: <why>`. */
function misplacedFiles(): string[] {
  const isCode = (file: string) => /\.(ts|js|mjs|go)$/.test(file);
  const generation = reachableFrom("scripts/generate-schema.ts");
  return repositoryFiles().flatMap((file) => {
    const top = file.split("/")[0];
    if (top === "tests" && isCode(file)) {
      const placed =
        file.startsWith("tests/support/") ||
        file.endsWith(".test.ts") ||
        file.startsWith("tests/e2e/programs/") ||
        file === "tests/conformance/run.ts";
      return placed ? [] : [`${file}: a test helper belongs in tests/support/`];
    }
    if (top === "scripts" && !generation.has(file)) return [`${file}: scripts/ holds the code generation only`];
    if (top === "policy" && (file.split("/").length > 2 || /\.(js|go)$/.test(file)))
      return [`${file}: policy/ holds the policy pack only (tools go to toolchain/)`];
    return [];
  });
}

/** The files `entry` imports, transitively, inside its own folder (and the entry itself). */
function reachableFrom(entry: string): Set<string> {
  const folder = path.dirname(entry);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of relativeImports(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
      const target = `${path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), specifier))}.ts`;
      if (path.dirname(target) === folder && fs.existsSync(path.join(ROOT, target))) visit(target);
    }
  };
  visit(entry);
  return seen;
}
