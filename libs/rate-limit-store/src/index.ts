export { BatchedRedisStore } from "./batched-redis-store.js";
export type { BatchedRedisStoreOptions, RateLimitRedis } from "./options.js";
export {
  RATE_LIMIT_STORE_ERROR_CODES,
  RateLimitStoreError,
  RateLimitStoreOptionError,
  RateLimitStoreUnavailableError,
  type RateLimitStoreErrorCode,
} from "./errors.js";
