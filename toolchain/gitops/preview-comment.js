#!/usr/bin/env node
// The pull-request comment of .github/workflows/pulumi.yml's preview job: turns the captured output of
// `pulumi preview --diff --policy-pack …` and the step's outcome into Markdown — a heading with the stack and the
// verdict, the resource summary, every policy violation named (policy, resource, message), other errors, and the diff
// in a ```diff block, cut to fit GitHub's 65536-character comment limit. Plain CommonJS with no dependencies.
//
// Usage: node toolchain/gitops/preview-comment.js --stack <name> --outcome <success|failure|cancelled|skipped>
//          --log <captured output> [--out <file>]     (Markdown to --out, else to stdout)
// The workflow posts the file with `gh pr comment --edit-last --body-file … || gh pr comment --body-file …`.
"use strict";

const fs = require("node:fs");
const { parseArgs } = require("node:util");

/** GitHub refuses comments longer than this many characters. */
const GITHUB_COMMENT_LIMIT = 65536;
/** Room left for everything but the diff (heading, violations, errors, footer) before the diff is cut. */
const RESERVED = 6000;

/** Terminal colours (ANSI) and the CLI's own colour tags, which leak into non-terminal output as `<{%fg 1%}>`. */
function plain(text) {
  // eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/<\{%[^%]*%\}>/g, "");
}

/** The heading line of a policy violation in `pulumi preview --diff` output (pkg/backend/display/diff.go). */
const VIOLATION =
  /^\s*(?:-\s+)?(?:(\S+)@v(\S+)\s+)?\[(mandatory|advisory|remediate)\](?:\s+\[severity: \w+\])?\s+(\S+)\s+\((.+?): (.+?)\)(.*)$/;

/**
 * Policy violations: { pack, level, policy, type, resource, description, message }. The CLI prints the heading, the
 * policy's description on the same line, then the message on the lines after it, not indented.
 */
function parseViolations(lines) {
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const m = VIOLATION.exec(lines[i]);
    if (!m) continue;
    const message = [];
    for (let j = i + 1; j < lines.length && isMessageLine(lines[j]); j++) message.push(lines[j].trim());
    const [, pack, version, level, policy, type, resource, description] = m;
    const violation = {
      pack: pack ? `${pack}@v${version}` : undefined,
      level,
      policy,
      type: type.split(":").pop(),
      resource,
      description: description.trim(),
      message: message.join(" ") || description.trim(),
    };
    const key = `${violation.policy}|${violation.resource}|${violation.message}`;
    if (!found.some((v) => `${v.policy}|${v.resource}|${v.message}` === key)) found.push(violation);
  }
  return found;
}

function isMessageLine(line) {
  return (
    line.trim() !== "" && !/^\s/.test(line) && !/^(error|warning|info):/.test(line) && !/^[A-Z][\w ]*:$/.test(line)
  );
}

/** `error:` lines other than the CLI's closing "preview failed" (check failures, provider errors), deduplicated. */
function parseErrors(lines) {
  const errors = lines
    .map((l) => /^\s*error: (.*)$/.exec(l)?.[1].trim())
    .filter((e) => e && !/^(preview|update) failed$/.test(e));
  return [...new Set(errors)];
}

/** "1 to update, 5 unchanged" from the `Resources:` block, or undefined when the preview did not get that far. */
function parseSummary(lines) {
  const start = lines.findIndex((l) => l.trim() === "Resources:");
  if (start < 0) return undefined;
  const counts = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+(?:[~+-]+\s+)?(\d+ [a-z][a-z ]*)$/.exec(line);
    if (!m) break;
    counts.push(m[1].trim());
  }
  return counts.length ? counts.join(", ") : undefined;
}

/** A code fence longer than any run of backticks in `text`, so the output cannot close it early. */
function fenceFor(text) {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/**
 * The diff for a ```diff block: `+`/`-` signs moved to the first column so GitHub colours those lines (`~` updates
 * stay as printed), cut at a line boundary to `budget` characters with a note of what was left out.
 */
function diffBlock(lines, budget) {
  const shown = lines.map((l) => l.replace(/^(\s+)([+-]{1,2})(?=\s)/, "$2$1"));
  let used = 0;
  let kept = 0;
  while (kept < shown.length && used + shown[kept].length + 1 <= budget) used += shown[kept++].length + 1;
  const body = shown.slice(0, kept);
  if (kept < shown.length) {
    body.push(
      "",
      `… ${shown.length - kept} more lines cut to fit a GitHub comment: the whole output is in the job log.`,
    );
  }
  return body.join("\n");
}

function runLink() {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = process.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

const VERDICTS = {
  success: ["✅", "passes"],
  failure: ["❌", "fails"],
  cancelled: ["⚪", "was cancelled"],
  skipped: ["⚪", "did not run (an earlier step failed)"],
};

function violationLines(violations) {
  return violations.map(
    (v) =>
      `- **${v.policy}** [${v.level}] on ${v.type} \`${v.resource}\`: ${v.message}` + (v.pack ? ` _(${v.pack})_` : ""),
  );
}

/** The comment's Markdown. */
function render({ stack, outcome, log }) {
  const lines = plain(log ?? "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  const violations = parseViolations(lines);
  const errors = parseErrors(lines).filter((e) => !violations.some((v) => e.includes(v.policy)));
  const summary = parseSummary(lines);
  const [icon, verdict] = VERDICTS[outcome] ?? ["⚪", `ended with outcome "${outcome}"`];
  const out = [`### ${icon} \`pulumi preview\` of stack \`${stack}\` ${verdict}`, ""];
  if (summary) out.push(`Resources: ${summary}.`, "");
  const mandatory = violations.filter((v) => v.level === "mandatory");
  if (violations.length) {
    out.push(
      `**Policy violations (${violations.length}${mandatory.length ? `, ${mandatory.length} mandatory` : ""})**` +
        (mandatory.length ? ": the merge's `pulumi up` would stop on these." : ":"),
      "",
      ...violationLines(violations),
      "",
    );
  }
  if (errors.length) out.push("**Errors**", "", ...errors.map((e) => `- ${e}`), "");
  if (!log) out.push("_No preview output was captured._", "");
  const link = runLink();
  const footer = link ? `[The job's log](${link})` : undefined;
  if (lines.length && log) {
    const budget = GITHUB_COMMENT_LIMIT - RESERVED - out.join("\n").length;
    const diff = diffBlock(lines, budget);
    const fence = fenceFor(diff);
    out.push("<details open><summary>pulumi preview --diff</summary>", "", `${fence}diff`, diff, fence, "</details>");
  }
  if (footer) out.push("", footer);
  return `${out.join("\n")}\n`;
}

function main() {
  const { values } = parseArgs({
    options: {
      stack: { type: "string" },
      outcome: { type: "string" },
      log: { type: "string" },
      out: { type: "string" },
    },
  });
  if (!values.stack || !values.outcome) {
    throw new Error("usage: preview-comment.js --stack <name> --outcome <outcome> --log <file> [--out <file>]");
  }
  const log = values.log && fs.existsSync(values.log) ? fs.readFileSync(values.log, "utf8") : undefined;
  const markdown = render({ stack: values.stack, outcome: values.outcome, log });
  if (values.out) fs.writeFileSync(values.out, markdown);
  else process.stdout.write(markdown);
}

module.exports = { render, parseViolations, parseSummary, GITHUB_COMMENT_LIMIT };

if (require.main === module) {
  try {
    main();
  } catch (err) {
    process.stderr.write(`[preview-comment] ${err.message}\n`);
    process.exit(1);
  }
}
