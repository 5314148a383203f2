import { performance } from "node:perf_hooks";

/** Period of the shared stall ticker, ms. */
const TICK_MS = 20;
/** Lateness of a tick that still counts as normal scheduling under load, ms. */
const TOLERANCE_MS = 30;

let pending = 0;
let ticker: NodeJS.Timeout | null = null;
let lastTick = 0;
let stalled = 0;

function lateness(now: number): number {
  return Math.max(0, now - lastTick - TICK_MS - TOLERANCE_MS);
}

/** Milliseconds this process could not run its event loop, including a stall still going on. */
function stalledNow(): number {
  return stalled + lateness(performance.now());
}

function tick(): void {
  const now = performance.now();
  stalled += lateness(now);
  lastTick = now;
}

function hold(): void {
  if (pending++ > 0) return;
  lastTick = performance.now();
  ticker = setInterval(tick, TICK_MS);
  ticker.unref();
}

function unhold(): void {
  if (--pending > 0 || !ticker) return;
  clearInterval(ticker);
  ticker = null;
}

/**
 * Rejects with onTimeout() when `work` has not settled within `ms` of time in which this process could have read
 * its reply. A process that is busy for seconds (10,000 requests parsed in one turn of the event loop, a long GC)
 * fires all its timers late at once; a wall-clock timeout would then blame Redis for replies that were already
 * waiting in the socket. Stalls are measured by one shared ticker (running only while timeouts are pending) and
 * not charged; a timeout still fires after at most `maxStretch` × `ms` of wall time.
 */
export function responsiveTimeout<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  maxStretch = 10,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    // hold() first: a ticker that was stopped restarts from now; measured before it, the idle time since its last
    // tick would count as a stall at the start and make this timeout fire early.
    hold();
    const started = performance.now();
    const stalledAtStart = stalledNow();
    const finish = (): boolean => {
      if (done) return false;
      done = true;
      clearTimeout(timer);
      unhold();
      return true;
    };
    const check = (): void => {
      if (done) return;
      const now = performance.now();
      const responsive = now - started - (stalledNow() - stalledAtStart);
      if (responsive < ms && now - started < ms * maxStretch) {
        timer = setTimeout(check, Math.max(1, ms - responsive));
        return;
      }
      // Timers run before I/O in a turn of the loop: a reply that arrived meanwhile is read before setImmediate.
      setImmediate(() => {
        if (finish()) reject(onTimeout());
      });
    };
    let timer = setTimeout(check, ms);
    work.then(
      (value) => {
        if (finish()) resolve(value);
      },
      (error: unknown) => {
        if (finish()) reject(error as Error);
      },
    );
  });
}
