import type { Entry } from "./entry.js";

/**
 * The in-process L1: a size-bounded LRU (Map insertion order, refreshed on every hit) whose entries also expire at
 * their stale deadline, with a tag index so that `deleteByTag` does not scan.
 */
export class MemoryTier {
  readonly #entries = new Map<string, Entry>();
  readonly #byTag = new Map<string, Set<string>>();

  constructor(
    readonly maxEntries: number,
    /** Caps how long an entry lives in L1 even when L2 keeps it longer; bounds staleness if an invalidation is missed. */
    readonly maxAgeMs: number | undefined,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (now >= entry.staleUntil) {
      this.#remove(key, entry);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry, now: number): void {
    const previous = this.#entries.get(key);
    if (previous !== undefined) this.#remove(key, previous);
    let stored = entry;
    if (this.maxAgeMs !== undefined && entry.staleUntil > now + this.maxAgeMs) {
      const cap = now + this.maxAgeMs;
      stored = { ...entry, freshUntil: Math.min(entry.freshUntil, cap), staleUntil: cap };
    }
    this.#entries.set(key, stored);
    if (stored.tags) for (const tag of stored.tags) this.#index(tag, key);
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#remove(key, entry);
    return true;
  }

  deleteByTag(tag: string): number {
    const keys = this.#byTag.get(tag);
    if (keys === undefined) return 0;
    let removed = 0;
    for (const key of [...keys]) if (this.delete(key)) removed++;
    this.#byTag.delete(tag);
    return removed;
  }

  clear(): void {
    this.#entries.clear();
    this.#byTag.clear();
  }

  #index(tag: string, key: string): void {
    let keys = this.#byTag.get(tag);
    if (keys === undefined) this.#byTag.set(tag, (keys = new Set()));
    keys.add(key);
  }

  #remove(key: string, entry: Entry): void {
    this.#entries.delete(key);
    if (!entry.tags) return;
    for (const tag of entry.tags) {
      const keys = this.#byTag.get(tag);
      if (keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byTag.delete(tag);
    }
  }
}
