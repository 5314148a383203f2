import { windowStart, type HitCounter, type SendForKey, type WindowCount } from "./hit-counter.js";

/**
 * Fleet-wide counters without a round trip per hit: hits are counted in process and added to the Redis counter
 * (INCRBY + PEXPIRE) every `flushMs`; each instance decides with the last fleet-wide total it read plus its own
 * unflushed hits. The fleet may overshoot the limit by what other instances admit within one flush interval. Used
 * for the per-IP limit, which every request (including cached reads) pays.
 */
export class BatchedHitCounter implements HitCounter {
  private readonly timer: NodeJS.Timeout;
  private readonly pending = new Map<string, number>();
  private readonly flushing = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private flushed: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: SendForKey,
    private readonly prefix: string,
    private readonly windowMs: number,
    private readonly flushMs = 100,
    private readonly onError?: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  hit(key: string): WindowCount {
    const start = windowStart(Date.now(), this.windowMs);
    const counter = `${this.prefix}${key}:${start}`;
    const mine = (this.pending.get(counter) ?? 0) + 1;
    this.pending.set(counter, mine);
    const total = (this.seen.get(counter) ?? 0) + (this.flushing.get(counter) ?? 0) + mine;
    return { total, resetMs: start + this.windowMs };
  }

  /** Adds the hits counted since the last flush to Redis and reads back the fleet-wide totals. */
  flush(): Promise<void> {
    this.flushed = this.flushed.then(() => this.flushOnce());
    return this.flushed;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async flushOnce(): Promise<void> {
    const now = Date.now();
    for (const counter of this.seen.keys()) {
      if (Number(counter.slice(counter.lastIndexOf(":") + 1)) + this.windowMs < now)
        this.seen.delete(counter);
    }
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [counter, hits] of batch) this.flushing.set(counter, hits);
    await Promise.all(
      batch.map(async ([counter, hits]) => {
        try {
          const [total] = await Promise.all([
            this.send(counter, ["INCRBY", counter, String(hits)]),
            this.send(counter, ["PEXPIRE", counter, String(this.windowMs * 2)]),
          ]);
          this.seen.set(counter, Number(total));
        } catch (error) {
          this.seen.set(counter, (this.seen.get(counter) ?? 0) + hits);
          this.onError?.(error);
        } finally {
          this.flushing.delete(counter);
        }
      }),
    );
  }
}
