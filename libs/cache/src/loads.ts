import type { BusKind } from "./bus.js";
import { createEntry, type Entry } from "./entry.js";
import { FillWaiters, runLoader, type Flight } from "./flight.js";
import type { KeyLayout } from "./keys.js";
import type { MemoryTier } from "./memory-tier.js";
import type { CacheLocks, LoadOptions, ResolvedOptions } from "./options.js";
import type { RedisTier } from "./redis-tier.js";
import type { Telemetry } from "./telemetry.js";

export type Loader<T> = (signal: AbortSignal) => Promise<T>;

/** What the load coordinator shares with the cache that owns it. */
export interface LoadContext {
  readonly options: ResolvedOptions;
  readonly keys: KeyLayout;
  readonly l1: MemoryTier | undefined;
  readonly l2: RedisTier | undefined;
  readonly locks: CacheLocks | undefined;
  readonly telemetry: Telemetry;
  publish(kind: BusKind, target: string): Promise<void>;
  serialize(key: string, value: unknown): string | undefined;
}

/**
 * Runs loaders: one per key in this process (single flight), one per key in the fleet when a lock service is
 * available, with snapshot-checked writes so that an invalidation during the load wins.
 */
export class Loads {
  readonly waiters = new FillWaiters();
  readonly #flights = new Map<string, Flight>();
  readonly #background = new Set<Promise<unknown>>();

  constructor(readonly ctx: LoadContext) {}

  /** Joins the running load of the key, or starts one. */
  flight(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    background = false,
    replaces = 0,
  ): Flight {
    const existing = this.#flights.get(key);
    if (existing !== undefined) return existing;
    const flight: Flight = {
      promise: Promise.resolve(),
      controller: new AbortController(),
      tags: options?.tags,
      replaces,
      invalidated: false,
    };
    flight.promise = this.#load(key, loader, options, flight, background).finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    flight.promise.catch(() => undefined);
    this.#flights.set(key, flight);
    return flight;
  }

