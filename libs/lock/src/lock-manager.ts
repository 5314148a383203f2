import { randomBytes } from "node:crypto";
import type { LockBackend, Share } from "./backend.js";
import { Deadlines } from "./deadline.js";
import { LockArgumentError, LockClosedError, LockNotOwnedError } from "./errors.js";
import { lockAcquired, LockEventEmitter, type LockEventListener, type LockEventName } from "./events.js";
import { Acquisition, asLockError } from "./acquisition.js";
import { LocalLines } from "./local-line.js";
import { LockHandle, type Grant, type HandleContext } from "./lock-handle.js";
import { StoreQueue } from "./store-queue.js";
import type {
  AcquireOptions,
  InspectOptions,
  Lock,
  LockHandOver,
  LockInfo,
  Locks,
  ResumeOptions,
} from "./types.js";
import {
  checkHandOver,
  checkResource,
  checkShare,
  checkTtl,
  resolveOptions,
  resolveResources,
  type ResolvedOptions,
} from "./validate.js";

export interface LockManagerOptions {
  /** Default lock validity, ms. @default 10_000 */
  ttlMs?: number;
  /** Default longest wait of `acquire()`, ms. @default 10_000 */
  waitMs?: number;
  /**
   * On release, pass a single-resource mutex straight to the next waiting caller of this instance, which runs at once
   * while the store records the pass (see "Passing within an instance" in the README). `false` hands every lock on
   * through the store, so that no caller ever runs with a fence the store has not recorded. @default true
   */
  localPass?: boolean;
}

/**
 * The behaviour every Locks implementation shares: validation, FIFO waiting on hand-offs, sorted all-or-nothing
 * multi-resource acquisition with rollback, extension, loss detection, hand-over and events. Stores plug in as a
 * LockBackend.
 */
export class LockManager implements Locks {
  readonly #backend: LockBackend;
  readonly #events = new LockEventEmitter();
  /** Defaults for acquire and tryAcquire, and for withLock (which extends automatically). */
  readonly #defaults: { ttlMs: number; waitMs: number; autoExtend: boolean };
  readonly #withLockDefaults: { ttlMs: number; waitMs: number; autoExtend: boolean };
  readonly #store: StoreQueue;
  readonly #held = new Set<LockHandle>();
  readonly #lines: LocalLines | undefined;
  readonly #instance = randomBytes(8).toString("hex");
  readonly #ctx: HandleContext;
  #sequence = 0;
  #closed = false;

