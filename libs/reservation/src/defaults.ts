import { createCache, type CacheRedisClient } from "@ticketing/cache";
import { MemoryLocks, RedisLocks, type LockRedisClient, type Locks } from "@ticketing/lock";
import type { CacheLike, LocksLike, RedisScriptClient } from "./types.js";

/**
 * What the engine needs of its Redis client: its own scripts, plus what the default locks and cache call (they
 * duplicate the connection for their pub/sub subscriber). A node-redis v5/v6 client or cluster client fits.
 */
export type EngineRedisClient = RedisScriptClient & CacheRedisClient & LockRedisClient;

interface Closable {
  close(): Promise<void>;
}

/** RedisLocks over the engine's client (keys under `<prefix>lock:`), or MemoryLocks for a single process. */
export function defaultLocks(redis: EngineRedisClient | undefined, prefix: string, owned: Closable[]): Locks {
  const locks = redis ? new RedisLocks({ client: redis, prefix: `${prefix}lock:` }) : new MemoryLocks();
  owned.push(locks);
  return locks;
}

/** Event lookups: two-tier cache over the engine's client (keys under `<prefix>cache:`), or memory-only. */
export function defaultCache(
  redis: EngineRedisClient | undefined,
  prefix: string,
  locks: LocksLike,
  owned: Closable[],
): CacheLike {
  const cache = createCache({
    namespace: "reservation-events",
    prefix: `${prefix}cache:`,
    ...(redis ? { redis } : {}),
    ...(isTryLocks(locks) ? { locks } : {}),
    ttl: 60_000,
  });
  owned.push(cache);
  return cache;
}

function isTryLocks(locks: LocksLike): locks is LocksLike & Pick<Locks, "tryAcquire"> {
  return typeof (locks as Partial<Locks>).tryAcquire === "function";
}
