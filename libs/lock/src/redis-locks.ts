import { LockManager, type LockManagerOptions } from "./lock-manager.js";
import { RedisBackend } from "./redis/redis-backend.js";
import type { LockRedisClient } from "./types.js";
import { checkPrefix } from "./validate.js";
import { LockArgumentError } from "./errors.js";

export interface RedisLocksOptions extends LockManagerOptions {
  /** A connected @redis/client client or cluster client; never closed by this package. */
  client: LockRedisClient;
  /** Prepended to every key and channel; must not contain `{` or `}`. @default "lock:" */
  prefix?: string;
  /** Share of the TTL (plus 2 ms) assumed lost to clock drift when computing `expiresAt`. @default 0.01 */
  driftFactor?: number;
  /**
   * Opens one more connection (`client.duplicate()`, closed by `close()`) the first time concurrent calls form a
   * batch, so that two group-committed batches are in flight at once; with many concurrent locks on distinct keys
   * this nearly doubles throughput. Not used with a cluster client. @default true
   */
  secondConnection?: boolean;
}

/**
 * Locks on one Redis or one Redis Cluster: FIFO waiting with direct hand-off on release, fencing tokens, owner-only
 * release and extension.
 *
 * @example
 * const locks = new RedisLocks({ client });
 * await using lock = await locks.acquire("event:42", { ttlMs: 5_000 });
 * await db.query("UPDATE seats SET holder = ?, fence = ? WHERE id = ? AND fence < ?", [me, lock.fence, 7, lock.fence]);
 */
export class RedisLocks extends LockManager {
  constructor(options: RedisLocksOptions) {
    const prefix = options?.prefix ?? "lock:";
    checkPrefix(prefix);
    const client = options?.client as unknown;
    if (
      typeof client !== "object" ||
      client === null ||
      typeof (client as LockRedisClient).evalSha !== "function"
    )
      throw new LockArgumentError(
        "client",
        client,
        "a connected @redis/client client or cluster client, or fromIoredis(an ioredis client)",
      );
    const driftFactor = options.driftFactor ?? 0.01;
    if (!Number.isFinite(driftFactor) || driftFactor < 0 || driftFactor >= 1)
      throw new LockArgumentError("driftFactor", driftFactor, "a number in [0, 1)");
    const secondConnection = options.secondConnection ?? true;
    super(new RedisBackend({ client: options.client, prefix, driftFactor, secondConnection }), options);
  }
}
