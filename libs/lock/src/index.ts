export type {
  AcquireOptions,
  InspectOptions,
  Lock,
  LockHandOver,
  LockHolder,
  LockInfo,
  Locks,
  LockRedisClient,
  LockRedisSubscriber,
  ResumeOptions,
} from "./types.js";
export {
  LockError,
  LockArgumentError,
  LockTimeoutError,
  LockAbortedError,
  LockLostError,
  LockNotOwnedError,
  LockQuorumError,
  LockUnavailableError,
  LockClosedError,
  type LockLostReason,
} from "./errors.js";
export type { LockEvents, LockEventName, LockEventListener, LockFailureReason } from "./events.js";
export { LockManager, type LockManagerOptions } from "./lock-manager.js";
export { CLEANUP_TIMEOUT_MS } from "./store-queue.js";
export { RedisLocks, type RedisLocksOptions } from "./redis-locks.js";
export { MemoryLocks, type MemoryLocksOptions } from "./memory-locks.js";
export { MAX_RESOURCE_LENGTH, MAX_RESOURCES } from "./validate.js";
export { RedlockLocks, type RedlockLocksOptions } from "./redlock-locks.js";
