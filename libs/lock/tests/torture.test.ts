import { join } from "node:path";
import { check } from "./torture/checker.js";
import { FAULT_KINDS, runTorture } from "./torture/driver.js";
import { TARGETS } from "./torture/protocol.js";
import { formatSummary, summarize } from "./torture/summary.js";

describe("the locks under torture (60 s; `npx nx run lock:torture -- --minutes 10` for longer)", () => {
  test("keep mutual exclusion and fence order, and no legitimate fenced write is refused, while processes, Redis servers and the network fail", async () => {
    const report = await runTorture({ durationMs: 60_000, dir: join(__dirname, "torture") });
    const result = check(report);
    const summary = summarize(report, result);
    process.stdout.write(`${formatSummary(summary)}\n`);
    expect(result.violations.slice(0, 10)).toEqual([]);
    // Every kind of fault happened, and every store kept serving critical sections through them.
    for (const kind of FAULT_KINDS)
      expect({ kind, count: summary.faults[kind] }).toEqual({ kind, count: expect.any(Number) });
    expect(FAULT_KINDS.filter((kind) => !summary.faults[kind])).toEqual([]);
    for (const target of TARGETS) expect(summary.targets[target].writesAccepted).toBeGreaterThan(20);
  }, 180_000);
});
