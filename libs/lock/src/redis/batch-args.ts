/** One mutex release in a batch. */
export interface Call {
  resource: string;
  token: string;
}

/** One mutex acquisition in a batch. */
export interface Acquisition extends Call {
  ttlMs: number;
  waitMs: number;
  waiterId: string;
}

/** The script arguments of a kind of call, after the caller's wake-up channel: alone, or as a batch. */
export interface BatchArgs<C extends Call> {
  one(args: string[], call: C): void;
  many(args: string[], calls: readonly C[]): void;
}

export const acquireArgs: BatchArgs<Acquisition> = {
  one(args, call) {
    args.push(call.token, String(call.ttlMs), String(call.waitMs), call.waiterId);
  },
  // Runs of acquisitions with the same ttl and wait (usually the whole batch) share one header (count, ttl, waitMs),
  // followed by token and waiterId per acquisition: two strings fewer per acquisition for Redis to take in.
  many(args, calls) {
    for (let start = 0; start < calls.length;) {
      const { ttlMs, waitMs } = calls[start] as Acquisition;
      let end = start + 1;
      while (end < calls.length && sameRun(calls[end] as Acquisition, ttlMs, waitMs)) end++;
      args.push(String(end - start), String(ttlMs), String(waitMs));
      for (let i = start; i < end; i++) {
        const call = calls[i] as Acquisition;
        args.push(call.token, call.waiterId);
      }
      start = end;
    }
  },
};

export const releaseArgs: BatchArgs<Call> = {
  one(args, call) {
    args.push(call.token);
  },
  many(args, calls) {
    for (const call of calls) args.push(call.token);
  },
};

function sameRun(call: Acquisition, ttlMs: number, waitMs: number): boolean {
  return call.ttlMs === ttlMs && call.waitMs === waitMs;
}
