export interface RunResult {
  name: string;
  confirmed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Requests refused although seats remained (seats never run out during a run). */
  falseSoldOut: number;
  /** Other failures (lock busy in the original design, errors). */
  failed: number;
  oversold: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Closed loop: `callers` callers call `attempt` back to back for `seconds`; latency of successful calls only. */
export async function closedLoop(
  callers: number,
  seconds: number,
  attempt: (caller: number, n: number) => Promise<"ok" | "sold_out" | "failed">,
): Promise<{
  confirmed: number;
  falseSoldOut: number;
  failed: number;
  latencies: number[];
  seconds: number;
}> {
  const latencies: number[] = [];
  let falseSoldOut = 0;
  let failed = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let n = 0; performance.now() < end; n++) {
        const t = performance.now();
        const outcome = await attempt(caller, n);
        if (outcome === "ok") latencies.push(performance.now() - t);
        else if (outcome === "sold_out") falseSoldOut++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { confirmed: latencies.length, falseSoldOut, failed, latencies, seconds: elapsed };
}
