import { LockManager, type LockManagerOptions } from "./lock-manager.js";
import { MemoryBackend } from "./memory/memory-backend.js";

export type MemoryLocksOptions = LockManagerOptions;

/** Locks within one process, with the same semantics as RedisLocks (FIFO hand-off, fences, TTLs, events). */
export class MemoryLocks extends LockManager {
  constructor(options: MemoryLocksOptions = {}) {
    super(new MemoryBackend(), options);
  }
}
