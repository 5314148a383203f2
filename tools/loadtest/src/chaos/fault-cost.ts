import { percentile } from "../stats.ts";
import type { Attempt } from "./retrying-client.ts";

export interface FaultRecord {
  name: string;
  /** ms since the start of the load. */
  injectedMs: number;
  /** When the killed server or instance was started again, ms since the start of the load (none for KILL CONNECTION). */
  restoredMs?: number;
}

export interface FaultCost {
  name: string;
  injectedMs: number;
  restoredMs?: number;
  /** Attempts in the fault's window that failed with no answer, 429 or 5xx. */
  failedAttempts: number;
  attempts: number;
  /** p99 of the attempts that completed before the first fault, ms. */
  baselineP99Ms: number;
  /** Worst p99 of a one-second bucket in the window, ms. */
  peakP99Ms: number;
  /** From injection to the end of the last bad second (a failed attempt or p99 over 3x the baseline); 0 if none. */
  recoverMs: number;
}

const failed = (attempt: Attempt) => attempt.status === 0 || attempt.status === 429 || attempt.status >= 500;

/**
 * What each fault cost, from every attempt of the run: a fault's window runs from its injection to the next fault
 * (or the end of the load). Attempts are bucketed by start second.
 */
export function faultCosts(
  attempts: readonly Attempt[],
  faults: readonly FaultRecord[],
  endMs: number,
): FaultCost[] {
  const ordered = [...faults].sort((a, b) => a.injectedMs - b.injectedMs);
  const firstFault = ordered[0]?.injectedMs ?? endMs;
  const baseline = attempts
    .filter((attempt) => attempt.startedMs + attempt.latencyMs < firstFault && !failed(attempt))
    .map((attempt) => attempt.latencyMs)
    .sort((a, b) => a - b);
  const baselineP99Ms = baseline.length ? percentile(baseline, 99) : 0;
  return ordered.map((fault, index) => {
    const windowEnd = ordered[index + 1]?.injectedMs ?? endMs;
    const inWindow = attempts.filter(
      (attempt) => attempt.startedMs >= fault.injectedMs && attempt.startedMs < windowEnd,
    );
    const buckets = new Map<number, Attempt[]>();
    for (const attempt of inWindow) {
      const second = Math.floor((attempt.startedMs - fault.injectedMs) / 1000);
      const bucket = buckets.get(second) ?? [];
      bucket.push(attempt);
      buckets.set(second, bucket);
    }
    let peakP99Ms = 0;
    let lastBad = -1;
    for (const [second, bucket] of buckets) {
      const p99 = percentile(
        bucket.map((attempt) => attempt.latencyMs).sort((a, b) => a - b),
        99,
      );
      peakP99Ms = Math.max(peakP99Ms, p99);
      const bad = bucket.some(failed) || (baselineP99Ms > 0 && p99 > 3 * baselineP99Ms);
      if (bad) lastBad = Math.max(lastBad, second);
    }
    return {
      name: fault.name,
      injectedMs: fault.injectedMs,
      ...(fault.restoredMs === undefined ? {} : { restoredMs: fault.restoredMs }),
      failedAttempts: inWindow.filter(failed).length,
      attempts: inWindow.length,
      baselineP99Ms,
      peakP99Ms,
      recoverMs: lastBad < 0 ? 0 : (lastBad + 1) * 1000,
    };
  });
}
