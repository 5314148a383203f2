import { LockArgumentError } from "./errors.js";
import { LockManager, type LockManagerOptions } from "./lock-manager.js";
import { RedlockBackend } from "./redlock/redlock-backend.js";
import type { LockRedisClient } from "./types.js";
import { checkPrefix } from "./validate.js";

export interface RedlockLocksOptions extends LockManagerOptions {
  /** Connected clients of independent Redis primaries (no replication between them), ideally an odd number >= 3. */
  clients: readonly LockRedisClient[];
  /** @default "lock:" */
  prefix?: string;
  /** Share of the TTL (plus 2 ms) assumed lost to clock drift: validity = ttl − elapsed − drift. @default 0.01 */
  driftFactor?: number;
  /** Pause between rounds while the resource is held, ms. @default 50 */
  retryDelayMs?: number;
  /** Random extra pause per round, ms. @default 50 */
  retryJitterMs?: number;
  /** Longest wait for one node's answer, ms (never more than a quarter of the TTL). @default 500 */
  nodeTimeoutMs?: number;
}

/**
 * Redlock over N independent Redis nodes: a lock (and its fence) needs a majority. Survives the loss of a minority
 * of nodes; see the README for what it does not promise. Mutexes only: `limit` above 1 is refused with
 * E_LOCK_INVALID_ARGUMENT, since independent nodes cannot bound a semaphore's count.
 */
export class RedlockLocks extends LockManager {
  constructor(options: RedlockLocksOptions) {
    const clients = options?.clients as unknown;
    if (!Array.isArray(clients) || clients.length === 0)
      throw new LockArgumentError("clients", clients, "a non-empty array of connected clients");
    const prefix = options.prefix ?? "lock:";
    checkPrefix(prefix);
    const driftFactor = options.driftFactor ?? 0.01;
    if (!Number.isFinite(driftFactor) || driftFactor < 0 || driftFactor >= 1)
      throw new LockArgumentError("driftFactor", driftFactor, "a number in [0, 1)");
    const delayMs = options.retryDelayMs ?? 50;
    const jitterMs = options.retryJitterMs ?? 50;
    const nodeTimeoutMs = options.nodeTimeoutMs ?? 500;
    for (const [name, value] of [
      ["retryDelayMs", delayMs],
      ["retryJitterMs", jitterMs],
      ["nodeTimeoutMs", nodeTimeoutMs],
    ] as const)
      if (!Number.isFinite(value) || value < 0)
        throw new LockArgumentError(name, value, "a finite number >= 0");
    super(
      new RedlockBackend({
        clients: options.clients,
        prefix,
        driftFactor,
        retry: { delayMs, jitterMs },
        timeoutMs: nodeTimeoutMs,
      }),
      options,
    );
  }
}
