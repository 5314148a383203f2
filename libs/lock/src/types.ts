export interface AcquireOptions {
  /** Lock validity in ms; the lock key always carries this TTL. @default 10_000 */
  ttlMs?: number;
  /**
   * Longest `acquire()` waits, in ms. It settles by then, plus at most `CLEANUP_TIMEOUT_MS` spent undoing its place in
   * the queue, whatever Redis does. `tryAcquire()` never waits. @default 10_000
   */
  waitMs?: number;
  /** Aborts the wait; nothing stays queued or held. */
  signal?: AbortSignal;
  /** Extend the lock every ttlMs/3 until it is released. @default false (withLock: true) */
  autoExtend?: boolean;
  /** Holders admitted at once: 1 is a mutex, N a counting semaphore. Use one limit per resource name. @default 1 */
  limit?: number;
  /** Permits of a semaphore this lock takes, from 1 to `limit`. @default 1 */
  permits?: number;
}

export interface Lock extends AsyncDisposable {
  /** The first resource, in sorted order. */
  readonly resource: string;
  /** Every resource held, sorted. */
  readonly resources: readonly string[];
  /** Unique per acquisition. */
  readonly token: string;
  /**
   * Fence of `resource`: larger than the fence of any earlier acquisition of it, including those made before a
   * Redis restart that lost or rolled back the counter (see "Fencing" in the README for the exact conditions), and
   * unchanged by the lock key's expiry.
   */
  readonly fence: number;
  /** Fence per resource, in the order of `resources`. */
  readonly fences: readonly number[];
  /** Epoch ms after which the lock may be held by someone else (local clock, drift already subtracted). */
  readonly expiresAt: number;
  /** Aborts, with a LockLostError as reason, as soon as the lock is no longer known to be held. */
  readonly signal: AbortSignal;
  /** Resets the TTL to `ttlMs` (default: the acquisition's). Throws LockNotOwnedError when no longer owned. */
  extend(ttlMs?: number): Promise<void>;
  /** Idempotent; never deletes another owner's lock; returns once the release is done or the lock would have expired. */
  release(): Promise<void>;
  /**
   * Hands the lock to another process: this handle stops extending it and will not release it, and the returned
   * JSON-safe value lets `locks.resume()` take it up elsewhere (a web request handing work to a worker). The lock
   * still expires after its TTL unless the other side resumes it in time. Throws LockNotOwnedError if already lost.
   */
  handOver(): Promise<LockHandOver>;
}

/** A lock in transit between processes: what `lock.handOver()` returns and `locks.resume()` takes. */
export interface LockHandOver {
  readonly resources: readonly string[];
  readonly token: string;
  readonly fences: readonly number[];
  readonly limit: number;
  readonly permits: number;
}

export interface ResumeOptions {
  /** The TTL the lock gets on resuming, ms. @default the instance's ttlMs */
  ttlMs?: number;
  /** @default false */
  autoExtend?: boolean;
}

/** One holder of a resource, as `inspect()` reports it. */
export interface LockHolder {
  readonly fence: number;
  /** Epoch ms on the local clock when the store frees it unless extended (from the store's remaining TTL). */
  readonly expiresAt: number;
  /** Permits it holds: 1 for a mutex. */
  readonly permits: number;
}

/** What `inspect()` reads of a resource at the store, without acquiring it. */
export interface LockInfo {
  readonly resource: string;
  /** Whether anyone holds it: for a semaphore, at least one permit is taken. */
  readonly held: boolean;
  /** The current holders, earliest expiry first (at most one for a mutex). */
  readonly holders: readonly LockHolder[];
  /** Permits taken, the sum over `holders`. */
  readonly permits: number;
  /** Live waiters queued at the store; callers of one instance waiting behind its own holder count as at most one. */
  readonly queued: number;
}

export interface InspectOptions {
  /** Which lock to read: 1 the mutex, N > 1 the semaphore of that name. @default 1 */
  limit?: number;
}

export interface Locks {
  /** Waits up to `waitMs` in FIFO order; throws LockTimeoutError (E_LOCK_TIMEOUT). */
  acquire(resource: string | readonly string[], options?: AcquireOptions): Promise<Lock>;
  /** One attempt, no waiting: the lock, or null when some resource is held. */
  tryAcquire(resource: string | readonly string[], options?: AcquireOptions): Promise<Lock | null>;
  /** Acquires, runs `fn` with the lock auto-extended, and always releases. */
  withLock<T>(
    resource: string | readonly string[],
    fn: (lock: Lock, signal: AbortSignal) => Promise<T>,
    options?: AcquireOptions,
  ): Promise<T>;
  /** Reads who holds `resource` (fence, expiry, permits) and how many wait, without acquiring it. */
  inspect(resource: string, options?: InspectOptions): Promise<LockInfo>;
  /**
   * Takes up a lock another process handed over (`lock.handOver()`), resetting its TTL. Throws LockNotOwnedError
   * (E_LOCK_NOT_OWNED) when it expired or was released in the meantime.
   */
  resume(handOver: LockHandOver, options?: ResumeOptions): Promise<Lock>;
}

/**
 * The few methods of a connected @redis/client client (`createClient`) or cluster client (`createCluster`) this
 * package calls; `fromIoredis()` (`@ticketing/lock/ioredis`) makes one of an ioredis client. A cluster client is
 * recognised by its `masters` property. The client is the caller's: it is never closed here.
 */
export interface LockRedisClient {
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  duplicate(): LockRedisSubscriber;
}

/** A duplicate connection (wake-ups, and a second connection for batches); owned and closed by the Locks instance. */
export interface LockRedisSubscriber {
  readonly isReady?: boolean;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  /** Sharded pub/sub, used on a Redis Cluster only (Redis 7+). */
  sSubscribe?(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  sUnsubscribe?(channel: string): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: "error" | "ready", listener: (...args: unknown[]) => void): unknown;
}