  protected constructor(backend: LockBackend, options: LockManagerOptions = {}) {
    this.#backend = backend;
    const deadlines = new Deadlines();
    this.#store = new StoreQueue(backend, deadlines);
    const defaults = resolveOptions(options, { ttlMs: 10_000, waitMs: 10_000, autoExtend: false });
    this.#defaults = { ttlMs: defaults.ttlMs, waitMs: defaults.waitMs, autoExtend: false };
    this.#withLockDefaults = { ...this.#defaults, autoExtend: true };
    const localPass = options.localPass ?? true;
    if (typeof localPass !== "boolean") throw new LockArgumentError("localPass", localPass, "a boolean");
    this.#lines =
      backend.transfer && localPass ? new LocalLines(backend, backend.transfer.bind(backend)) : undefined;
    this.#ctx = {
      backend,
      events: this.#events,
      deadlines,
      forget: (handle) => {
        this.#held.delete(handle);
        if (this.#lines && handle.resources.length === 1) this.#lines.leave(handle.resource, handle);
      },
      release: (handle) => {
        this.#held.delete(handle);
        return handle.recorded ? handle.recorded.then(() => this.#release(handle)) : this.#release(handle);
      },
    };
  }

  #release(handle: LockHandle): Promise<boolean> {
    const { resources, token, share } = handle;
    if (resources.length === 1)
      return this.#lines?.release(handle) ?? this.#backend.release(handle.resource, token, share);
    return Promise.all(resources.map((resource) => this.#backend.release(resource, token, share))).then(
      (owned) => !owned.includes(false),
    );
  }

  on<E extends LockEventName>(event: E, listener: LockEventListener<E>): this {
    this.#events.on(event, listener);
    return this;
  }

  off<E extends LockEventName>(event: E, listener: LockEventListener<E>): this {
    this.#events.off(event, listener);
    return this;
  }

  acquire(resource: string | readonly string[], options?: AcquireOptions): Promise<Lock> {
    try {
      return this.#acquire(
        resolveResources(resource),
        this.#resolve(options, this.#defaults),
        true,
      ) as Promise<Lock>;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  tryAcquire(resource: string | readonly string[], options?: AcquireOptions): Promise<Lock | null> {
    try {
      return this.#acquire(resolveResources(resource), this.#resolve(options, this.#defaults), false);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  async withLock<T>(
    resource: string | readonly string[],
    fn: (lock: Lock, signal: AbortSignal) => Promise<T>,
    options?: AcquireOptions,
  ): Promise<T> {
    const resources = resolveResources(resource);
    const lock = (await this.#acquire(
      resources,
      this.#resolve(options, this.#withLockDefaults),
      true,
    )) as LockHandle;
    try {
      return await fn(lock, lock.signal);
    } finally {
      lock.stopExtending();
      await lock.release();
    }
  }

  async inspect(resource: string, options?: InspectOptions): Promise<LockInfo> {
    checkResource(resource);
    const { limit } = this.#checkShare(options?.limit, 1);
    if (this.#closed) throw new LockClosedError();
    const sentAt = Date.now();
    let state;
    try {
      state = await this.#backend.inspect(resource, limit);
    } catch (error) {
      throw asLockError([resource], error);
    }
    const holders = state.holders
      .map(({ fence, ttlMs, permits }) => ({ fence, expiresAt: sentAt + ttlMs, permits }))
      .sort((a, b) => a.expiresAt - b.expiresAt);
    return {
      resource,
      held: holders.length > 0,
      holders,
      permits: holders.reduce((sum, holder) => sum + holder.permits, 0),
      queued: state.queued,
    };
  }

  async resume(handOver: LockHandOver, options?: ResumeOptions): Promise<Lock> {
    const { resources, token, fences, limit, permits } = checkHandOver(handOver);
    const share = this.#checkShare(limit, permits);
    const ttlMs = options?.ttlMs ?? this.#defaults.ttlMs;
    checkTtl("ttlMs", ttlMs);
    if (this.#closed) throw new LockClosedError();
    const ttl = Math.ceil(ttlMs);
    const sentAt = Date.now();
    let owned: boolean[];
    try {
      owned = await Promise.all(
        resources.map((resource) => this.#backend.extend(resource, token, ttl, share)),
      );
    } catch (error) {
      throw asLockError(resources, error);
    }
    if (owned.includes(false)) throw new LockNotOwnedError(resources, token);
    const lock = this.#hold({
      resources,
      token,
      fences,
      expiresAt: sentAt + ttl - this.#backend.driftMs(ttl),
      ttlMs: ttl,
      share,
      autoExtend: options?.autoExtend ?? false,
      recorded: undefined,
    });
    this.#emitAcquired(lock, sentAt, ttl);
    return lock;
  }

  /** Releases the locks still held, fails pending waits, and closes the connection this instance opened. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#lines?.close(new LockClosedError());
    this.#store.close();
    await Promise.all([...this.#held].map((lock) => lock.release()));
    await this.#backend.close();
  }

  #resolve(
    options: AcquireOptions | undefined,
    defaults: { ttlMs: number; waitMs: number; autoExtend: boolean },
  ): ResolvedOptions {
    const resolved = resolveOptions(options, defaults);
    if (resolved.limit > 1) this.#checkShare(resolved.limit, resolved.permits);
    return resolved;
  }

  /** A share this store can enforce; Redlock cannot bound a count above one over independent nodes. */
  #checkShare(limit: unknown, permits: unknown): Share {
    const share = checkShare(limit, permits);
    const max = this.#backend.maxLimit;
    if (max !== undefined && share.limit > max)
      throw new LockArgumentError(
        "limit",
        share.limit,
        `at most ${max} with this Locks implementation (independent Redlock nodes cannot bound a semaphore's count)`,
      );
    return share;
  }

  async #acquire(
    resources: string[],
    options: ResolvedOptions,
    waiting: boolean,
  ): Promise<LockHandle | null> {
    if (this.#closed) throw new LockClosedError();
    const acquisition = new Acquisition({
      backend: this.#backend,
      store: this.#store,
      lines: this.#lines,
      events: this.#events,
      token: `${this.#instance}.${(this.#sequence++).toString(36)}`,
      resources,
      options,
      waiting,
    });
    return acquisition.run((grant) => {
      const lock = this.#hold(grant);
      this.#emitAcquired(lock, acquisition.started, options.ttlMs);
      return lock;
    });
  }

  #hold(grant: Grant): LockHandle {
    const lock = new LockHandle(this.#ctx, grant);
    this.#held.add(lock);
    return lock;
  }

  #emitAcquired(lock: LockHandle, started: number, ttlMs: number): void {
    if (this.#events.has("lock:acquired"))
      this.#events.emit(
        "lock:acquired",
        lockAcquired(lock.resources, lock.token, lock.fence, Date.now() - started, ttlMs),
      );
  }
}
