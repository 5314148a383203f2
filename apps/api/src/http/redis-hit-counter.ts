import countHit from "./count-hit.lua";
import { windowStart, type HitCounter, type SendForKey, type WindowCount } from "./hit-counter.js";

/**
 * Exact fleet-wide counters: one script call per hit (INCR, and PEXPIRE on the first). The key holds the window's
 * start, so a window never stretches; counters outlive their window by one more, then Redis drops them. EVAL with the
 * script's text rather than EVALSHA: Redis keeps the compiled script, and a restarted Redis needs no reload.
 */
export class RedisHitCounter implements HitCounter {
  constructor(
    private readonly send: SendForKey,
    private readonly prefix: string,
    private readonly windowMs: number,
  ) {}

  async hit(key: string): Promise<WindowCount> {
    const start = windowStart(Date.now(), this.windowMs);
    const counter = `${this.prefix}${key}:${start}`;
    const total = await this.send(counter, ["EVAL", countHit, "1", counter, String(this.windowMs * 2)]);
    return { total: Number(total), resetMs: start + this.windowMs };
  }

  async close(): Promise<void> {}
}
