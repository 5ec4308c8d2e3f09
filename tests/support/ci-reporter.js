// Mocha's spec reporter, then a time table (each test file's busy seconds: its tests and hooks; the slowest tests)
// flagging the files and the total over budget, and one closing line in the "N passed, N failed" form that CI reads.
// Budgets are warnings beside the table, never failures: time on a shared two-core machine is noisy.
"use strict";
const path = require("node:path");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_HOOK_END, EVENT_TEST_PASS, EVENT_TEST_FAIL } = Mocha.Runner.constants;
/** A file over this is flagged: split it, or check the same thing with fewer engine runs. */
const FILE_BUDGET_S = 120;
/** The whole run over this is flagged (issue 34: CI under 12 minutes warm). */
const TOTAL_BUDGET_S = 12 * 60;
const SLOWEST_TESTS = 15;

const seconds = (ms) => (ms / 1000).toFixed(1).padStart(7);

/**
 * Per-file times add up the durations of the file's tests and hooks: under `--parallel` a worker's events reach this
 * reporter only when its file ends, so wall clocks read here would measure nothing.
 */
class CiSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = Date.now();
    /** file → { ms, tests } */
    const files = new Map();
    const tests = [];
    const add = (runnable, isTest) => {
      if (!runnable.file) return;
      const file = path.relative(process.cwd(), runnable.file);
      const entry = files.get(file) ?? { ms: 0, tests: 0 };
      entry.ms += runnable.duration ?? 0;
      if (isTest) entry.tests += 1;
      files.set(file, entry);
    };
    const record = (test) => {
      add(test, true);
      tests.push({ title: test.fullTitle(), ms: test.duration ?? 0 });
    };
    runner.on(EVENT_HOOK_END, (hook) => add(hook, false));
    runner.on(EVENT_TEST_PASS, record);
    // A failing hook is reported as a failed test, and without EVENT_HOOK_END.
    runner.on(EVENT_TEST_FAIL, (test) => (test.type === "hook" ? add(test, false) : record(test)));
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
  const busyMs = rows.reduce((sum, [, { ms }]) => sum + ms, 0);
  console.log(`\ntime table (seconds each test file keeps a worker busy; budget per file ${FILE_BUDGET_S} s)`);
  for (const [file, { ms, tests: count }] of rows) {
    const flag = ms / 1000 > FILE_BUDGET_S ? "  <- over budget" : "";
    console.log(`${seconds(ms)} s  ${String(count).padStart(4)} tests  ${file}${flag}`);
  }
  console.log(`${seconds(busyMs)} s  busy in all (the files side by side under --parallel)`);
  console.log(`${seconds(totalMs)} s  wall${totalMs / 1000 > TOTAL_BUDGET_S ? `  <- over ${TOTAL_BUDGET_S} s` : ""}`);
  const slowest = [...tests].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_TESTS);
  console.log(`\nslowest ${slowest.length} tests`);
  for (const test of slowest) console.log(`${seconds(test.ms)} s  ${test.title}`);
  console.log("");
}

module.exports = CiSpecReporter;