  /** Starts a background refresh unless one already runs; `replaces` is the freshUntil of the entry it replaces. */
  refresh(key: string, loader: Loader<unknown>, options: LoadOptions | undefined, replaces: number): void {
    if (this.#flights.has(key)) return;
    const task = this.flight(key, loader, options, true, replaces).promise.catch(() => undefined);
    this.#background.add(task);
    void task.finally(() => this.#background.delete(task));
  }

  /** Marks matching loads so that they do not store their value, and lets later callers start afresh. */
  invalidate(matches: (key: string, flight: Flight) => boolean): void {
    for (const [key, flight] of this.#flights) {
      if (!matches(key, flight)) continue;
      flight.invalidated = true;
      this.#flights.delete(key);
    }
  }

  async close(reason: unknown): Promise<void> {
    for (const flight of this.#flights.values()) flight.controller.abort(reason);
    this.waiters.wakeAll();
    await Promise.allSettled([...this.#background]);
  }

  /** Never rejects: a Redis failure is reported and reads as a miss. */
  async readL2(key: string): Promise<Entry | undefined> {
    try {
      return await this.ctx.l2?.get(key);
    } catch (error) {
      this.ctx.telemetry.error("get", key, error);
      return undefined;
    }
  }

  async #readForLoad(key: string): Promise<{ entry: Entry | undefined; snapshot: number } | undefined> {
    try {
      return await this.ctx.l2?.readForLoad(key);
    } catch (error) {
      this.ctx.telemetry.error("get", key, error);
      return undefined;
    }
  }

  async #load(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    flight: Flight,
    background: boolean,
  ): Promise<unknown> {
    if (this.ctx.l2 === undefined)
      return this.#loadAndStore(key, loader, options, flight, background, undefined);
    if (this.ctx.locks !== undefined) return this.#loadAcrossFleet(key, loader, options, flight, background);
    const read = await this.#readForLoad(key);
    if (usable(read?.entry, flight)) return this.#adopt(key, read.entry);
    return this.#loadAndStore(key, loader, options, flight, background, read?.snapshot);
  }

  /** One loader in the whole fleet: the lock holder loads; the others wait to be woken by its write notice. */
  async #loadAcrossFleet(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    flight: Flight,
    background: boolean,
  ): Promise<unknown> {
    const { options: o, locks, l2, telemetry } = this.ctx;
    const started = Date.now();
    const deadline = started + o.fleetWait;
    const resource = this.ctx.keys.lockResource(key);
    // A reconnecting Redis would park the lock call: load here at once instead (fail-open).
    while (!flight.controller.signal.aborted && l2!.isReady) {
      let lock: { release(): Promise<void> } | null;
      try {
        // A lock granted after we gave up on it is released at once, so that it does not hold the others back.
        lock = await l2!.bound(locks!.tryAcquire(resource, { ttlMs: o.hardTimeout + 2_000 }), (late) => {
          void late?.release().catch(() => undefined);
        });
      } catch (error) {
        telemetry.error("lock", key, error);
        break;
      }
      if (lock !== null) {
        try {
          const read = await this.#readForLoad(key);
          if (usable(read?.entry, flight)) return this.#adopt(key, read.entry);
          return await this.#loadAndStore(key, loader, options, flight, background, read?.snapshot);
        } finally {
          await lock.release().catch((error: unknown) => telemetry.error("unlock", key, error));
        }
      }
      if (background) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      // Register before reading so that a write notice between the read and the wait is not missed.
      const wait = this.waiters.wait(key, Math.min(remaining, 1_000));
      const entry = await this.readL2(key);
      if (usable(entry, flight)) {
        wait.cancel();
        return this.#shared(key, entry, started);
      }
      if (await wait.promise) {
        const filled = await this.readL2(key);
        if (usable(filled, flight)) return this.#shared(key, filled, started);
      }
    }
    if (flight.controller.signal.aborted) throw flight.controller.signal.reason;
    // The bounded wait ran out (or the lock service failed): load here rather than fail.
    const read = await this.#readForLoad(key);
    return this.#loadAndStore(key, loader, options, flight, background, read?.snapshot);
  }

  async #loadAndStore(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    flight: Flight,
    background: boolean,
    snapshot: number | undefined,
  ): Promise<unknown> {
    const { options: o, l1, l2, telemetry } = this.ctx;
    const started = Date.now();
    telemetry.loadStarted(key, background);
    let value: unknown;
    try {
      value = await runLoader(key, loader, flight.controller, o.hardTimeout);
    } catch (error) {
      telemetry.loadFailed(key, Date.now() - started, error);
      this.#notifyFailure(key);
      throw error;
    }
    const now = Date.now();
    const entry = createEntry(value, o, options, now - started, now, false);
    let stored = false;
    if (entry !== undefined && !flight.invalidated) {
      let payload: string | undefined;
      try {
        payload = this.ctx.serialize(key, value);
      } catch (error) {
        // A value that cannot be stored is the caller's bug: report it, but wake the fleet's waiters first.
        telemetry.loadFailed(key, now - started, error);
        this.#notifyFailure(key);
        throw error;
      }
      // Without an answer from Redis, L1 still takes the value: `flight.invalidated` guards local invalidations.
      let keepLocally = l2 === undefined;
      if (l2 === undefined) void this.ctx.publish("w", key);
      else if (snapshot === undefined) keepLocally = true;
      else {
        try {
          stored = await l2.write(key, entry, payload, snapshot, now);
        } catch (error) {
          telemetry.error("write", key, error);
          keepLocally = true;
        }
      }
      if ((stored || keepLocally) && !flight.invalidated) {
        l1?.set(key, entry, now);
        stored ||= l2 === undefined;
      }
    }
    if (stored) this.waiters.wake(key);
    else this.#notifyFailure(key);
    telemetry.loadFinished(key, now - started, stored);
    return value;
  }

  /**
   * Wakes whoever waits for this key to be filled: other instances through the bus, and a later flight of this
   * instance (one started after an invalidation) directly, since an instance skips its own messages.
   */
  #notifyFailure(key: string): void {
    this.waiters.wake(key);
    if (this.ctx.locks !== undefined) void this.ctx.publish("x", key);
  }

  #adopt(key: string, entry: Entry): unknown {
    this.ctx.l1?.set(key, entry, Date.now());
    return entry.value;
  }

  #shared(key: string, entry: Entry, started: number): unknown {
    this.ctx.telemetry.loadShared(key, Date.now() - started);
    return this.#adopt(key, entry);
  }
}

/** A value found in L2 while loading ends the load: it is fresh and newer than the entry being refreshed. */
function usable(entry: Entry | undefined, flight: Flight): entry is Entry {
  return entry !== undefined && Date.now() < entry.freshUntil && entry.freshUntil > flight.replaces;
}
