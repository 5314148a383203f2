/**
 * Resolves after `ms`, or at once when `signal` aborts (the timer is cleared then, so nothing is left scheduled).
 * It never rejects: a caller that must stop on abort checks `signal.aborted` after it.
 */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
