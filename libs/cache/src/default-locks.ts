import { RedisLocks } from "@ticketing/lock";
import type { OwnedLocks } from "./cache.js";
import type { CacheRedisClient } from "./redis-client.js";

/** The fleet-wide single-flight locks a cache creates (and closes) when the caller passes none. */
export function createDefaultLocks(client: CacheRedisClient): OwnedLocks {
  return new RedisLocks({ client });
}
