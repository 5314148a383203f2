import { InvalidInputError } from "./errors.js";
import type { EngineRedisClient } from "./defaults.js";
import { RESERVATION_LIMITS } from "./limits.js";
import type { DatabaseConfig } from "./store/database-config.js";
import type { CacheLike, LocksLike } from "./types.js";

export interface ReservationEngineOptions {
  /**
   * `{ type: "mysql", url, readerUrl?, poolSize? }` (MySQL 8, Aurora MySQL 3, MariaDB 10.6+), or `sqljs({ file? })`
   * from `@ticketing/reservation/sqljs`: SQLite in this process, in memory or persisted to `file` after every commit
   * (needs the optional peer dependency `sql.js`).
   */
  database: DatabaseConfig;
  /**
   * Connected node-redis v5/v6 client (or cluster client) for fleet-wide admission, locks and event cache; never
   * closed by the engine. Omit for in-process admission (one process only).
   */
  redis?: EngineRedisClient;
  /** @default RedisLocks over `redis` (keys under `<keyPrefix>lock:`), else MemoryLocks */
  locks?: LocksLike;
  /** @default createCache over `redis` (keys under `<keyPrefix>cache:`), else memory-only */
  cache?: CacheLike;
  /** Prefix of every Redis key and lock resource; must not contain "{" or "}". @default "reservation:" */
  keyPrefix?: string;
  /** Most seats one `reserve` call may ask for; an integer from 1 to `RESERVATION_LIMITS.totalSeatsMax`. @default 10 */
  maxQuantityPerRequest?: number;
  batch?: {
    /** Reservations per transaction. @default 500 */
    maxSize?: number;
    /**
     * Batches of one event in flight at once, per process (each needs a pool connection). They queue on the event's
     * row lock inside the server: one committing while the next waits is enough, and more only makes each batch
     * smaller. @default 2
     */
    maxConcurrent?: number;
    /** How long the first reservation of an idle event waits for company, in ms. @default 1 */
    lingerMs?: number;
    /** Retries of a batch after a connection failure that provably wrote nothing. @default 2 */
    retries?: number;
  };
  /** A hold in flight longer than this (ms) is settled from the database by any process. @default 10000 */
  staleHoldMs?: number;
  /** How often stale holds, lost counter updates and drifted counters are repaired, in ms. @default 1000 */
  reconcileIntervalMs?: number;
  /**
   * How long a request waits for writes in flight that hold the seats it needs (they may fail and give them back),
   * in ms; then E_UNAVAILABLE. Longer than staleHoldMs, so that a crashed process's seats can still be sold.
   * @default 12000
   */
  settleTimeoutMs?: number;
  /** Timeout of one Redis admission call, in ms. @default 2000 */
  redisTimeoutMs?: number;
  /** Lifetime of cached event details (not seats), in ms. @default 60000 */
  eventCacheTtlMs?: number;
  /** The expiry of seat holds (events with `holdSeconds`); every instance sweeps. */
  holds?: {
    /** How often this instance looks for holds past their expiry, in ms. @default 1000 */
    sweepIntervalMs?: number;
    /** Due holds read and expired per round of a sweep. @default 500 */
    sweepBatchSize?: number;
  };
  /**
   * Write every change of a reservation (held, confirmed, cancelled, expired) to the table `reservation_outbox` in the
   * change's own transaction, for a relay (`OutboxRelay`, `@ticketing/reservation/sqs`) to publish. Off, nothing is
   * written there. @default false
   */
  outbox?: boolean;
}

export interface ResolvedOptions {
  keyPrefix: string;
  maxQuantityPerRequest: number;
  maxBatch: number;
  maxConcurrentBatches: number;
  lingerMs: number;
  retries: number;
  staleHoldMs: number;
  reconcileIntervalMs: number;
  settleTimeoutMs: number;
  redisTimeoutMs: number;
  eventCacheTtlMs: number;
  holdSweepIntervalMs: number;
  holdSweepBatchSize: number;
  outbox: boolean;
}

/** Where a resolved option came from in the options the caller gave, when it is not the same name. */
const OPTION_PATHS: Record<string, string> = {
  maxBatch: "options.batch.maxSize",
  maxConcurrentBatches: "options.batch.maxConcurrent",
  lingerMs: "options.batch.lingerMs",
  retries: "options.batch.retries",
  holdSweepIntervalMs: "options.holds.sweepIntervalMs",
};

export function resolveOptions(options: ReservationEngineOptions): ResolvedOptions {
  const database = (options as { database?: unknown } | undefined)?.database as
    Record<string, unknown> | undefined;
  const validDatabase =
    (database?.type === "sqljs" &&
      typeof database.load === "function" &&
      (database.file === undefined || typeof database.file === "string")) ||
    (database?.type === "mysql" && typeof database.url === "string" && database.url.length > 0);
  if (!validDatabase) {
    throw new InvalidInputError([
      {
        path: "options.database",
        message: 'must be { type: "mysql", url } or sqljs({ file? }) from "@ticketing/reservation/sqljs"',
      },
    ]);
  }
  const keyPrefix = options.keyPrefix ?? "reservation:";
  if (/[{}]/.test(keyPrefix)) {
    throw new InvalidInputError([{ path: "options.keyPrefix", message: 'must not contain "{" or "}"' }]);
  }
  const resolved = {
    keyPrefix,
    maxQuantityPerRequest: options.maxQuantityPerRequest ?? RESERVATION_LIMITS.quantityMaxDefault,
    maxBatch: options.batch?.maxSize ?? 500,
    maxConcurrentBatches: options.batch?.maxConcurrent ?? 2,
    lingerMs: options.batch?.lingerMs ?? 1,
    retries: options.batch?.retries ?? 2,
    staleHoldMs: options.staleHoldMs ?? 10_000,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 1_000,
    settleTimeoutMs: options.settleTimeoutMs ?? 12_000,
    redisTimeoutMs: options.redisTimeoutMs ?? 2_000,
    eventCacheTtlMs: options.eventCacheTtlMs ?? 60_000,
    holdSweepIntervalMs: options.holds?.sweepIntervalMs ?? 1_000,
    holdSweepBatchSize: options.holds?.sweepBatchSize ?? 500,
    outbox: options.outbox ?? false,
  };
  const issues = Object.entries(resolved)
    .filter(([name, value]) => {
      if (name === "maxQuantityPerRequest" || name === "holdSweepBatchSize") return false; // integers, below
      if (name === "outbox") return typeof value !== "boolean";
      const min = name === "lingerMs" || name === "retries" ? 0 : 1;
      return typeof value === "number" && (!Number.isFinite(value) || value < min);
    })
    .map(([name, value]) => ({
      path: OPTION_PATHS[name] ?? `options.${name}`,
      message:
        name === "outbox"
          ? `must be true or false, got ${String(value)}`
          : `must be a finite number >= 0 or 1, got ${String(value)}`,
    }));
  const sweepBatch = resolved.holdSweepBatchSize;
  if (!Number.isInteger(sweepBatch) || sweepBatch < 1 || sweepBatch > 10_000) {
    issues.push({
      path: "options.holds.sweepBatchSize",
      message: `must be an integer from 1 to 10000, got ${String(sweepBatch)}`,
    });
  }
  const quantity = resolved.maxQuantityPerRequest;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > RESERVATION_LIMITS.totalSeatsMax) {
    issues.push({
      path: "options.maxQuantityPerRequest",
      message: `must be an integer from 1 to ${RESERVATION_LIMITS.totalSeatsMax}, got ${String(quantity)}`,
    });
  }
  if (issues.length > 0) throw new InvalidInputError(issues);
  return resolved;
}
