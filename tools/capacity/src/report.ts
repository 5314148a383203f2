import { formatClock } from "./clock.ts";
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

/** One line per minute of `result` between `from` and `to`: the worst second of each minute. */
export function renderMinutes(result: SimulationResult, from: number, to: number): string {
  const minutes: string[][] = [];
  for (let start = from; start < to; start += 60) {
    const rows = result.rows.filter((row) => row.t >= start && row.t < start + 60);
    if (rows.length === 0) continue;
    const max = (pick: (row: (typeof rows)[number]) => number) => Math.max(...rows.map(pick));
    minutes.push([
      formatClock(start),
      int(max((row) => row.offeredRps)),
      int(max((row) => row.servedRps)),
      int(rows.reduce((sum, row) => sum + row.refusedRps, 0)),
      `${Math.min(...rows.map((row) => row.inService))}-${max((row) => row.inService)}`,
      String(max((row) => row.pending)),
      max((row) => row.cpu).toFixed(0),
      int(max((row) => row.p99Ms)),
      int(rows[rows.length - 1]?.seatsLeft ?? 0),
    ]);
  }
  return table(
    [
      "minute",
      "peak req/s",
      "served/s",
      "refused",
      "in service",
      "pending",
      "CPU %",
      "worst p99 ms",
      "seats left",
    ],
    minutes,
  );
}

export function renderEvents(result: SimulationResult): string {
  return result.events
    .map(
      (event) =>
        `  ${formatClock(event.t, true)}  ${event.from} -> ${event.to}  ${event.policy}: ${event.reason}`,
    )
    .join("\n");
}

/** Per policy: instances, latency, refusals, seats and what it costs. */
export function renderSummary(results: readonly SimulationResult[], p99TargetMs: number): string {
  return table(
    [
      "policy",
      "in service at opening",
      "peak",
      "instance-hours",
      "max p99 ms",
      `seconds p99 > ${p99TargetMs} ms`,
      "requests refused",
      "buyers gave up",
      "sold out at",
      "verdict",
    ],
    results.map((result) => [
      result.policy,
      String(result.inServiceAtOpening),
      String(result.peakInService),
      result.instanceHours.toFixed(1),
      int(result.maxP99Ms),
      String(result.secondsOverTarget),
      int(result.refusedRequests),
      int(result.buyersGaveUp),
      result.soldOutAt === undefined ? "not sold out" : formatClock(result.soldOutAt, true),
      result.withinTarget ? "meets target" : "misses target",
    ]),
  );
}
