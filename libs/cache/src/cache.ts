import { randomBytes } from "node:crypto";
import { Bus, INSTANCE_ID_LENGTH } from "./bus.js";
import { createEntry, type Entry } from "./entry.js";
import { CacheClosedError, CacheInputError, CacheSerializationError } from "./errors.js";
import type { CacheEventName, CacheListener } from "./events.js";
import { Invalidations } from "./invalidation.js";
import { KeyLayout } from "./keys.js";
import { Loads, type Loader } from "./loads.js";
import { MemoryTier } from "./memory-tier.js";
import { serveMiss } from "./miss.js";
import {
  resolveOptions,
  type CacheLocks,
  type CacheOptions,
  type LoadOptions,
  type ResolvedOptions,
} from "./options.js";
import { RedisTier } from "./redis-tier.js";
import type { CacheSnapshot } from "./stats.js";
import { Telemetry } from "./telemetry.js";
import { assertDuration, assertKey, assertTags, assertTtl } from "./validate.js";

export type { Loader } from "./loads.js";

/** Cache-aside over an in-process L1 and a Redis L2. All durations are in milliseconds. */
export interface Cache {
  readonly namespace: string;
  /** The cached value, or the loader's result (run once per key across the fleet) stored for next time. */
  getOrLoad<T>(key: string, loader: Loader<T>, options?: LoadOptions): Promise<T>;
  /** The fresh cached value, or undefined. */
  get<T>(key: string): Promise<T | undefined>;
  /**
   * The fresh value in this instance's memory (L1), synchronously, or undefined: never asks Redis, never loads, leaves
   * early refresh to `getOrLoad`. For a hot path that can answer without a promise.
   */
  peek<T>(key: string): T | undefined;
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

export class TieredCache implements Cache {
  readonly namespace: string;
  readonly #o: ResolvedOptions;
  readonly #l1: MemoryTier | undefined;
  readonly #l2: RedisTier | undefined;
  /** Redis for messages: the same object as #l2 unless the L2 tier is turned off. */
  readonly #redis: RedisTier | undefined;
  readonly #bus: Bus | undefined;
  readonly #ownedLocks: OwnedLocks | undefined;
  readonly #telemetry: Telemetry;
  readonly #loads: Loads;
  readonly #invalidations: Invalidations;
  readonly #instanceId = randomBytes(INSTANCE_ID_LENGTH / 2).toString("hex");
  #closed = false;

