#!/usr/bin/env node
// The drift job's verdict (.github/workflows/pulumi.yml): reads the captured output of
// `pulumi refresh --preview-only --expect-no-changes --diff` and names, per resource, each field that changed outside
// Pulumi — as a GitHub error annotation (`::error title=…::…`, shown on the run), in the job summary
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
    if (field && indent === current.indent + 2) {
      const [, , name, value] = field;
      const change = value.includes("=>") ? value.trim() : undefined;
      current.fields.push({ name, change });
    }
  }
  return drifted.map(({ indent: _indent, ...resource }) => resource);
}

function describe(resource) {
  if (resource.op !== "update") return `${resource.type} ${resource.name}: ${OPS[resource.op] ?? resource.op}`;
  const fields = resource.fields.map((f) => (f.change ? `${f.name} ${f.change}` : f.name));
  return `${resource.type} ${resource.name}: ${fields.length ? fields.join(", ") : "changed"}`;
}

/** GitHub workflow commands take their message on one line, with %, CR and LF escaped. */
const escapeCommand = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

function summaryMarkdown(stack, drifted) {
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
  if (drifted.length === 0) {
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
  if (process.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summaryMarkdown(values.stack, drifted));
  }
  return 1;
}

module.exports = { parseDrift, describe };

if (require.main === module) {
  try {
    process.exit(main());
  } catch (err) {
    process.stderr.write(`[drift-report] ${err.message}\n`);
    process.exit(1);
  }
}
