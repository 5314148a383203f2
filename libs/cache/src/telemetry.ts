import { CacheEmitter } from "./events.js";
import { Counters, type CacheSnapshot } from "./stats.js";

/** Counters and events of one cache; payload objects are only built when someone listens. */
export class Telemetry {
  readonly events = new CacheEmitter();
  readonly counters = new Counters();

  constructor(readonly namespace: string) {}

  hit(key: string, tier: "l1" | "l2"): void {
    if (tier === "l1") this.counters.l1Hits++;
    else this.counters.l2Hits++;
    if (this.events.has("cache:hit")) this.events.emit("cache:hit", { namespace: this.namespace, key, tier });
  }

  miss(key: string): void {
    this.counters.misses++;
    this.events.emit("cache:miss", { namespace: this.namespace, key });
  }

  stale(key: string, reason: "swr" | "soft-timeout" | "error"): void {
    this.counters.stale++;
    this.events.emit("cache:stale", { namespace: this.namespace, key, reason });
  }

  error(operation: string, key: string | undefined, error: unknown): void {
    this.counters.errors++;
    this.events.emit("cache:error", { namespace: this.namespace, operation, key, error });
  }

  loadStarted(key: string, background: boolean): void {
    this.counters.loadsStarted++;
    this.events.emit("cache:load:started", { namespace: this.namespace, key, background });
  }

  loadFinished(key: string, durationMs: number, stored: boolean): void {
    this.counters.loadsFinished++;
    if (!stored) this.counters.notStored++;
    this.events.emit("cache:load:finished", { namespace: this.namespace, key, durationMs, stored });
  }

  loadFailed(key: string, durationMs: number, error: unknown): void {
    this.counters.loadsFailed++;
    this.events.emit("cache:load:failed", { namespace: this.namespace, key, durationMs, error });
  }

  loadShared(key: string, waitedMs: number): void {
    this.counters.loadsShared++;
    this.events.emit("cache:load:shared", { namespace: this.namespace, key, waitedMs });
  }

  invalidated(
    kind: "key" | "tag" | "clear" | "write",
    target: string | undefined,
    source: "local" | "remote",
  ): void {
    if (!this.events.has("cache:invalidated")) return;
    this.events.emit("cache:invalidated", { namespace: this.namespace, kind, target, source });
  }

  snapshot(l1: CacheSnapshot["l1"], l2: boolean): CacheSnapshot {
    const c = this.counters;
    const hits = c.l1Hits + c.l2Hits;
    const served = hits + c.stale;
    return {
      namespace: this.namespace,
      hits: { l1: c.l1Hits, l2: c.l2Hits, total: hits },
      misses: c.misses,
      staleServed: c.stale,
      loads: {
        started: c.loadsStarted,
        finished: c.loadsFinished,
        failed: c.loadsFailed,
        shared: c.loadsShared,
        notStored: c.notStored,
      },
      errors: c.errors,
      hitRatio: served + c.misses === 0 ? 0 : served / (served + c.misses),
      l1,
      l2,
    };
  }
}
