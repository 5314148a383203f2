import type { CheckResult } from "./checker.js";
import { FAULT_KINDS, type TortureReport } from "./driver.js";
import { TARGETS, type Target } from "./protocol.js";

export interface TargetStats {
  sections: number;
  mutex: number;
  multi: number;
  semaphore: number;
  tryAcquired: number;
  timeouts: number;
  unavailable: number;
  otherFailures: number;
  writesAccepted: number;
  staleWritesRefused: number;
  lost: number;
  /** Longest a failed acquire took past its waitMs, ms (reported, not asserted: the machine may be busy). */
  worstOvershootMs: number;
}

export interface Summary {
  seconds: number;
  targets: Record<Target, TargetStats>;
  faults: Record<string, number>;
  violations: number;
}

/** Counts what happened in a torture run, per lock store and per fault kind. */
export function summarize(report: TortureReport, result: CheckResult): Summary {
  const targets = Object.fromEntries(
    TARGETS.map((target) => [
      target,
      {
        sections: 0,
        mutex: 0,
        multi: 0,
        semaphore: 0,
        tryAcquired: 0,
        timeouts: 0,
        unavailable: 0,
        otherFailures: 0,
        writesAccepted: 0,
        staleWritesRefused: 0,
        lost: 0,
        worstOvershootMs: 0,
      },
    ]),
  ) as Record<Target, TargetStats>;
  const targetOf = new Map(result.holdings.map((holding) => [holding.token, holding.target]));
  for (const event of report.events) {
    if (event.type === "acquired") {
      const stats = targets[event.target];
      stats.sections++;
      if (event.mode === "try") stats.tryAcquired++;
      else stats[event.mode]++;
    } else if (event.type === "failed") {
      const stats = targets[event.target];
      if (event.code === "E_LOCK_TIMEOUT") stats.timeouts++;
      else if (event.code === "E_LOCK_UNAVAILABLE" || event.code === "E_LOCK_QUORUM") stats.unavailable++;
      else if (event.code !== "busy") stats.otherFailures++;
      if (event.code !== "busy")
        stats.worstOvershootMs = Math.max(stats.worstOvershootMs, event.at - event.askedAt - event.waitMs);
    } else if (event.type === "lost") {
      const target = targetOf.get(event.token);
      if (target) targets[target].lost++;
    }
  }
  for (const write of report.writes) {
    if (write.accepted) targets[write.target].writesAccepted++;
    else targets[write.target].staleWritesRefused++;
  }
  const faults = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0]));
  for (const fault of report.faults) faults[fault.kind] = (faults[fault.kind] ?? 0) + 1;
  return {
    seconds: Math.round((report.endedAt - report.startedAt) / 1000),
    targets,
    faults,
    violations: result.violations.length,
  };
}

/** The summary as two plain-text tables. */
export function formatSummary(summary: Summary): string {
  const header = ["", ...TARGETS];
  const rows = [header];
  const keys = Object.keys(summary.targets.aof) as (keyof TargetStats)[];
  for (const key of keys) rows.push([key, ...TARGETS.map((target) => String(summary.targets[target][key]))]);
  const width = header.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const table = rows
    .map((row) => row.map((cell, i) => cell.padStart(width[i] as number)).join("  "))
    .join("\n");
  const faults = Object.entries(summary.faults)
    .map(([kind, count]) => `  ${kind.padEnd(24)} ${count}`)
    .join("\n");
  return `torture run of ${summary.seconds} s: ${summary.violations} violations\n${table}\nfaults injected:\n${faults}`;
}
