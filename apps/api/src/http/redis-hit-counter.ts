import { windowStart, type HitCounter, type WindowCount } from "./hit-counter.js";

/** Sends one command for `key` (a node-redis client's or cluster's `sendCommand`). */
export type SendForKey = (key: string, args: string[]) => Promise<unknown>;

/**
 * Exact fleet-wide counters: one INCR (with its PEXPIRE, pipelined) per hit. The key holds the window's start, so a
 * late PEXPIRE never stretches a window; counters outlive their window by one more, then Redis drops them.
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
    const [total] = await Promise.all([
      this.send(counter, ["INCR", counter]),
      this.send(counter, ["PEXPIRE", counter, String(this.windowMs * 2)]),
    ]);
    return { total: Number(total), resetMs: start + this.windowMs };
  }

  async close(): Promise<void> {}
}
