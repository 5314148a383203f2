import { summarizeLatencies } from "../stats.ts";
import { renderTable } from "../table.ts";
import type { Check, FinalOpeningState } from "./checks.ts";
import { fairnessInversions } from "./checks.ts";
import type { OpeningOptions } from "./options.ts";
import { STEPS, type OpeningRun } from "./run-opening.ts";

const seconds = (ms: number | null) => (ms === null ? "never" : `${(ms / 1000).toFixed(1)} s`);

/** The figures of a run, as the table and the JSON line show them. */
export function openingFigures(run: OpeningRun) {
  const count = (test: (buyer: OpeningRun["buyers"][number]) => boolean) => run.buyers.filter(test).length;
  const unserved = run.buyers.filter((buyer) => buyer.admittedAt === null);
  return {
    timeToSoldOutMs: run.soldOutAt === null ? null : run.soldOutAt - run.opensAt,
    timeToAllConfirmedMs: run.allConfirmedAt === null ? null : run.allConfirmedAt - run.opensAt,
    early: count((b) => b.early),
    streaming: count((b) => b.follows === "sse"),
    admitted: count((b) => b.admittedAt !== null),
    held: count((b) => b.heldAt !== null),
    confirmed: count((b) => b.confirmedAt !== null),
    expired: count((b) => b.heldAt !== null && b.confirmedAt === null),
    lateToPay: count((b) => b.holdExpiredAtConfirm),
    toldSoldOut: unserved.filter((b) => b.lastStatus === "sold_out").length + count((b) => b.refusedSoldOut),
    unserved: unserved.length,
    fairnessInversions: fairnessInversions(run.buyers, run.opensAt),
    steps: Object.fromEntries(STEPS.map((step) => [step, summarizeLatencies(run.latencies[step])])),
  };
}

export function renderOpening(options: OpeningOptions, run: OpeningRun): string {
  const f = openingFigures(run);
  const summary = renderTable(
    ["opening", "value"],
    [
      [
        "buyers",
        `${f.early.toLocaleString("en-US")} before the opening, ${f.streaming.toLocaleString("en-US")} on SSE, of ${options.users.toLocaleString("en-US")}`,
      ],
      ["seats", options.seats],
      ["time to sold out", `${seconds(f.timeToSoldOutMs)} (every seat held or sold)`],
      ["time to all confirmed", seconds(f.timeToAllConfirmedMs)],
      ["admitted", f.admitted],
      ["held", f.held],
      ["confirmed", f.confirmed],
      ["holds expired (not paid)", f.expired],
      ["  of them paid too late", f.lateToPay],
      ["told sold out", f.toldSoldOut],
      ["fairness inversions", f.fairnessInversions],
      [
        "requests (retried)",
        `${run.requests.toLocaleString("en-US")} (${run.retries.toLocaleString("en-US")})`,
      ],
      ["wall time", seconds(run.endedAt - run.startedAt)],
    ],
  );
  const steps = renderTable(
    ["step", "count", "p50 ms", "p99 ms", "max ms"],
    STEPS.map((step) => {
      const s = f.steps[step]!;
      return [step, s.count, Math.round(s.p50), Math.round(s.p99), Math.round(s.max)];
    }),
  );
  return `${summary}\n\n${steps}`;
}

export function renderOpeningChecks(
  checks: readonly Check[],
  state: FinalOpeningState,
  run: OpeningRun,
): string {
  const where =
    state.source === "mysql"
      ? "checked against the database directly (--database-url)"
      : "checked through the API: seat counts of the operator's view (one database read), reservations of every admitted buyer";
  return `${where}; seats sampled ${run.samples.length} times from ${run.sampledFrom === "mysql" ? "the database" : "the operator's view"}\n${renderTable(
    ["check", "result", "detail"],
    checks.map((check) => [check.name, check.ok ? "ok" : "FAILED", check.detail]),
  )}`;
}

/** The last line: one JSON object, for scripts and the benchmark report. */
export function openingJson(
  options: OpeningOptions,
  run: OpeningRun,
  checks: readonly Check[],
  state: FinalOpeningState,
) {
  const f = openingFigures(run);
  const p99 = Object.fromEntries(
    Object.entries(f.steps).map(([step, s]) => [
      step.replaceAll(" ", "_"),
      Number.isNaN(s.p99) ? null : Math.round(s.p99),
    ]),
  );
  return JSON.stringify({
    loadtest: "opening",
    wall_ms: run.endedAt - run.startedAt,
    invariants_ok: checks.every((check) => check.ok),
    users: options.users,
    seats: options.seats,
    time_to_sold_out_ms: f.timeToSoldOutMs,
    time_to_all_confirmed_ms: f.timeToAllConfirmedMs,
    admitted: f.admitted,
    held: f.held,
    confirmed: f.confirmed,
    expired: f.expired,
    told_sold_out: f.toldSoldOut,
    fairness_inversions: f.fairnessInversions,
    p99_ms: p99,
    state_source: state.source,
  });
}
