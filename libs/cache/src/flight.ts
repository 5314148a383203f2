import { CacheLoadTimeoutError } from "./errors.js";

/** One in-process load of a key that concurrent callers share. */
export interface Flight {
  promise: Promise<unknown>;
  readonly controller: AbortController;
  readonly tags: readonly string[] | undefined;
  /** freshUntil of the entry an early refresh replaces: only a newer one found in L2 makes the load unnecessary. */
  readonly replaces: number;
  /** Set when a delete/deleteByTag/clear covers the key while loading: the value must not be cached. */
  invalidated: boolean;
}

/**
 * Runs the loader with a hard timeout. The loader's signal aborts on timeout or when the controller is aborted
 * (close()), and the returned promise settles at once in both cases even if the loader ignores its signal.
 */
export function runLoader<T>(
  key: string,
  loader: (signal: AbortSignal) => Promise<T> | T,
  controller: AbortController,
  hardTimeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const signal = controller.signal;
    const timer = setTimeout(
      () => controller.abort(new CacheLoadTimeoutError(key, hardTimeoutMs)),
      hardTimeoutMs,
    );
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      settle();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(loader(signal));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}

/**
 * Callers parked while another instance loads a key. They are woken by that instance's pub/sub write (or failure)
 * notice rather than by polling; the timeout is only a safety net for a lost message.
 */
export class FillWaiters {
  readonly #waiters = new Map<string, Set<() => void>>();

  wait(key: string, timeoutMs: number): { promise: Promise<boolean>; cancel(): void } {
    let wake!: () => void;
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<boolean>((resolve) => {
      wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      timer = setTimeout(() => {
        this.#remove(key, wake);
        resolve(false);
      }, timeoutMs);
    });
    let set = this.#waiters.get(key);
    if (set === undefined) this.#waiters.set(key, (set = new Set()));
    set.add(wake);
    return {
      promise,
      cancel: () => {
        this.#remove(key, wake);
        wake();
      },
    };
  }

  wake(key: string): void {
    const set = this.#waiters.get(key);
    if (set === undefined) return;
    this.#waiters.delete(key);
    for (const wake of set) wake();
  }

  wakeAll(): void {
    for (const key of [...this.#waiters.keys()]) this.wake(key);
  }

  #remove(key: string, wake: () => void): void {
    const set = this.#waiters.get(key);
    if (set?.delete(wake) && set.size === 0) this.#waiters.delete(key);
  }
}
