// Mocha's spec reporter plus one closing line in the "N passed, N failed" form that CI reads.
"use strict";
const Mocha = require("mocha");

class CiSpecReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      console.log(`mocha: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
    });
  }
}

module.exports = CiSpecReporter;