  constructor(
    options: CacheOptions,
    createLocks?: (redis: NonNullable<CacheOptions["redis"]>) => OwnedLocks,
  ) {
    const o = (this.#o = resolveOptions(options));
    this.namespace = o.namespace;
    this.#telemetry = new Telemetry(o.namespace);
    const keys = new KeyLayout(o.prefix, o.namespace);
    if (o.l1) this.#l1 = new MemoryTier(o.l1.maxEntries, o.l1.ttl);
    const redis = options.redis;
    let locks: CacheLocks | undefined;
    if (redis !== undefined) {
      const generationTtl = 2 * o.hardTimeout + o.fleetWait + 60_000;
      this.#redis = new RedisTier(
        redis,
        keys,
        o.serializer,
        o.commandTimeout,
        generationTtl,
        this.#instanceId,
      );
      if (o.l2) {
        this.#l2 = this.#redis;
        if (options.locks === undefined && createLocks) locks = this.#ownedLocks = createLocks(redis);
        else if (options.locks) locks = options.locks;
      }
      this.#bus = new Bus(redis, keys.channel, this.#instanceId, {
        onMessage: (kind, target) => this.#invalidations.onRemote(kind, target),
        onReconnect: () => this.#invalidations.onReconnect(),
        onError: (error) => this.#telemetry.error("subscribe", undefined, error),
      });
    }
    this.#loads = new Loads({
      options: o,
      keys,
      l1: this.#l1,
      l2: this.#l2,
      locks,
      telemetry: this.#telemetry,
      publish: (kind, target) => this.#invalidations.publish(kind, target),
      serialize: (key, value) => this.#serialize(key, value),
    });
    this.#invalidations = new Invalidations({
      instanceId: this.#instanceId,
      l1: this.#l1,
      l2: this.#l2,
      redis: this.#redis,
      loads: this.#loads,
      telemetry: this.#telemetry,
    });
  }

  on<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    this.#telemetry.events.on(event, listener);
  }

  off<E extends CacheEventName>(event: E, listener: CacheListener<E>): void {
    this.#telemetry.events.off(event, listener);
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
    let local: Entry | undefined;
    if (this.#l1 !== undefined) {
      const now = Date.now();
      local = this.#l1.get(key, now);
      if (local !== undefined && now < local.freshUntil) {
        this.#telemetry.hit(key, "l1");
        if (this.#o.earlyRefresh > 0) this.#maybeRefreshEarly(key, local, now, loader, options);
        return Promise.resolve(local.value as T);
      }
    }
    if (this.#l2 === undefined) return serveMiss(this.#loads, key, loader, options, local, !this.#closed);
    let read: Promise<Entry | undefined>;
    try {
      read = this.#l2.get(key);
    } catch (error) {
      read = Promise.reject(error);
    }
    // One GET round trip and one continuation: the L2 hit path.
    return read.then(
      (remote) => {
        const now = Date.now();
        if (remote !== undefined && now < remote.freshUntil) {
          this.#l1?.set(key, remote, now);
          this.#telemetry.hit(key, "l2");
          return remote.value as T;
        }
        const stale =
          remote !== undefined &&
          now < remote.staleUntil &&
          (local === undefined || remote.freshUntil > local.freshUntil)
            ? remote
            : local;
        return serveMiss(this.#loads, key, loader, options, stale, !this.#closed);
      },
      (error: unknown) => {
        this.#telemetry.error("get", key, error);
        return serveMiss(this.#loads, key, loader, options, local, !this.#closed);
      },
    );
  }

  peek<T>(key: string): T | undefined {
    this.#check(key, undefined);
    return this.#freshInMemory(key)?.value as T | undefined;
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.#check(key, undefined);
    const local = this.#freshInMemory(key);
    if (local !== undefined) return local.value as T;
    const remote = await this.#loads.readL2(key);
    if (remote !== undefined && Date.now() < remote.freshUntil) {
      this.#l1?.set(key, remote, Date.now());
      this.#telemetry.hit(key, "l2");
      return remote.value as T;
    }
    this.#telemetry.miss(key);
    return undefined;
  }

  async set<T>(key: string, value: T, options?: Omit<LoadOptions, "signal">): Promise<void> {
    this.#check(key, options);
    const now = Date.now();
    const entry = createEntry(value, this.#o, options, 0, now, true)!;
    const payload = this.#serialize(key, value);
    this.#loads.invalidate((flightKey) => flightKey === key);
    this.#l1?.set(key, entry, now);
    if (this.#l2 === undefined) return this.#invalidations.publish("w", key);
    await this.#l2
      .write(key, entry, payload, -1, now)
      .catch((error: unknown) => this.#telemetry.error("set", key, error));
  }

  async delete(key: string): Promise<void> {
    this.#check(key, undefined);
    this.#invalidations.apply("d", key, "local");
    await this.#invalidations.propagate("d", key);
  }

  async deleteByTag(tag: string): Promise<void> {
    this.#assertOpen();
    assertKey(tag, "tag");
    this.#invalidations.apply("t", tag, "local");
    await this.#invalidations.propagate("t", tag);
  }

  async clear(): Promise<void> {
    this.#assertOpen();
    this.#invalidations.apply("c", "", "local");
    await this.#invalidations.propagate("c", "");
  }

  wrap<A extends unknown[], T>(
    fn: (...args: A) => Promise<T>,
    keyOf: (...args: A) => string,
    options?: LoadOptions,
  ): (...args: A) => Promise<T> {
    return (...args: A) => this.getOrLoad(keyOf(...args), () => fn(...args), options);
  }

  snapshot(): CacheSnapshot {
    const l1 = this.#l1 ? { size: this.#l1.size, maxEntries: this.#l1.maxEntries } : (false as const);
    return this.#telemetry.snapshot(l1, this.#l2 !== undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#loads.close(new CacheClosedError(this.namespace));
    await this.#bus?.close();
    await this.#ownedLocks?.close().catch(() => undefined);
    this.#redis?.close();
    this.#l1?.clear();
  }

  /** The L1 entry of `key` if it is fresh, counted as an L1 hit. */
  #freshInMemory(key: string): Entry | undefined {
    const now = Date.now();
    const local = this.#l1?.get(key, now);
    if (local === undefined || now >= local.freshUntil) return undefined;
    this.#telemetry.hit(key, "l1");
    return local;
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
      this.#loads.refresh(key, loader, options, entry.freshUntil);
    }
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
}
