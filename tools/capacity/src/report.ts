import { formatClock } from "./curve.ts";
import type { SimulationResult } from "./simulate.ts";

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const int = (value: number) => Math.round(value).toLocaleString("en-US");

/** The per-minute table of one policy. */
export function renderMinutes(result: SimulationResult): string {
  return table(
    ["time", "offered/s", "served/s", "in service", "pending", "CPU %", "queue ms", "p99 ms", "rejected"],
    result.rows.map((row) => [
      formatClock(row.t),
      int(row.offeredRps),
      int(row.servedRps),
      String(row.inService),
      String(row.pending),
      row.cpu.toFixed(0),
      int(row.queueDelayMs),
      int(row.p99Ms),
      int(row.rejected),
    ]),
  );
}

export function renderEvents(result: SimulationResult): string {
  return result.events
    .map((event) => `  ${clockWithSeconds(event.t)}  ${event.from} -> ${event.to}  ${event.reason}`)
    .join("\n");
}

/** Which policy keeps p99 within the target, and what each costs. */
export function renderSummary(results: readonly SimulationResult[], p99TargetMs: number): string {
  return table(
    [
      "policy",
      "instance-hours",
      "peak instances",
      "max p99 ms",
      `minutes p99 > ${p99TargetMs} ms`,
      "rejected",
      "verdict",
    ],
    results.map((result) => [
      result.policy,
      result.instanceHours.toFixed(1),
      String(result.peakInstances),
      int(result.maxP99Ms),
      String(result.bucketsOverTarget),
      int(result.rejected),
      result.withinTarget ? "meets target" : "misses target",
    ]),
  );
}

function clockWithSeconds(t: number): string {
  return `${formatClock(t)}:${String(t % 60).padStart(2, "0")}`;
}
