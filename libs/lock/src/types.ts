export interface AcquireOptions {
  /** Lock validity in ms; the lock key always carries this TTL. @default 10_000 */
  ttlMs?: number;
  /** Longest `acquire()` waits, in ms; `tryAcquire()` never waits. @default 10_000 */
  waitMs?: number;
  /** Aborts the wait; nothing stays queued or held. */
  signal?: AbortSignal;
  /** Extend the lock every ttlMs/3 until it is released. @default false (withLock: true) */
  autoExtend?: boolean;
  /** Holders admitted at once: 1 is a mutex, N a counting semaphore. Use one limit per resource name. @default 1 */
  limit?: number;
}

export interface Lock extends AsyncDisposable {
  /** The first resource, in sorted order. */
  readonly resource: string;
  /** Every resource held, sorted. */
  readonly resources: readonly string[];
  /** Unique per acquisition. */
  readonly token: string;
  /** Fence of `resource`: strictly greater than that of any earlier acquisition, and survives the key's expiry. */
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
}

/**
 * The few methods of a connected @redis/client client (`createClient`) or cluster client (`createCluster`) this
 * package calls. The client is the caller's: it is never closed here.
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
  close(): Promise<unknown>;
  destroy(): unknown;
  on(event: "error" | "ready", listener: (...args: unknown[]) => void): unknown;
}
