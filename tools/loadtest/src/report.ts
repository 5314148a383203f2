import type { CheckResult, FinalState } from "./invariants.ts";
import type { FlashSaleSummary } from "./summary.ts";
import { renderTable } from "./table.ts";

export function renderSummary(summary: FlashSaleSummary): string {
  const errors = Object.entries(summary.errorsByStatus)
    .map(([status, count]) => `${status === "0" ? "no answer" : status}: ${count}`)
    .join(", ");
  const rows: [string, string | number][] = [
    ["clients", summary.users],
    ["seats", summary.seats],
    ["succeeded (201)", summary.succeeded],
    ["sold out (409)", summary.soldOut],
    ["other errors", errors || "none"],
    ["duplicates", summary.duplicates],
    ["wall time ms", Math.round(summary.wallMs)],
    [
      "throughput answers/s",
      summary.wallMs > 0 ? Math.round((summary.latency.count * 1000) / summary.wallMs) : 0,
    ],
    ["latency p50 ms", summary.latency.p50],
    ["latency p95 ms", summary.latency.p95],
    ["latency p99 ms", summary.latency.p99],
    ["latency max ms", summary.latency.max],
  ];
  return renderTable(["flash sale", "value"], rows);
}

export function renderChecks(checks: readonly CheckResult[], source: FinalState["source"]): string {
  const where =
    source === "mysql"
      ? "final state read from the database directly (mysql)"
      : "final state read through the API (GET event + per-user listings; embedded app, no --database-url)";
  return `${where}\n${renderTable(
    ["check", "result", "detail"],
    checks.map((check) => [check.name, check.ok ? "ok" : "FAILED", check.detail]),
  )}`;
}
