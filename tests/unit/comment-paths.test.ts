// Every repository path a code comment names exists: `provider/clients/retry.ts`, `emulator/world/`, `docs/gitops.md`
// (from the repository root), and `./layers.test.ts`, `../support/engine.ts` (from the file, or from the root).
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** Tracked files and new ones not ignored, as repository paths. */
const repositoryFiles = (): string[] =>
  execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT })
    .toString()
    .split("\n")
    .filter(Boolean);

/** The repository's top-level folders (`provider`, `.github`, ...): a comment's path starts with one of them. */
const topFolders = (files: readonly string[]): string[] => [
  ...new Set(files.filter((file) => file.includes("/")).map((file) => file.split("/")[0])),
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The comment on a line of code: `// ...`, a `/** ...` or ` * ...` line, or a trailing ` // ...`. */
const commentOf = (line: string): string | undefined =>
  /^\s*(?:\/\/|\/\*\*?|\*)(.*)$/.exec(line)?.[1] ?? /\s\/\/\s(.*)$/.exec(line)?.[1];

/**
 * The paths the comments of `text` (the file `file`) name that do not exist. A root path is a top-level folder and at
 * least one more part (`emulator/world`, a module named without its `.ts`, counts); a relative one names a file with
 * its extension. Placeholders (`provider/<resource>/schema.ts`), globs and paths inside another (`dist/provider/...`,
 * URLs) are not paths of this repository and are left alone.
 */
function stalePaths(file: string, text: string, tops: readonly string[]): string[] {
  const rootPath = new RegExp(`(?<![\\w./@:-])(?:${tops.map(escape).join("|")})(?:/[\\w.-]*\\w)+(?![\\w<*])`, "g");
  const relativePath = /(?<![\w./@:-])\.{1,2}\/(?:[\w.-]+\/)*[\w-]+\.(?:ts|js|mjs|md|json)\b/g;
  const exists = (full: string) => [full, `${full}.ts`, `${full}.js`].some((candidate) => fs.existsSync(candidate));
  return text.split("\n").flatMap((line, i) => {
    const comment = commentOf(line);
    if (comment === undefined) return [];
    const rooted = [...comment.matchAll(rootPath)].map((m) => m[0]).filter((p) => !exists(path.join(ROOT, p)));
    const relative = [...comment.matchAll(relativePath)]
      .map((m) => m[0])
      .filter((p) => !exists(path.resolve(ROOT, path.dirname(file), p)) && !exists(path.resolve(ROOT, p)));
    return [...rooted, ...relative].map((p) => `${file}:${i + 1}: ${p}`);
  });
}

describe("paths named in comments", () => {
  const files = repositoryFiles();
  const tops = topFolders(files);

  it("flag a stale path, and nothing that is not one", () => {
    const planted = [
      "// The retry machinery lives in provider/common/retry.ts, and ./common/retry.ts from the clients.",
      "/** Not paths: provider/ and emulator/, and/or, 20 req/s, provider/<resource>/schema.ts, tests/**" + "/*.ts. */",
      " * Nor these: dist/provider/interconnect/impl, https://example.com/provider/x.ts, @pulumi/pulumi/cmd/run.",
      // A trailing comment (its slashes apart here, so that this line is no comment of this file).
      "const real = 1; /" + "/ provider/clients/retry.ts, emulator/world, ./retry.ts, docs/ all exist",
      'const text = "provider/not-a-comment.ts";',
    ].join("\n");
    expect(stalePaths("provider/clients/aws.ts", planted, tops)).to.deep.equal([
      "provider/clients/aws.ts:1: provider/common/retry.ts",
      "provider/clients/aws.ts:1: ./common/retry.ts",
    ]);
  });

  it("name only paths that exist, in every file of code", () => {
    const code = files.filter((file) => /\.(ts|js|mjs)$/.test(file) && fs.existsSync(path.join(ROOT, file)));
    const stale = code.flatMap((file) => stalePaths(file, fs.readFileSync(path.join(ROOT, file), "utf8"), tops));
    expect(stale).to.deep.equal([]);
  });
});
