import { randomBytes } from "node:crypto";
import type { LockBackend } from "./backend.js";
import { Deadlines, within } from "./deadline.js";
import {
  LockAbortedError,
  LockArgumentError,
  LockClosedError,
  LockError,
  LockTimeoutError,
  LockUnavailableError,
} from "./errors.js";
import {
  lockAcquired,
  lockFailed,
  LockEventEmitter,
  type LockEventListener,
  type LockEventName,
  type LockFailureReason,
} from "./events.js";
import { LocalLines, type LocalPass, type Turn } from "./local-line.js";
import { LockHandle, type HandleContext } from "./lock-handle.js";
import { CLEANUP_TIMEOUT_MS, StoreQueue, type Attempt } from "./store-queue.js";
import type { AcquireOptions, Lock, Locks } from "./types.js";
import { resolveOptions, resolveResources, type ResolvedOptions } from "./validate.js";

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
 * multi-resource acquisition with rollback, extension, loss detection and events. Stores plug in as a LockBackend.
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
    this.#store = new StoreQueue(backend);
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
      deadlines: new Deadlines(),
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
    const { resources, token, limit } = handle;
    if (resources.length === 1)
      return this.#lines?.release(handle) ?? this.#backend.release(handle.resource, token, limit);
    return Promise.all(resources.map((resource) => this.#backend.release(resource, token, limit))).then(
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
      const resources = resolveResources(resource);
      const resolved = resolveOptions(options, this.#defaults);
      return this.#acquire(resources, resolved, true) as Promise<Lock>;
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  tryAcquire(resource: string | readonly string[], options?: AcquireOptions): Promise<Lock | null> {
    try {
      const resources = resolveResources(resource);
      const resolved = resolveOptions(options, this.#defaults);
      return this.#acquire(resources, resolved, false);
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
    const resolved = resolveOptions(options, this.#withLockDefaults);
    const lock = (await this.#acquire(resources, resolved, true)) as LockHandle;
    try {
      return await fn(lock, lock.signal);
    } finally {
      lock.stopExtending();
      await lock.release();
    }
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

  async #acquire(
    resources: string[],
    options: ResolvedOptions,
    waiting: boolean,
  ): Promise<LockHandle | null> {
    if (this.#closed) throw new LockClosedError();
    const started = Date.now();
    const attempt: Attempt = {
      token: `${this.#instance}.${(this.#sequence++).toString(36)}`,
      options,
      started,
      deadline: started + (waiting ? options.waitMs : 0),
      attempts: 0,
      lastError: undefined,
    };
    const fences: number[] = [];
    let expiresAt = Infinity;
    let queued: number | undefined;
    let pass: LocalPass | undefined;
    // A single-resource mutex first queues behind this instance's other callers (see LocalLines).
    const line = resources.length === 1 && options.limit === 1 ? this.#lines : undefined;
    const resource = resources[0] as string;
    let frontOfLine = false;
    try {
      if (options.signal?.aborted) throw new LockAbortedError(resources, 0, options.signal.reason);
      let turn: Turn | Promise<Turn> = line ? line.enter(resource, attempt, waiting) : "store";
      if (turn instanceof Promise) turn = await turn;
      if (turn === "aborted")
        throw new LockAbortedError(resources, Date.now() - started, options.signal?.reason);
      frontOfLine = line !== undefined && turn !== null;
      if (turn === "store") {
        for (const each of resources) {
          const grant = await this.#store.take(resources, each, attempt, waiting);
          if (!grant) break;
          fences.push(grant.fence);
          expiresAt = Math.min(expiresAt, grant.expiresAt);
          queued = grant.queued;
        }
      } else if (turn) {
        pass = turn;
        fences.push(turn.fence);
        expiresAt = turn.expiresAt;
      }
      if (fences.length === resources.length && expiresAt > Date.now()) {
        const lock = new LockHandle(this.#ctx, {
          resources,
          token: attempt.token,
          fences,
          expiresAt,
          ttlMs: options.ttlMs,
          limit: options.limit,
          autoExtend: options.autoExtend,
          recorded: pass?.recorded,
        });
        this.#held.add(lock);
        if (frontOfLine) line?.hold(resource, lock, queued);
        frontOfLine = false;
        if (pass) void pass.confirmed.then((validUntil) => lock.confirm(validUntil));
        if (this.#events.has("lock:acquired"))
          this.#events.emit(
            "lock:acquired",
            lockAcquired(resources, attempt.token, lock.fence, Date.now() - started, options.ttlMs),
          );
        return lock;
      }
      await pass?.recorded;
      await this.#rollback(resources.slice(0, fences.length), attempt);
      if (!waiting) {
        if (attempt.lastError !== undefined) throw asLockError(resources, attempt.lastError);
        return null;
      }
      const waited = Date.now() - started;
      throw attempt.lastError === undefined
        ? new LockTimeoutError(resources, waited, attempt.attempts)
        : asLockError(resources, attempt.lastError);
    } catch (error) {
      if (fences.length > 0 && fences.length < resources.length)
        await this.#rollback(resources.slice(0, fences.length), attempt);
      const failure = asLockError(resources, error);
      this.#events.emit(
        "lock:failed",
        lockFailed(resources, reasonOf(failure), Date.now() - started, failure),
      );
      throw failure;
    } finally {
      if (frontOfLine) line?.leave(resource);
    }
  }

  async #rollback(resources: readonly string[], attempt: Attempt): Promise<void> {
    const releases = resources.map((resource) =>
      this.#backend.release(resource, attempt.token, attempt.options.limit).catch(() => false),
    );
    await within(Promise.all(releases), CLEANUP_TIMEOUT_MS, undefined);
  }
}

function asLockError(resources: readonly string[], error: unknown): LockError {
  return error instanceof LockError ? error : new LockUnavailableError(resources, error);
}

function reasonOf(error: LockError): LockFailureReason {
  if (error instanceof LockTimeoutError) return "timeout";
  if (error instanceof LockAbortedError) return "aborted";
  return "error";
}
