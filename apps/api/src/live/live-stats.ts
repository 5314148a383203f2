import { defineScript, type ScriptClient } from "@ticketing/redis-script";
import { LATENCY_EDGES_MS, latencyBucket, quantileMs } from "./histogram.js";
import addSource from "./lua/add.lua";
import readSource from "./lua/read.lua";

/** What an operator sees of one event's reservation requests over the last seconds, summed over the fleet. */
export interface Traffic {
  /** "fleet": every instance's requests (through Redis, or the embedded mode's single process). */
  readonly scope: "fleet";
  /** The seconds summed: complete seconds, ending two seconds ago so that every instance has reported. */
  readonly windowSeconds: number;
  readonly requestsPerSecond: number;
  /** Answers 2xx (a reservation made or replayed) per second. */
  readonly reservationsPerSecond: number;
  /** Answers 5xx over all answers; null without requests. */
  readonly errorRate: number | null;
  /** Answers 4xx (sold out, not admitted, limits, bad input) over all answers; null without requests. */
  readonly refusalRate: number | null;
  /** 99th percentile of the response time, as the upper edge of its histogram bucket; null without requests. */
  readonly p99Ms: number | null;
  readonly p50Ms: number | null;
}

/** Per-event figures of POST /api/reservations, kept in per-second buckets shared by the fleet. */
export interface LiveStats {
  /** Counts one answered reservation request of an event. */
  record(eventId: string, status: number, ms: number): void;
  read(eventId: string): Promise<Traffic>;
  /** Sends what is left and stops the timer. */
  close(): Promise<void>;
}

export interface LiveStatsOptions {
  /** Where the buckets are summed: the app's Redis, or the embedded mode's in-process one. */
  readonly redis: ScriptClient;
  readonly prefix: string;
  /** @default 10 */
  readonly windowSeconds?: number;
  readonly onError?: (error: unknown) => void;
  /** @default Date.now */
  readonly clock?: () => number;
}

const add = defineScript({ name: "live-add", source: addSource, keys: ["bucket"], reply: () => undefined });
const read = defineScript({
  name: "live-read",
  source: readSource,
  keys: ["bucket"],
  repeatKeys: true,
  reply: (raw) => {
    if (!Array.isArray(raw)) throw new TypeError("expected an array of buckets");
    return raw.map((bucket) => {
      if (!Array.isArray(bucket)) throw new TypeError("expected a bucket's fields");
      return bucket.map(String);
    });
  },
});

interface Bucket {
  requests: number;
  ok: number;
  refused: number;
  errors: number;
  latency: number[];
}

const FLUSH_MS = 1_000;

export function createLiveStats(options: LiveStatsOptions): LiveStats {
  const clock = options.clock ?? Date.now;
  const windowSeconds = options.windowSeconds ?? 10;
  // Buckets outlive the window by a margin, so a late flush still lands in a readable bucket.
  const ttlMs = (windowSeconds + 10) * 1000;
  const pending = new Map<string, Bucket>();
  const keyOf = (eventId: string, second: number) => `${options.prefix}{${eventId}}:${second}`;

  const flush = async (all: boolean) => {
    const current = Math.floor(clock() / 1000);
    const sends: Promise<unknown>[] = [];
    for (const [key, bucket] of pending) {
      if (!all && Number(key.slice(key.lastIndexOf(":") + 1)) >= current) continue;
      pending.delete(key);
      const fields: (string | number)[] = [];
      for (const name of ["requests", "ok", "refused", "errors"] as const) {
        if (bucket[name] > 0) fields.push(name, bucket[name]);
      }
      bucket.latency.forEach((count, index) => count > 0 && fields.push(`l${index}`, count));
      sends.push(add.run(options.redis, [key], [ttlMs, ...fields]).catch(options.onError));
    }
    await Promise.all(sends);
  };
  const timer = setInterval(() => void flush(false), FLUSH_MS);
  timer.unref();

  return {
    record(eventId, status, ms) {
      const key = keyOf(eventId, Math.floor(clock() / 1000));
      let bucket = pending.get(key);
      if (!bucket) {
        bucket = { requests: 0, ok: 0, refused: 0, errors: 0, latency: [] };
        pending.set(key, bucket);
      }
      bucket.requests++;
      if (status >= 500) bucket.errors++;
      else if (status >= 400) bucket.refused++;
      else bucket.ok++;
      const index = latencyBucket(ms);
      bucket.latency[index] = (bucket.latency[index] ?? 0) + 1;
    },
    async read(eventId) {
      const last = Math.floor(clock() / 1000) - 2;
      const keys = Array.from({ length: windowSeconds }, (_, i) => keyOf(eventId, last - i));
      const sums = new Map<string, number>();
      for (const bucket of await read.run(options.redis, keys, [])) {
        for (let i = 0; i + 1 < bucket.length; i += 2) {
          sums.set(bucket[i]!, (sums.get(bucket[i]!) ?? 0) + Number(bucket[i + 1]));
        }
      }
      const sum = (name: string) => sums.get(name) ?? 0;
      const requests = sum("requests");
      const latency = Array.from({ length: LATENCY_EDGES_MS.length + 1 }, (_, i) => sum(`l${i}`));
      return {
        scope: "fleet",
        windowSeconds,
        requestsPerSecond: requests / windowSeconds,
        reservationsPerSecond: sum("ok") / windowSeconds,
        errorRate: requests === 0 ? null : sum("errors") / requests,
        refusalRate: requests === 0 ? null : sum("refused") / requests,
        p99Ms: quantileMs(latency, 0.99),
        p50Ms: quantileMs(latency, 0.5),
      };
    },
    async close() {
      clearInterval(timer);
      await flush(true);
    },
  };
}
