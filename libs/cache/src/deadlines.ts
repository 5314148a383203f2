/** Raised for a Redis call that outlived `commandTimeout`; the cache then goes on without Redis (fail-open). */
export class RedisTimeoutError extends Error {
  override readonly name = "RedisTimeoutError";

  constructor(readonly timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
  }
}

interface Pending {
  readonly startedAt: number;
  readonly reject: (error: unknown) => void;
}

/**
 * Bounds the wait for Redis calls with one sweeping timer. node-redis's own per-command timeout stops counting once
 * the command is written, so it does not protect against a Redis that accepts commands but stalls; and a timer per
 * command (AbortSignal.timeout) costs more CPU than a GET. A call is given up between 1× and 1.5× the timeout; the
 * command itself still completes and its answer goes to `onLate` (to release a lock acquired too late, say).
 */
export class Deadlines {
  readonly #pending = new Set<Pending>();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly timeoutMs: number) {}

  track<T>(call: Promise<T>, onLate?: (value: T) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timedOut = false;
      const pending: Pending = {
        startedAt: Date.now(),
        reject: (error) => {
          timedOut = true;
          reject(error);
        },
      };
      this.#pending.add(pending);
      this.#timer ??= setInterval(() => this.#sweep(), Math.max(1, this.timeoutMs / 2)).unref();
      call.then(
        (value) => {
          this.#pending.delete(pending);
          if (timedOut) onLate?.(value);
          else resolve(value);
        },
        (error: unknown) => {
          this.#pending.delete(pending);
          reject(error);
        },
      );
    });
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sweep(): void {
    const expired = Date.now() - this.timeoutMs;
    for (const pending of this.#pending) {
      if (pending.startedAt > expired) continue;
      this.#pending.delete(pending);
      pending.reject(new RedisTimeoutError(this.timeoutMs));
    }
    if (this.#pending.size === 0) this.close();
  }
}
