export { createCache } from "./create-cache.js";
export type { Cache, Loader } from "./cache.js";
export type { CacheLocks, CacheOptions, LoadOptions } from "./options.js";
export type { CacheRedisClient, CacheSubscriberClient } from "./redis-client.js";
export { jsonSerializer, type Serializer } from "./serializer.js";
export type { CacheEventName, CacheEvents, CacheListener } from "./events.js";
export { snapshotByNamespace, type CacheSnapshot } from "./stats.js";
export { MAX_KEY_LENGTH } from "./validate.js";
export {
  CACHE_ERROR_CODES,
  CacheClosedError,
  CacheError,
  CacheInputError,
  CacheLoadTimeoutError,
  CacheSerializationError,
  type CacheErrorCode,
} from "./errors.js";
