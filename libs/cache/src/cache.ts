import { randomBytes } from "node:crypto";
import { Bus, encodeMessage, INSTANCE_ID_LENGTH, type BusKind } from "./bus.js";
import type { Entry } from "./entry.js";
import { CacheClosedError, CacheInputError, CacheSerializationError } from "./errors.js";
import { CacheEmitter, type CacheEventName, type CacheListener } from "./events.js";
import { FillWaiters, runLoader, type Flight } from "./flight.js";
import { KeyLayout } from "./keys.js";
import { MemoryTier } from "./memory-tier.js";
import {
  resolveOptions,
  type CacheLocks,
  type CacheOptions,
  type LoadOptions,
  type ResolvedOptions,
} from "./options.js";
import { RedisTier } from "./redis-tier.js";
import { Counters, type CacheSnapshot } from "./stats.js";
import { assertDuration, assertKey, assertTags, assertTtl } from "./validate.js";

export type Loader<T> = (signal: AbortSignal) => Promise<T>;

/** Cache-aside over an in-process L1 and a Redis L2. All durations are in milliseconds. */
export interface Cache {
  readonly namespace: string;
  /** The cached value, or the loader's result (run once per key across the fleet) stored for next time. */
  getOrLoad<T>(key: string, loader: Loader<T>, options?: LoadOptions): Promise<T>;
  /** The fresh cached value, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, options?: Omit<LoadOptions, "signal">): Promise<void>;
  /** Removes the key everywhere (L2 and every instance's L1); loads already running will not write it back. */
  delete(key: string): Promise<void>;
  deleteByTag(tag: string): Promise<void>;
  /** Removes every key of this namespace. */
  clear(): Promise<void>;
  /** Cache-aside around any async function. */
  wrap<A extends unknown[], T>(
    fn: (...args: A) => Promise<T>,
    keyOf: (...args: A) => string,
    options?: LoadOptions,
  ): (...args: A) => Promise<T>;
  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): void;
  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void;
  snapshot(): CacheSnapshot;
  /** Resolves once the invalidation subscriber listens (immediately without Redis). */
  ready(): Promise<void>;
  /** Aborts running loaders, closes the subscriber (and the locks the cache created). Never closes the caller's client. */
  close(): Promise<void>;
}

/** What the cache needs from the locks it created itself so that it can close them. */
export type OwnedLocks = CacheLocks & { close(): Promise<void> };

const STALE = Symbol("stale");
const MAX_PENDING_INVALIDATIONS = 1_000;

export class TieredCache implements Cache {
  readonly namespace: string;
  readonly #o: ResolvedOptions;
  readonly #l1: MemoryTier | undefined;
  readonly #l2: RedisTier | undefined;
  /** Redis for messages; the same object as #l2 unless the L2 tier is turned off. */
  readonly #redis: RedisTier | undefined;
  readonly #bus: Bus | undefined;
  readonly #locks: CacheLocks | undefined;
  readonly #ownedLocks: OwnedLocks | undefined;
  readonly #keys: KeyLayout;
  readonly #events = new CacheEmitter();
  readonly #counters = new Counters();
  readonly #flights = new Map<string, Flight>();
  readonly #waiters = new FillWaiters();
  readonly #background = new Set<Promise<unknown>>();
  readonly #pending: (() => Promise<void>)[] = [];
  readonly #instanceId = randomBytes(INSTANCE_ID_LENGTH / 2).toString("hex");
  #closed = false;

