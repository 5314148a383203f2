// npx nx run lock:torture -- --minutes 10 : a longer torture run than the 60 s one in `npm test`, with a summary.
// Exits 1 when the checker finds a violation (the first ones are printed).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { check } from "./checker.js";
import { runTorture } from "./driver.js";
import { formatSummary, summarize } from "./summary.js";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    processes: { type: "string", default: "3" },
    workers: { type: "string", default: "12" },
    /** Writes the whole history as JSON to this file, to study a violation. */
    save: { type: "string" },
  },
});
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) throw new TypeError(`--minutes must be a positive number`);
const report = await runTorture({
  durationMs: minutes * 60_000,
  dir: import.meta.dirname,
  processes: Number(values.processes),
  workers: Number(values.workers),
  log: (line) => console.log(line),
});
if (values.save) writeFileSync(values.save, JSON.stringify(report));
const result = check(report);
console.log(formatSummary(summarize(report, result)));
for (const violation of result.violations.slice(0, 20)) console.log(`VIOLATION ${violation}`);
if (result.violations.length > 0) process.exitCode = 1;
