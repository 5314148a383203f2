import { TieredCache, type Cache } from "./cache.js";
import { createDefaultLocks } from "./default-locks.js";
import type { CacheOptions } from "./options.js";

/**
 * Creates a cache for one namespace. With `redis` it is two-tier (L1 in process, L2 in Redis) with fleet-wide single
 * flight and cross-instance invalidation; without, it is memory-only. Throws `CacheError` on invalid options.
 *
 * @example
 * const events = createCache({ namespace: "events", redis, ttl: 30_000, grace: 300_000 });
 * const event = await events.getOrLoad(`event:${id}`, () => repository.findEvent(id), { tags: [`event:${id}`] });
 */
export function createCache(options: CacheOptions): Cache {
  return new TieredCache(options, createDefaultLocks);
}
