/** Resolves with the promise's outcome, or with `fallback` after `ms`; the promise keeps running either way. */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  if (ms <= 0) {
    promise.catch(() => {});
    return Promise.resolve(fallback);
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Race {
  at: number;
  resolve(value: undefined): void;
}

/**
 * Settles many promises each by its own deadline with one timer in all, instead of one timer per promise: every lock
 * release is bounded by its lock's expiry, seconds away, yet nearly all of them settle within milliseconds.
 */
export class Deadlines {
  readonly #races = new Set<Race>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;

  /** The promise's value; undefined if it rejects or is still pending at `at` (epoch ms). */
  settle<T>(promise: Promise<T>, at: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const race: Race = { at, resolve };
      this.#races.add(race);
      if (at < this.#timerAt) this.#arm(at);
      promise.then(
        (value) => {
          this.#end(race);
          resolve(value);
        },
        () => {
          this.#end(race);
          resolve(undefined);
        },
      );
    });
  }

  #end(race: Race): void {
    this.#races.delete(race);
    if (this.#races.size > 0) return;
    // Nothing left to bound: no timer keeps the process alive.
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(this.#expire, Math.max(0, at - Date.now()));
  }

  readonly #expire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const race of this.#races) {
      if (race.at > now) next = Math.min(next, race.at);
      else {
        this.#races.delete(race);
        race.resolve(undefined);
      }
    }
    if (next < Infinity) this.#arm(next);
  };
}
