import type { CacheRedisClient } from "./redis-client.js";
import { jsonSerializer, type Serializer } from "./serializer.js";
import {
  assertDuration,
  assertFraction,
  assertNamespace,
  assertPositiveInteger,
  assertTtl,
} from "./validate.js";
import { CacheInputError } from "./errors.js";

/** The part of `@ticketing/lock`'s `Locks` that the cache calls; any `Locks` implementation fits. */
export interface CacheLocks {
  tryAcquire(resource: string, options?: { ttlMs?: number }): Promise<{ release(): Promise<void> } | null>;
}

/** Per-call options of `getOrLoad`, `wrap` (and, for ttl/tags, `set`). */
export interface LoadOptions {
  /** Fresh lifetime in ms. @default the cache's `ttl` */
  ttl?: number;
  /** How long after `ttl` a stale value may still be served (stale-while-revalidate, soft timeout, loader errors). @default the cache's `grace` */
  grace?: number;
  /** Tags for `deleteByTag`. */
  tags?: readonly string[];
  /** Aborts this caller's wait (not a loader other callers share). */
  signal?: AbortSignal;
}

export interface CacheOptions {
  /** Key space, so that several services can share one Redis. Must not contain `{` or `}`. */
  namespace: string;
  /** A connected @redis/client client or cluster client; omit for a memory-only cache. Never closed by the cache. */
  redis?: CacheRedisClient;
  /** Fleet-wide single flight; `false` turns it off. @default new RedisLocks({ client: redis }) when `redis` is given */
  locks?: CacheLocks | false;
  /** In-process tier; `false` turns it off. @default { maxEntries: 10_000 } */
  l1?: { maxEntries?: number; ttl?: number } | false;
  /** Use Redis as the shared tier (with `redis`); `false` keeps Redis for invalidation messages only. @default true */
  l2?: boolean;
  /** Default fresh lifetime in ms. @default 60_000 */
  ttl?: number;
  /** Default grace in ms after `ttl` during which a stale value may be served. @default 0 */
  grace?: number;
  /** Within grace, return the stale value at once and refresh in the background. @default true */
  staleWhileRevalidate?: boolean;
  /** Within grace and with `staleWhileRevalidate: false`, wait this long for the loader, then serve stale. */
  softTimeout?: number;
  /** The loader's signal aborts and callers get `E_LOAD_TIMEOUT` (or the stale value) after this many ms. @default 10_000 */
  hardTimeout?: number;
  /** Fraction of ttl taken off at random so that keys written together do not expire together. @default 0.1 */
  jitter?: number;
  /** XFetch beta: > 0 refreshes hot keys early with a probability that rises towards expiry. @default 0 (off) */
  earlyRefresh?: number;
  /** Lifetime in ms of a cached `undefined`/`null` loader result; `false` does not cache them. @default 5_000 */
  negativeTtl?: number | false;
  /** @default jsonSerializer (JSON with Date and bigint round-trips) */
  serializer?: Serializer;
  /** Prefix of every Redis key and channel. @default "cache:" */
  prefix?: string;
  /** Redis commands that take longer than this fail open (the caller is not stalled by a slow or dead Redis). @default 300 */
  commandTimeout?: number;
  /** How long a caller waits for another instance's loader before loading itself. @default 5_000 */
  fleetWait?: number;
  /** Serve the stale value (within grace) when the loader throws. @default true */
  serveStaleOnError?: boolean;
}

export interface ResolvedOptions {
  namespace: string;
  prefix: string;
  l1: { maxEntries: number; ttl: number | undefined } | false;
  l2: boolean;
  ttl: number;
  grace: number;
  staleWhileRevalidate: boolean;
  softTimeout: number | undefined;
  hardTimeout: number;
  jitter: number;
  earlyRefresh: number;
  negativeTtl: number | false;
  serializer: Serializer;
  commandTimeout: number;
  fleetWait: number;
  serveStaleOnError: boolean;
}

export function resolveOptions(options: CacheOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new CacheInputError("E_INVALID_OPTION", "options", options, "must be an object");
  }
  assertNamespace(options.namespace);
  const resolved: ResolvedOptions = {
    namespace: options.namespace,
    prefix: options.prefix ?? "cache:",
    l1: options.l1 === false ? false : { maxEntries: options.l1?.maxEntries ?? 10_000, ttl: options.l1?.ttl },
    l2: options.redis !== undefined && options.l2 !== false,
    ttl: options.ttl ?? 60_000,
    grace: options.grace ?? 0,
    staleWhileRevalidate: options.staleWhileRevalidate ?? true,
    softTimeout: options.softTimeout,
    hardTimeout: options.hardTimeout ?? 10_000,
    jitter: options.jitter ?? 0.1,
    earlyRefresh: options.earlyRefresh ?? 0,
    negativeTtl: options.negativeTtl ?? 5_000,
    serializer: options.serializer ?? jsonSerializer,
    commandTimeout: options.commandTimeout ?? 300,
    fleetWait: options.fleetWait ?? 5_000,
    serveStaleOnError: options.serveStaleOnError ?? true,
  };
  if (typeof resolved.prefix !== "string") {
    throw new CacheInputError("E_INVALID_OPTION", "prefix", resolved.prefix, "must be a string");
  }
  if (resolved.l1) {
    assertPositiveInteger(resolved.l1.maxEntries, "l1.maxEntries");
    if (resolved.l1.ttl !== undefined) assertTtl(resolved.l1.ttl, "l1.ttl");
  }
  if (!resolved.l1 && !resolved.l2) {
    throw new CacheInputError(
      "E_INVALID_OPTION",
      "l1",
      options.l1,
      "cannot be turned off without a Redis L2",
    );
  }
  assertTtl(resolved.ttl, "ttl");
  assertDuration(resolved.grace, "grace");
  if (resolved.softTimeout !== undefined) assertTtl(resolved.softTimeout, "softTimeout");
  assertTtl(resolved.hardTimeout, "hardTimeout");
  assertFraction(resolved.jitter, "jitter");
  assertDuration(resolved.earlyRefresh, "earlyRefresh");
  if (resolved.negativeTtl !== false) assertTtl(resolved.negativeTtl, "negativeTtl");
  assertTtl(resolved.commandTimeout, "commandTimeout");
  assertDuration(resolved.fleetWait, "fleetWait");
  const serializer: Partial<Serializer> = resolved.serializer;
  if (typeof serializer.serialize !== "function" || typeof serializer.deserialize !== "function") {
    throw new CacheInputError(
      "E_INVALID_OPTION",
      "serializer",
      serializer,
      "must have serialize and deserialize",
    );
  }
  return resolved;
}
