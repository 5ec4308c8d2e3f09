#!/usr/bin/env node
// The drift job's verdict (.github/workflows/pulumi.yml): reads the captured output of
// `pulumi refresh --preview-only --expect-no-changes --diff` and names, per resource, each field that changed outside
// Pulumi, and each policy the live state breaks (the provider's "drift the next `up` acts on" lines: the blocker and
// the links) — as GitHub error annotations (`::error title=…::…`, shown on the run), in the job summary
// ($GITHUB_STEP_SUMMARY, when set) and on stdout. Plain CommonJS with no dependencies.
//
// Usage: node toolchain/gitops/drift-report.js --stack <name> --log <captured output>
// Exits 1 when it finds drift, or when the refresh failed without a diff (then the log says why); 0 when the log shows
// no change at all.
"use strict";

const fs = require("node:fs");
const { parseArgs } = require("node:util");

function plain(text) {
  // eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/<\{%[^%]*%\}>/g, "");
}

/** A resource step heading in `--diff` output: `    ~ pulumi-nodejs:dynamic/interconnect:Interconnect: (update)`. */
const STEP = /^(\s*)([~+-]|\+-|-\+) (\S+): \((update|delete|create|replace|create-replacement|delete-replaced)\)/;
/** State fields the provider keeps for itself (the declared values a read must return), never changed outside Pulumi. */
const BOOKKEEPING = new Set(["declaredInputs"]);
const OPS = { update: "changed", delete: "deleted outside Pulumi", create: "created", replace: "replaced" };

/**
 * The drifted resources: { type, name, op, fields: [{ name, change }] }. A field is a line one level below the step
 * heading that carries a sign (`~ bandwidthGbps : 25 => 5`); nested changes name the top-level field (`links`).
 */
function parseDrift(log) {
  const lines = plain(log).replace(/\r\n?/g, "\n").split("\n");
  const drifted = [];
  let current;
  for (const line of lines) {
    const step = STEP.exec(line);
    if (step) {
      const [, indent, , type, op] = step;
      current = { type: type.split(":").pop(), name: "", op, fields: [], indent: indent.length };
      drifted.push(current);
      continue;
    }
    if (!current) continue;
    const urn = /^\s*\[urn=(.*)\]$/.exec(line);
    if (urn) {
      current.name = urn[1].split("::").pop();
      continue;
    }
    const indent = /^\s*/.exec(line)[0].length;
    if (line.trim() && indent <= current.indent) {
      current = undefined;
      continue;
    }
    const field = /^\s*([~+-]) ([^\s:]+)\s*: ?(.*)$/.exec(line);
    if (field && indent === current.indent + 2 && !BOOKKEEPING.has(field[2])) {
      const [, , name, value] = field;
      const change = value.includes("=>") ? value.trim() : undefined;
      current.fields.push({ name, change });
    }
  }
  return drifted.map(({ indent: _indent, ...resource }) => resource);
}

/** The provider's diagnostic for drift it plans an update for: `[interconnect] <Kind> <name> (<id>)?: drift the next \`up\` acts on: <reason>`. */
const ACTS_ON = /\[interconnect\] (\S+) (\S+)(?: \([^)]*\))?: drift the next `up` acts on: (.+?)\s*$/;

/**
 * Link names in a reason: "links a/ch1 and b/ch1 share …", "link ch3: …", "MACsec is inactive on ch2 (…", "not active
 * on a/ch2", "set hold 90 s / keepalive 30 s on b/ch3" (a remedy naming the one link to change).
 */