  constructor(
    options: CacheOptions,
    createLocks?: (redis: NonNullable<CacheOptions["redis"]>) => OwnedLocks,
  ) {
    this.#o = resolveOptions(options);
    this.namespace = this.#o.namespace;
    this.#keys = new KeyLayout(this.#o.prefix, this.namespace);
    if (this.#o.l1) this.#l1 = new MemoryTier(this.#o.l1.maxEntries, this.#o.l1.ttl);
    const redis = options.redis;
    if (redis === undefined) return;
    const generationTtl = 2 * this.#o.hardTimeout + this.#o.fleetWait + 60_000;
    this.#redis = new RedisTier(
      redis,
      this.#keys,
      this.#o.serializer,
      this.#o.commandTimeout,
      generationTtl,
      this.#instanceId,
    );
    if (this.#o.l2) {
      this.#l2 = this.#redis;
      if (options.locks === undefined && createLocks) this.#locks = this.#ownedLocks = createLocks(redis);
      else if (options.locks) this.#locks = options.locks;
    }
    this.#bus = new Bus(redis, this.#keys.channel, this.#instanceId, {
      onMessage: (kind, target) => this.#onRemote(kind, target),
      onReconnect: () => this.#onReconnect(),
      onError: (error) => this.#error("subscribe", undefined, error),
    });
  }

  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    this.#events.on(event, listener);
  }

  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    this.#events.off(event, listener);
  }

  ready(): Promise<void> {
    return this.#bus?.ready ?? Promise.resolve();
  }

  getOrLoad<T>(key: string, loader: Loader<T>, options?: LoadOptions): Promise<T> {
    try {
      this.#check(key, options);
      if (typeof loader !== "function")
        throw new CacheInputError("E_INVALID_OPTION", "loader", loader, "must be a function");
    } catch (error) {
      return Promise.reject(error);
    }
    const l1 = this.#l1;
    if (l1 !== undefined) {
      const now = Date.now();
      const entry = l1.get(key, now);
      if (entry !== undefined && now < entry.freshUntil) {
        this.#counters.l1Hits++;
        if (this.#events.has("cache:hit"))
          this.#events.emit("cache:hit", { namespace: this.namespace, key, tier: "l1" });
        if (this.#o.earlyRefresh > 0) this.#maybeRefreshEarly(key, entry, now, loader, options);
        return Promise.resolve(entry.value as T);
      }
      return this.#getOrLoadSlow(key, loader, options, entry);
    }
    return this.#getOrLoadSlow(key, loader, options, undefined);
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.#check(key, undefined);
    const now = Date.now();
    const local = this.#l1?.get(key, now);
    if (local !== undefined && now < local.freshUntil) {
      this.#hit(key, "l1");
      return local.value as T;
    }
    const remote = await this.#readL2(key);
    if (remote !== undefined && Date.now() < remote.freshUntil) {
      this.#l1?.set(key, remote, Date.now());
      this.#hit(key, "l2");
      return remote.value as T;
    }
    this.#miss(key);
    return undefined;
  }

  async set<T>(key: string, value: T, options?: Omit<LoadOptions, "signal">): Promise<void> {
    this.#check(key, options);
    const now = Date.now();
    const entry = this.#entry(value, options, 0, now, true)!;
    const payload = this.#serialize(key, value);
    this.#invalidateFlights((flightKey) => flightKey === key);
    this.#l1?.set(key, entry, now);
    if (this.#l2) {
      await this.#l2
        .write(key, entry, payload, -1, now)
        .catch((error: unknown) => this.#error("set", key, error));
    } else await this.#publish("w", key);
  }

  async delete(key: string): Promise<void> {
    this.#check(key, undefined);
    this.#applyInvalidation("d", key, "local");
    await this.#invalidateRemote("d", key, (l2) => l2.delete(key));
  }

  async deleteByTag(tag: string): Promise<void> {
    this.#assertOpen();
    assertKey(tag, "tag");
    this.#applyInvalidation("t", tag, "local");
    await this.#invalidateRemote("t", tag, (l2) => l2.deleteByTag(tag));
  }

  async clear(): Promise<void> {
    this.#assertOpen();
    this.#applyInvalidation("c", "", "local");
    await this.#invalidateRemote("c", "", (l2) => l2.clear());
  }

  wrap<A extends unknown[], T>(
    fn: (...args: A) => Promise<T>,
    keyOf: (...args: A) => string,
    options?: LoadOptions,
  ): (...args: A) => Promise<T> {
    return (...args: A) => this.getOrLoad(keyOf(...args), () => fn(...args), options);
  }

  snapshot(): CacheSnapshot {
    const c = this.#counters;
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
      l1: this.#l1 ? { size: this.#l1.size, maxEntries: this.#l1.maxEntries } : false,
      l2: this.#l2 !== undefined,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new CacheClosedError(this.namespace);
    for (const flight of this.#flights.values()) flight.controller.abort(reason);
    this.#waiters.wakeAll();
    await Promise.allSettled([...this.#background]);
    await this.#bus?.close();
    await this.#ownedLocks?.close().catch(() => undefined);
    this.#l1?.clear();
  }

  // ---- reads and loads -------------------------------------------------------------------------------------------

  async #getOrLoadSlow<T>(
    key: string,
    loader: Loader<T>,
    options: LoadOptions | undefined,
    local: Entry | undefined,
  ): Promise<T> {
    let stale = local;
    if (this.#l2 !== undefined) {
      const remote = await this.#readL2(key);
      if (remote !== undefined) {
        const now = Date.now();
        if (now < remote.freshUntil) {
          this.#l1?.set(key, remote, now);
          this.#hit(key, "l2");
          return remote.value as T;
        }
        if (now < remote.staleUntil && (stale === undefined || remote.freshUntil > stale.freshUntil))
          stale = remote;
      }
    }
    if (stale !== undefined && this.#o.staleWhileRevalidate) {
      this.#stale(key, "swr");
      this.#refresh(key, loader, options, 0);
      return stale.value as T;
    }
    this.#miss(key);
    const flight = this.#flight(key, loader, options, false);
    let pending: Promise<unknown> = flight.promise;
    const cleanups: (() => void)[] = [];
    if (stale !== undefined && this.#o.softTimeout !== undefined) {
      pending = Promise.race([pending, delay(this.#o.softTimeout, cleanups).then(() => STALE)]);
    }
    const signal = options?.signal;
    if (signal !== undefined) pending = Promise.race([pending, aborted(signal, cleanups)]);
    try {
      const value = await pending;
      if (value !== STALE) return value as T;
      this.#stale(key, "soft-timeout");
      return stale!.value as T;
    } catch (error) {
      if (stale === undefined || !this.#o.serveStaleOnError || signal?.aborted) throw error;
      this.#stale(key, "error");
      return stale.value as T;
    } finally {
      for (const cleanup of cleanups) cleanup();
    }
  }

  #maybeRefreshEarly(
    key: string,
    entry: Entry,
    now: number,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
  ): void {
    // XFetch: refresh with a probability that grows as expiry nears, scaled by how long a load takes.
    if (
      entry.loadMs > 0 &&
      now - entry.loadMs * this.#o.earlyRefresh * Math.log(Math.random()) >= entry.freshUntil
    ) {
      this.#refresh(key, loader, options, entry.freshUntil);
    }
  }

  #refresh(key: string, loader: Loader<unknown>, options: LoadOptions | undefined, replaces: number): void {
    if (this.#flights.has(key) || this.#closed) return;
    const task = this.#flight(key, loader, options, true, replaces).promise.catch(() => undefined);
    this.#background.add(task);
    void task.finally(() => this.#background.delete(task));
  }

  #flight(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    background: boolean,
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

  async #load(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    flight: Flight,
    background: boolean,
  ): Promise<unknown> {
    if (this.#l2 === undefined)
      return this.#loadAndStore(key, loader, options, flight, background, undefined);
    if (this.#locks === undefined) {
      const read = await this.#readForLoad(key);
      if (usable(read?.entry, flight)) return this.#adopt(key, read!.entry!);
      return this.#loadAndStore(key, loader, options, flight, background, read?.snapshot);
    }
    return this.#loadAcrossFleet(key, loader, options, flight, background);
  }

  /** One loader in the whole fleet: the lock holder loads; the others wait to be woken by its write notice. */
  async #loadAcrossFleet(
    key: string,
    loader: Loader<unknown>,
    options: LoadOptions | undefined,
    flight: Flight,
    background: boolean,
  ): Promise<unknown> {
    const started = Date.now();
    const deadline = started + this.#o.fleetWait;
    const resource = this.#keys.lockResource(key);
    // A reconnecting Redis would park the lock call; load here at once instead (fail-open).
    while (!flight.controller.signal.aborted && this.#redis!.raw.isReady) {
      let lock: { release(): Promise<void> } | null;
      try {
        lock = await this.#locks!.tryAcquire(resource, { ttlMs: this.#o.hardTimeout + 2_000 });
      } catch (error) {
        this.#error("lock", key, error);
        break;
      }
      if (lock !== null) {
        try {
          const read = await this.#readForLoad(key);
          if (usable(read?.entry, flight)) return this.#adopt(key, read!.entry!);
          return await this.#loadAndStore(key, loader, options, flight, background, read?.snapshot);
        } finally {
          await lock.release().catch((error: unknown) => this.#error("unlock", key, error));
        }
      }
      if (background) return undefined;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const wait = this.#waiters.wait(key, Math.min(remaining, 1_000));
      const entry = await this.#readL2(key);
      if (usable(entry, flight)) {
        wait.cancel();
        return this.#shared(key, entry, started);
      }
      if (await wait.promise) {
        const filled = await this.#readL2(key);
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
    const started = Date.now();
    this.#counters.loadsStarted++;
    this.#events.emit("cache:load:started", { namespace: this.namespace, key, background });
    let value: unknown;
    try {
      value = await runLoader(key, loader, flight.controller, this.#o.hardTimeout);
    } catch (error) {
      this.#counters.loadsFailed++;
      this.#events.emit("cache:load:failed", {
        namespace: this.namespace,
        key,
        durationMs: Date.now() - started,
        error,
      });
      if (this.#locks !== undefined) void this.#publish("x", key);
      throw error;
    }
    const now = Date.now();
    const durationMs = now - started;
    const entry = this.#entry(value, options, durationMs, now, false);
    let stored = false;
    if (entry !== undefined && !flight.invalidated) {
      const payload = this.#serialize(key, value);
      let remoteFailed = false;
      if (this.#l2 !== undefined && snapshot !== undefined) {
        try {
          stored = await this.#l2.write(key, entry, payload, snapshot, now);
        } catch (error) {
          this.#error("write", key, error);
          remoteFailed = true;
        }
      } else {
        remoteFailed = this.#l2 !== undefined;
        if (this.#l2 === undefined) void this.#publish("w", key);
      }
      // Without a Redis answer the L1 copy is still guarded by `flight.invalidated` for local invalidations.
      if ((stored || remoteFailed || this.#l2 === undefined) && !flight.invalidated) {
        this.#l1?.set(key, entry, now);
        stored = stored || this.#l2 === undefined;
      }
    }
    if (!stored) {
      this.#counters.notStored++;
      if (this.#locks !== undefined) void this.#publish("x", key);
    }
    this.#counters.loadsFinished++;
    this.#events.emit("cache:load:finished", { namespace: this.namespace, key, durationMs, stored });
    return value;
  }

  #adopt(key: string, entry: Entry): unknown {
    this.#l1?.set(key, entry, Date.now());
    return entry.value;
  }

  #shared(key: string, entry: Entry, started: number): unknown {
    this.#counters.loadsShared++;
    this.#events.emit("cache:load:shared", {
      namespace: this.namespace,
      key,
      waitedMs: Date.now() - started,
    });
    return this.#adopt(key, entry);
  }

  async #readL2(key: string): Promise<Entry | undefined> {
    try {
      return await this.#l2?.get(key);
    } catch (error) {
      this.#error("get", key, error);
      return undefined;
    }
  }

  async #readForLoad(key: string): Promise<{ entry: Entry | undefined; snapshot: number } | undefined> {
    try {
      return await this.#l2?.readForLoad(key);
    } catch (error) {
      this.#error("get", key, error);
      return undefined;
    }
  }

  // ---- invalidation ----------------------------------------------------------------------------------------------

  #applyInvalidation(kind: "d" | "t" | "c" | "w", target: string, source: "local" | "remote"): void {
    if (kind === "d" || kind === "w") this.#l1?.delete(target);
    if (kind === "d") this.#invalidateFlights((flightKey) => flightKey === target);
    if (kind === "t") {
      this.#l1?.deleteByTag(target);
      this.#invalidateFlights((_, flight) => flight.tags?.includes(target) === true);
    }
    if (kind === "c") {
      this.#l1?.clear();
      this.#invalidateFlights(() => true);
    }
    if (this.#events.has("cache:invalidated")) {
      const names = { d: "key", t: "tag", c: "clear", w: "write" } as const;
      this.#events.emit("cache:invalidated", {
        namespace: this.namespace,
        kind: names[kind],
        target: kind === "c" ? undefined : target,
        source,
      });
    }
  }

  #invalidateFlights(matches: (key: string, flight: Flight) => boolean): void {
    for (const [flightKey, flight] of this.#flights) {
      if (!matches(flightKey, flight)) continue;
      flight.invalidated = true;
      this.#flights.delete(flightKey);
    }
  }

  async #invalidateRemote(
    kind: "d" | "t" | "c",
    target: string,
    viaL2: (l2: RedisTier) => Promise<void>,
  ): Promise<void> {
    const l2 = this.#l2;
    const run = l2 ? () => viaL2(l2) : this.#redis ? () => this.#publishOrThrow(kind, target) : undefined;
    if (run === undefined) return;
    try {
      await run();
    } catch (error) {
      this.#error(
        kind === "d" ? "delete" : kind === "t" ? "deleteByTag" : "clear",
        kind === "d" ? target : undefined,
        error,
      );
      // Replayed when the subscriber reconnects, so that an outage does not leave other instances' copies alive.
      if (this.#pending.length >= MAX_PENDING_INVALIDATIONS)
        this.#pending.splice(0, this.#pending.length, () =>
          this.#invalidateRemote("c", "", (l2) => l2.clear()),
        );
      else this.#pending.push(run);
    }
  }

  #onRemote(kind: BusKind, target: string): void {
    if (kind === "x") return this.#waiters.wake(target);
    this.#applyInvalidation(kind, target, "remote");
    if (kind === "w" || kind === "d") this.#waiters.wake(target);
  }

  #onReconnect(): void {
    // Messages sent while disconnected are lost: nothing in L1 can be trusted any more.
    this.#l1?.clear();
    this.#waiters.wakeAll();
    const pending = this.#pending.splice(0);
    for (const run of pending) void run().catch((error: unknown) => this.#error("replay", undefined, error));
  }

  async #publish(kind: BusKind, target: string): Promise<void> {
    await this.#publishOrThrow(kind, target).catch((error: unknown) => this.#error("publish", target, error));
  }

  async #publishOrThrow(kind: BusKind, target: string): Promise<void> {
    await this.#redis?.publish(encodeMessage(kind, this.#instanceId, target));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /** Undefined when the value is a "not found" that negative caching is turned off for. */
  #entry(
    value: unknown,
    options: Omit<LoadOptions, "signal"> | undefined,
    loadMs: number,
    now: number,
    explicit: boolean,
  ): Entry | undefined {
    const negative = value === undefined || value === null;
    const o = this.#o;
    let ttl = options?.ttl ?? o.ttl;
    if (negative && !explicit) {
      if (o.negativeTtl === false) return undefined;
      ttl = o.negativeTtl;
    }
    const freshUntil = now + Math.max(1, Math.round(ttl * (1 - o.jitter * Math.random())));
    const grace = negative ? 0 : (options?.grace ?? o.grace);
    return { value, freshUntil, staleUntil: freshUntil + grace, tags: options?.tags, loadMs };
  }

  #serialize(key: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    try {
      return this.#o.serializer.serialize(value);
    } catch (error) {
      throw new CacheSerializationError(key, (error as Error).message, { cause: error });
    }
  }

  #check(key: string, options: Omit<LoadOptions, "signal"> | undefined): void {
    this.#assertOpen();
    assertKey(key);
    if (options === undefined) return;
    if (options.ttl !== undefined) assertTtl(options.ttl, "ttl");
    if (options.grace !== undefined) assertDuration(options.grace, "grace");
    if (options.tags !== undefined) assertTags(options.tags);
  }

  #assertOpen(): void {
    if (this.#closed) throw new CacheClosedError(this.namespace);
  }

  #hit(key: string, tier: "l1" | "l2"): void {
    if (tier === "l1") this.#counters.l1Hits++;
    else this.#counters.l2Hits++;
    this.#events.emit("cache:hit", { namespace: this.namespace, key, tier });
  }

  #miss(key: string): void {
    this.#counters.misses++;
    this.#events.emit("cache:miss", { namespace: this.namespace, key });
  }

  #stale(key: string, reason: "swr" | "soft-timeout" | "error"): void {
    this.#counters.stale++;
    this.#events.emit("cache:stale", { namespace: this.namespace, key, reason });
  }

  #error(operation: string, key: string | undefined, error: unknown): void {
    this.#counters.errors++;
    this.#events.emit("cache:error", { namespace: this.namespace, operation, key, error });
  }
}

/** A value found in L2 while loading ends the load: it is fresh and newer than the entry being refreshed. */
function usable(entry: Entry | undefined, flight: Flight): entry is Entry {
  return entry !== undefined && Date.now() < entry.freshUntil && entry.freshUntil > flight.replaces;
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
