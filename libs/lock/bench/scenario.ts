import type { Contender } from "./contenders.ts";

export type { Contender };

export interface CounterStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
}

export interface Slice {
  ops: number;
  elapsedMs: number;
  waits: number[];
  overlap: boolean;
}

export interface Result {
  ops: number;
  opsPerSec: number;
  p50WaitMs: number;
  p99WaitMs: number;
  mutexOk: boolean;
}

/** Sums slices of one library; `counted` is the shared counter's final value (or the ops for distinct keys). */
export function combine(slices: Slice[], counted: number | null): Result {
  const ops = slices.reduce((sum, slice) => sum + slice.ops, 0);
  const elapsed = slices.reduce((sum, slice) => sum + slice.elapsedMs, 0);
  const waits = slices.flatMap((slice) => slice.waits).sort((a, b) => a - b);
  return {
    ops,
    opsPerSec: (ops / elapsed) * 1000,
    p50WaitMs: percentile(waits, 0.5),
    p99WaitMs: percentile(waits, 0.99),
    mutexOk: !slices.some((slice) => slice.overlap) && (counted === null || counted === ops),
  };
}

/**
 * `workers` loops of acquire -> critical section -> release for `durationMs`. With `sharedKey`, every worker takes
 * the same key and the critical section is a non-atomic GET/SET of a Redis counter, which ends equal to the number
 * of critical sections only if the lock excluded; otherwise each worker has its own key.
 */
export async function runScenario(
  contender: Contender,
  options: {
    workers: number;
    durationMs: number;
    sharedKey: string | null;
    counter: string;
    store: CounterStore;
  },
): Promise<Slice> {
  const { workers, durationMs, sharedKey, counter, store } = options;
  const waits: number[] = [];
  const inside = new Map<string, number>();
  let overlap = false;
  let ops = 0;
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const key = sharedKey ?? `w${worker}`;
      while (performance.now() < until) {
        const asked = performance.now();
        const release = await contender.acquire(key);
        waits.push(performance.now() - asked);
        const holders = (inside.get(key) ?? 0) + 1;
        inside.set(key, holders);
        if (holders > 1) overlap = true;
        if (sharedKey) {
          const value = Number((await store.get(counter)) ?? "0");
          await store.set(counter, String(value + 1));
        }
        inside.set(key, (inside.get(key) ?? 1) - 1);
        ops++;
        await release();
      }
    }),
  );
  return { ops, elapsedMs: performance.now() - started, waits, overlap };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}
