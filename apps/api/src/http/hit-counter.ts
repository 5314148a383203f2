/** Hits of one key in the current fixed window (windows are aligned to the epoch). */
export interface WindowCount {
  readonly total: number;
  /** Epoch ms at which the window ends. */
  readonly resetMs: number;
}

/** Counts hits per key in fixed windows; a synchronous answer lets the request go on without a microtask hop. */
export interface HitCounter {
  hit(key: string): WindowCount | Promise<WindowCount>;
  close(): Promise<void>;
}

/** Sends one command for `key` (a node-redis client's or cluster's `sendCommand`). */
export type SendForKey = (key: string, args: string[]) => Promise<unknown>;

export const windowStart = (now: number, windowMs: number): number => Math.floor(now / windowMs) * windowMs;

/** Per-process counters: what one instance without Redis uses. */
export class MemoryHitCounter implements HitCounter {
  private start = 0;
  private readonly hits = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  hit(key: string): WindowCount {
    const start = windowStart(Date.now(), this.windowMs);
    if (start !== this.start) {
      this.hits.clear();
      this.start = start;
    }
    const total = (this.hits.get(key) ?? 0) + 1;
    this.hits.set(key, total);
    return { total, resetMs: start + this.windowMs };
  }

  async close(): Promise<void> {
    this.hits.clear();
  }
}
