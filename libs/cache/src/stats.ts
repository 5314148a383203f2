/**
 * Counters since the cache was created. `hitRatio` = (hits + staleServed) / (hits + staleServed + misses): the share
 * of reads answered from the cache; 0 before the first read.
 */
export interface CacheSnapshot {
  namespace: string;
  hits: { l1: number; l2: number; total: number };
  misses: number;
  staleServed: number;
  loads: { started: number; finished: number; failed: number; shared: number; notStored: number };
  errors: number;
  hitRatio: number;
  l1: { size: number; maxEntries: number } | false;
  l2: boolean;
}

export class Counters {
  l1Hits = 0;
  l2Hits = 0;
  misses = 0;
  stale = 0;
  loadsStarted = 0;
  loadsFinished = 0;
  loadsFailed = 0;
  loadsShared = 0;
  notStored = 0;
  errors = 0;
}

/** Merges snapshots of several caches into one line per namespace. */
export function snapshotByNamespace(
  snapshots: readonly CacheSnapshot[],
): Record<string, { hits: number; misses: number; hitRatio: number }> {
  const out: Record<string, { hits: number; misses: number; hitRatio: number }> = {};
  for (const snapshot of snapshots) {
    const row = (out[snapshot.namespace] ??= { hits: 0, misses: 0, hitRatio: 0 });
    row.hits += snapshot.hits.total;
    row.misses += snapshot.misses;
    row.hitRatio = row.hits + row.misses === 0 ? 0 : row.hits / (row.hits + row.misses);
  }
  return out;
}
