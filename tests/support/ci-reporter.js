// Mocha's spec reporter, then a time table (each test file's wall time, with its hooks; the slowest tests) flagging
// the files and the total over budget, and one closing line in the "N passed, N failed" form that CI reads.
// Budgets are warnings beside the table, never failures: time on a shared two-core machine is noisy.
"use strict";
const path = require("node:path");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
/** A file over this is flagged: split it, or check the same thing with fewer engine runs. */
const FILE_BUDGET_S = 120;
/** The whole run over this is flagged (issue 34: CI under 12 minutes warm). */
const TOTAL_BUDGET_S = 12 * 60;
const SLOWEST_TESTS = 15;

const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

class CiSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    /** file → { ms, tests } for top-level suites (mocha runs files one after another unless --parallel). */
    const files = new Map();
    const openedAt = new Map();
    const tests = [];
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.file && suite.parent?.root) openedAt.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      if (!openedAt.has(suite)) return;
      const file = path.relative(process.cwd(), suite.file);
      const entry = files.get(file) ?? { ms: 0, tests: 0 };
      entry.ms += Date.now() - openedAt.get(suite);
      entry.tests += suite.total();
      files.set(file, entry);
    });
    const record = (test) => tests.push({ title: test.fullTitle(), file: test.file, ms: test.duration ?? 0 });
    runner.on(EVENT_TEST_PASS, record);
    runner.on(EVENT_TEST_FAIL, record);
    runner.once(EVENT_RUN_END, () => {
      printTimeTable(files, tests, Date.now() - started);
      const { passes, failures, pending } = this.stats;
      console.log(`mocha: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
    });
  }
}

function printTimeTable(files, tests, totalMs) {
  if (files.size === 0) return;
  const rows = [...files.entries()].sort((a, b) => b[1].ms - a[1].ms);
  console.log("\ntime table (wall seconds per test file, hooks included; budget per file " + `${FILE_BUDGET_S} s)`);
  for (const [file, { ms, tests: count }] of rows) {
    const flag = ms / 1000 > FILE_BUDGET_S ? "  <- over budget" : "";
    console.log(`${seconds(ms)} s  ${String(count).padStart(4)} tests  ${file}${flag}`);
  }
  console.log(`${seconds(totalMs)} s  total${totalMs / 1000 > TOTAL_BUDGET_S ? `  <- over ${TOTAL_BUDGET_S} s` : ""}`);
  const slowest = [...tests].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_TESTS);
  console.log(`\nslowest ${slowest.length} tests`);
  for (const test of slowest) console.log(`${seconds(test.ms)} s  ${test.title}`);
  console.log("");
}

module.exports = CiSpecReporter;
