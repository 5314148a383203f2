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
