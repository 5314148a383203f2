import type { Entry } from "./entry.js";
import type { Loader, Loads } from "./loads.js";
import type { LoadOptions } from "./options.js";

const STALE = Symbol("stale");

/**
 * What a miss returns: the stale entry at once with a refresh behind it (stale-while-revalidate), or else the shared
 * load, cut short by the soft timeout (serving the stale entry) and by the caller's signal, and the stale entry when
 * the load fails (stale-on-error). `stale` is the newest expired entry still within its grace, if any.
 */
export async function serveMiss<T>(
  loads: Loads,
  key: string,
  loader: Loader<T>,
  options: LoadOptions | undefined,
  stale: Entry | undefined,
  refreshing: boolean,
): Promise<T> {
  const { options: o, telemetry } = loads.ctx;
  if (stale !== undefined && o.staleWhileRevalidate) {
    telemetry.stale(key, "swr");
    if (refreshing) loads.refresh(key, loader, options, 0);
    return stale.value as T;
  }
  telemetry.miss(key);
  let pending: Promise<unknown> = loads.flight(key, loader, options).promise;
  const cleanups: (() => void)[] = [];
  if (stale !== undefined && o.softTimeout !== undefined) {
    pending = Promise.race([pending, delay(o.softTimeout, cleanups).then(() => STALE)]);
  }
  const signal = options?.signal;
  if (signal !== undefined) pending = Promise.race([pending, aborted(signal, cleanups)]);
  try {
    const value = await pending;
    if (value !== STALE) return value as T;
    telemetry.stale(key, "soft-timeout");
    return stale!.value as T;
  } catch (error) {
    if (stale === undefined || !o.serveStaleOnError || signal?.aborted) throw error;
    telemetry.stale(key, "error");
    return stale.value as T;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

function delay(ms: number, cleanups: (() => void)[]): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    cleanups.push(() => clearTimeout(timer));
  });
}

function aborted(signal: AbortSignal, cleanups: (() => void)[]): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener("abort", onAbort));
  });
}
