#!/usr/bin/env node
// `npm test`: runs every project's tests through Nx (cached), then prints the runtime and one closing line
// summed from each project's jest summary (tools/scripts/jest-summary-reporter.cjs).
import { spawnSync } from "node:child_process";
import { existsSync, globSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = join(import.meta.dirname, "../..");
const { workspaces } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const projectDirs = workspaces
  .flatMap((pattern) => globSync(`${pattern}/package.json`, { cwd: root }))
  .map((file) => join(root, dirname(file)))
  .filter((dir) => existsSync(join(dir, "jest.config.cjs")));
const summaryOf = (dir) => join(dir, ".jest/summary.json");

console.log(`Node.js ${process.version} runs the tests (${process.execPath})`);
for (const dir of projectDirs) rmSync(summaryOf(dir), { force: true });

const run = spawnSync(
  "npx",
  ["nx", "run-many", "-t", "test", "--outputStyle=static", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
  },
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const dir of projectDirs) {
  if (!existsSync(summaryOf(dir))) {
    missing.push(relative(root, dir));
    continue;
  }
  const summary = JSON.parse(readFileSync(summaryOf(dir), "utf8"));
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
}
if (missing.length > 0) console.log(`Projects that reported no test results: ${missing.join(", ")}`);
console.log(`Node.js ${process.version}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(run.status === 0 && missing.length === 0 ? 0 : 1);