function linksIn(text) {
  const found = [];
  // A name has a digit or a slash (ch2, a/ch1), so a list stops before a word ("…, as on the others").
  const name = String.raw`[\w.-]*[\d/][\w./-]*`;
  const list = new RegExp(
    String.raw`\b(?:links?|(?:in)?active on|on(?= [\w.-]+/)) (${name}(?:(?:, | and )${name})*)`,
    "g",
  );
  for (const m of text.matchAll(list)) {
    for (const name of m[1].split(/, | and /)) if (name && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * What the live state breaks, per the provider: { type, name, blocker, links, detail }. A group's reason names its
 * diversity rule (`not compliant at the last read (distinct:conduit): <explanation>`); an Interconnect's names
 * `macsec "required"`; other reasons (a bandwidth changed at the partner) have no blocker. Each line once, although
 * the engine shows it under the resource and again among the diagnostics.
 */
function parseBroken(log) {
  const seen = new Set();
  const broken = [];
  for (const line of plain(log).replace(/\r\n?/g, "\n").split("\n")) {
    const m = ACTS_ON.exec(line);
    if (!m) continue;
    const [, type, name, reason] = m;
    const key = `${type} ${name}: ${reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const group = /^not compliant at the last read \(([^)]+)\): (.*)$/.exec(reason);
    const macsec = / \(macsec "required"\)/.exec(reason);
    const blocker = group ? group[1] : macsec ? 'macsec "required"' : "";
    const detail = group ? group[2] : reason.replace(/ \(macsec "required"\)/, "");
    broken.push({ type, name, blocker, links: linksIn(detail), detail });
  }
  return broken;
}

function describeBroken(b) {
  const where = b.links.length ? ` on ${b.links.join(", ")}` : "";
  return `${b.type} ${b.name}: ${b.blocker ? `${b.blocker}${where}: ` : ""}${b.detail}`;
}

function describe(resource) {
  if (resource.op !== "update") return `${resource.type} ${resource.name}: ${OPS[resource.op] ?? resource.op}`;
  const fields = resource.fields.map((f) => (f.change ? `${f.name} ${f.change}` : f.name));
  return `${resource.type} ${resource.name}: ${fields.length ? fields.join(", ") : "changed"}`;
}

/** GitHub workflow commands take their message on one line, with %, CR and LF escaped. */
const escapeCommand = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

const cell = (text) => text.replace(/\|/g, "\\|");

function summaryMarkdown(stack, drifted, broken) {
  const rows = drifted.flatMap((r) =>
    r.fields.length && r.op === "update"
      ? r.fields.map((f) => `| ${r.type} \`${r.name}\` | \`${f.name}\` | ${f.change ?? "(nested change)"} |`)
      : [`| ${r.type} \`${r.name}\` | | ${OPS[r.op] ?? r.op} |`],
  );
  return [
    `### ❌ Drift in stack \`${stack}\``,
    "",
    "`pulumi refresh --preview-only --expect-no-changes` found changes made outside Pulumi:",
    "",
    "| resource | field | state file => live |",
    "| --- | --- | --- |",
    ...rows,
    "",
    ...(broken.length
      ? [
          "What the live state breaks (the next `pulumi up` acts on it: relocates, resizes back, or fails naming it):",
          "",
          "| resource | blocker | links | what, and the remedy |",
          "| --- | --- | --- | --- |",
          ...broken.map(
            (b) =>
              `| ${b.type} \`${b.name}\` | ${b.blocker ? `\`${cell(b.blocker)}\`` : ""} | ${b.links.join(", ")} | ${cell(b.detail)} |`,
          ),
          "",
        ]
      : []),
    "Undo the change where it was made; or restore the declared values with `pulumi up --refresh` (the refresh " +
      "records the live values, the update puts the declared ones back); or adopt it: change the program or stack " +
      "config to the live values, merge, and run `pulumi refresh`.",
    "",
  ].join("\n");
}

function main() {
  const { values } = parseArgs({ options: { stack: { type: "string" }, log: { type: "string" } } });
  if (!values.stack || !values.log) throw new Error("usage: drift-report.js --stack <name> --log <file>");
  const log = fs.existsSync(values.log) ? fs.readFileSync(values.log, "utf8") : "";
  const drifted = parseDrift(log);
  const broken = parseBroken(log);
  if (drifted.length === 0 && broken.length === 0) {
    if (/no changes were expected|error:/.test(log) || !log) {
      process.stdout.write(
        `::error title=Drift check failed in stack ${values.stack}::the refresh failed without a diff; see its step's log\n`,
      );
      return 1;
    }
    process.stdout.write(`no drift in stack ${values.stack}\n`);
    return 0;
  }
  for (const resource of drifted) {
    process.stdout.write(`::error title=Drift in stack ${values.stack}::${escapeCommand(describe(resource))}\n`);
  }
  for (const b of broken) {
    const title = b.blocker ? "Policy broken" : "Drift the next up acts on";
    process.stdout.write(`::error title=${title} in stack ${values.stack}::${escapeCommand(describeBroken(b))}\n`);
  }
  if (process.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summaryMarkdown(values.stack, drifted, broken));
  }
  return 1;
}

module.exports = { parseDrift, describe, parseBroken, describeBroken };

if (require.main === module) {
  try {
    process.exit(main());
  } catch (err) {
    process.stderr.write(`[drift-report] ${err.message}\n`);
    process.exit(1);
  }
}
