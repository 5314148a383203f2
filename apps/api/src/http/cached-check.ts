/**
 * Wraps a dependency check so that it runs at most once at a time and at most once per `ttlMs`: callers in between
 * share the running check or its last answer. A flood of probes then costs the database and Redis nothing.
 */
export function cachedCheck<T>(check: () => Promise<T>, ttlMs: number): () => Promise<T> {
  let last: { answer: Promise<T>; freshUntil: number } | undefined;
  return () => {
    if (last && Date.now() < last.freshUntil) return last.answer;
    const entry = { answer: check(), freshUntil: Number.POSITIVE_INFINITY };
    const settled = () => {
      entry.freshUntil = Date.now() + ttlMs;
    };
    entry.answer.then(settled, settled);
    last = entry;
    return entry.answer;
  };
}
