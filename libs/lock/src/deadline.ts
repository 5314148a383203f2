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
  expire(): void;
}

/**
 * Settles many promises each by its own deadline with one timer in all, instead of one timer per promise: every lock
 * release is bounded by its lock's expiry, and every store call of a wait by the wait's deadline, seconds away, yet
 * nearly all of them settle within milliseconds.
 */
export class Deadlines {
  readonly #races = new Set<Race>();
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;

  /** The promise's value; undefined if it rejects or is still pending at `at` (epoch ms). */
  settle<T>(promise: Promise<T>, at: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const race = this.#add(at, () => resolve(undefined));
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

  /** The promise's outcome (value or rejection), or `fallback` if it is still pending at `at` (epoch ms). */
  race<T, F>(promise: Promise<T>, at: number, fallback: F): Promise<T | F> {
    return new Promise((resolve, reject) => {
      const race = this.#add(at, () => resolve(fallback));
      promise.then(
        (value) => {
          this.#end(race);
          resolve(value);
        },
        (error: unknown) => {
          this.#end(race);
          reject(error);
        },
      );
    });
  }

  #add(at: number, expire: () => void): Race {
    const race = { at, expire };
    this.#races.add(race);
    if (at < this.#timerAt) this.#arm(at);
    return race;
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
        race.expire();
      }
    }
    if (next < Infinity) this.#arm(next);
  };
}
