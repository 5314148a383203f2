/**
 * Writes one project's jest totals to a JSON file, so that `npm test` can print a single
 * "Tests: N passed, N failed, N skipped" line for the whole workspace, cached Nx runs included.
 */
const fs = require("node:fs");
const path = require("node:path");

class SummaryReporter {
  constructor(_globalConfig, options) {
    this.outputFile = options.outputFile;
  }

  onRunComplete(_contexts, results) {
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      node: process.version,
    };
    fs.mkdirSync(path.dirname(this.outputFile), { recursive: true });
    fs.writeFileSync(this.outputFile, JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
