/**
 * Upper edges of the latency buckets, in ms: about 1.6× apart, so a percentile read from them is at most that much
 * above the truth. The last bucket holds everything slower.
 */
export const LATENCY_EDGES_MS = [
  1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800, 1_300, 2_000, 3_000, 5_000, 8_000, 13_000,
  20_000, 30_000,
] as const;

/** The bucket of a latency. */
export function latencyBucket(ms: number): number {
  const index = LATENCY_EDGES_MS.findIndex((edge) => ms <= edge);
  return index === -1 ? LATENCY_EDGES_MS.length : index;
}

const SLOWEST: number = LATENCY_EDGES_MS.at(-1)!;

/**
 * The `quantile` (0..1) of counts per bucket, as the upper edge of its bucket (the last edge for anything slower);
 * null without samples.
 */
export function quantileMs(counts: readonly number[], quantile: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(quantile * total);
  let seen = 0;
  for (const [bucket, count] of counts.entries()) {
    seen += count;
    if (seen >= rank) return LATENCY_EDGES_MS[bucket] ?? SLOWEST;
  }
  return SLOWEST;
}
