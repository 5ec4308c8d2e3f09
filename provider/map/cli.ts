#!/usr/bin/env node
// interconnect-map <group.json> --out <file.svg|file.html> [--title TEXT]
// Takes one RedundantLinkGroup's outputs, as `pulumi stack output <name> --json` prints them (or a whole stack's
// outputs with the group under `diversity`), and writes an offline map of its routes and violations.
import * as fs from "node:fs";
import * as path from "node:path";
import { renderHtml, renderSvg, type GroupOutputs } from "./render";

const USAGE = "usage: interconnect-map <group.json | -> --out <file.svg|file.html> [--title TEXT]";

/** The group's outputs: the object itself, or the `diversity` output of a whole stack's outputs. */
export function groupOf(value: unknown): GroupOutputs {
  const record = value as Record<string, unknown> | null;
  if (record && Array.isArray(record.links)) return record as unknown as GroupOutputs;
  const nested = record?.diversity as Record<string, unknown> | undefined;
  if (nested && Array.isArray(nested.links)) return nested as unknown as GroupOutputs;
  throw new Error("the JSON is not a RedundantLinkGroup's outputs (no `links`, nor `diversity.links`)");
}

/** Renders `group` to `out` (.svg or .html); returns the absolute path written. */
export function writeMap(group: GroupOutputs, out: string, title?: string): string {
  const ext = path.extname(out).toLowerCase();
  if (![".svg", ".html", ".htm"].includes(ext)) throw new Error(`--out must end in .svg or .html; got ${out}`);
  const text = ext === ".svg" ? renderSvg(group, title) : renderHtml(group, title);
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, text);
  return path.resolve(out);
}

function main(argv: string[]): void {
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const out = flag("out");
  const input = argv.find((arg, i) => !arg.startsWith("--") && !argv[i - 1]?.startsWith("--"));
  if (!out || !input) throw new Error(USAGE);
  const text = fs.readFileSync(input === "-" ? 0 : input, "utf8");
  const group = groupOf(JSON.parse(text));
  const title = flag("title") ?? (input === "-" ? "RedundantLinkGroup" : path.basename(input, ".json"));
  const written = writeMap(group, out, title);
  const violations = (group.blockers ?? []).filter((b) => b.place).length;
  process.stdout.write(`map: ${written} (${group.links.length} links, ${violations} violation(s) highlighted)\n`);
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`interconnect-map: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
