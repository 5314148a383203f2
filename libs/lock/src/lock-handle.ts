import type { LockBackend, Share } from "./backend.js";
import type { Deadlines } from "./deadline.js";
import { LockLostError, LockNotOwnedError, type LockLostReason } from "./errors.js";
import { lockExtended, lockLost, lockReleased, type LockEventEmitter } from "./events.js";
import type { Lock, LockHandOver } from "./types.js";
import { checkTtl } from "./validate.js";

export interface HandleContext {
  backend: LockBackend;
  events: LockEventEmitter;
  /** Bounds each release by its lock's expiry. */
  deadlines: Deadlines;
  /** The handle lost its lock or handed it over: no longer held here, and its place in line goes to the next caller. */
  forget(handle: LockHandle): void;
  /** Releases the handle's resources (at the store, or by passing a mutex on); whether all were still owned. */
  release(handle: LockHandle): Promise<boolean>;
}

export interface Grant {
  resources: readonly string[];
  token: string;
  fences: readonly number[];
  expiresAt: number;
  ttlMs: number;
  share: Share;
  autoExtend: boolean;
  /** For a lock passed within the instance: resolves once the store has answered the pass. */
  recorded: Promise<void> | undefined;
}

/** A held lock: keeps it alive when asked, notices its loss on the local clock, and releases it at most once. */
export class LockHandle implements Lock {
  readonly resources: readonly string[];
  readonly token: string;
  readonly fences: readonly number[];
  readonly #ctx: HandleContext;
  // Created on first use: most short critical sections never look at the signal, and a timer per lock is not free.
  #controller: AbortController | undefined;
  #lostError: LockLostError | undefined;
  readonly #acquiredAt = Date.now();
  readonly #ttlMs: number;
  /** Limit 1 and 1 permit for a mutex. */
  readonly share: Share;
  /** Set on a lock passed within the instance: its store calls wait until the store has answered the pass. */
  readonly recorded: Promise<void> | undefined;
  #expiresAt: number;
  #expiryTimer: NodeJS.Timeout | undefined;
  #extendTimer: NodeJS.Timeout | undefined;
  #autoExtend: boolean;
  #lastExtendError: unknown;
  #extending = false;
  #watched = false;
  #released: Promise<void> | undefined;

  constructor(ctx: HandleContext, grant: Grant) {
    this.#ctx = ctx;
    this.resources = grant.resources;
    this.token = grant.token;
    this.fences = grant.fences;
    this.#expiresAt = grant.expiresAt;
    this.#ttlMs = grant.ttlMs;
    this.share = grant.share;
    this.recorded = grant.recorded;
    this.#autoExtend = grant.autoExtend;
    this.#schedule();
  }

  get resource(): string {
    return this.resources[0] as string;
  }

  get fence(): number {
    return this.fences[0] as number;
  }

  get expiresAt(): number {
    return this.#expiresAt;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      // Past expiresAt the lock is lost even if no timer was armed to say so.
      if (this.#lostError || (!this.#released && this.#isLost())) this.#controller.abort(this.#lostError);
      else if (!this.#released) this.#schedule();
    }
    return this.#controller.signal;
  }

  async extend(ttlMs: number = this.#ttlMs): Promise<void> {
    checkTtl("ttlMs", ttlMs);
    if (this.#released || this.#isLost())
      throw new LockNotOwnedError(this.resources, this.token, this.#lostError);
    const started = Date.now();
    const ttl = Math.ceil(ttlMs);
    await this.recorded;
    const owned = await Promise.all(
      this.resources.map((resource) => this.#ctx.backend.extend(resource, this.token, ttl, this.share)),
    );
    if (owned.includes(false)) {
      this.#lose("not-owner");
      throw new LockNotOwnedError(this.resources, this.token, this.#lostError);
    }
    if (this.#released || this.#lostError) return;
    this.#expiresAt = started + ttl - this.#ctx.backend.driftMs(ttl);
    this.#lastExtendError = undefined;
    this.#schedule();
    this.#ctx.events.emit("lock:extended", lockExtended(this.resources, this.token, this.#expiresAt));
  }

  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.release();
  }

  async handOver(): Promise<LockHandOver> {
    if (this.#released || this.#isLost())
      throw new LockNotOwnedError(this.resources, this.token, this.#lostError);
    // A lock passed within the instance is the new holder's at the store only once the pass is recorded.
    await this.recorded;
    if (this.#released || this.#isLost())
      throw new LockNotOwnedError(this.resources, this.token, this.#lostError);
    this.stopExtending();
    this.#clearTimers();
    this.#released = Promise.resolve();
    this.#ctx.forget(this);
    const { resources, token, fences, share } = this;
    return { resources, token, fences, limit: share.limit, permits: share.permits };
  }

  /** Stops keeping the lock alive; `withLock` uses it once `fn` has returned. */
  stopExtending(): void {
    this.#autoExtend = false;
    clearTimeout(this.#extendTimer);
  }

  async #release(): Promise<void> {
    this.#clearTimers();
    const lost = this.#isLost();
    const attempts = this.#ctx.release(this);
    if (lost) {
      // Already lost: one compare-and-delete in the background in case it is still ours, and no waiting for it.
      attempts.catch(() => {});
      return;
    }
    // Past expiresAt the store frees the lock by itself, so an unreachable store never holds the caller longer.
    const owned = await this.#ctx.deadlines.settle(attempts, this.#expiresAt);
    if (owned === false) this.#lose("not-owner");
    else if (owned && this.#ctx.events.has("lock:released"))
      this.#ctx.events.emit("lock:released", lockReleased(this.resources, this.token, this.#heldMs()));
  }

  /** Arms the expiry timer even if nobody looks at the signal: callers queued behind this lock wait for its loss. */
  watch(): void {
    this.#watched = true;
    if (!this.#released && !this.#lostError) this.#schedule();
  }

  /** The store has confirmed a pass (validity until `expiresAt`), or refused it (null). */
  confirm(expiresAt: number | null): void {
    if (expiresAt === null) this.#lose("not-owner");
    else if (!this.#released && !this.#lostError && expiresAt > this.#expiresAt) {
      this.#expiresAt = expiresAt;
      this.#schedule();
    }
  }

  /** Lost, as far as the local clock can tell, even when no expiry timer was armed. */
  #isLost(): boolean {
    if (!this.#lostError && Date.now() >= this.#expiresAt) this.#lose("expired");
    return this.#lostError !== undefined;
  }

  #schedule(): void {
    this.#clearTimers();
    const observed =
      this.#controller !== undefined ||
      this.#autoExtend ||
      this.#watched ||
      this.#ctx.events.has("lock:lost");
    if (!observed) return;
    const now = Date.now();
    this.#expiryTimer = setTimeout(
      () => this.#lose(this.#lastExtendError === undefined && !this.#extending ? "expired" : "unreachable"),
      Math.max(0, this.#expiresAt - now),
    );
    this.#expiryTimer.unref();
    if (this.#autoExtend) this.#scheduleExtension(Math.max(0, this.#expiresAt - now - (this.#ttlMs * 2) / 3));
  }

  #scheduleExtension(delay: number): void {
    clearTimeout(this.#extendTimer);
    this.#extendTimer = setTimeout(() => {
      this.#extending = true;
      this.extend()
        .finally(() => {
          this.#extending = false;
        })
        .catch((error: unknown) => {
          if (this.#lostError || this.#released || !this.#autoExtend) return;
          // The store did not answer: keep trying until the expiry timer declares the lock lost.
          this.#lastExtendError = error;
          this.#scheduleExtension(Math.min(this.#ttlMs / 10, 500));
        });
    }, delay);
    this.#extendTimer.unref();
  }

  #lose(reason: LockLostReason): void {
    if (this.#lostError) return;
    this.#clearTimers();
    const error = new LockLostError(
      this.resources,
      this.token,
      reason,
      this.#heldMs(),
      this.#lastExtendError,
    );
    this.#lostError = error;
    this.#controller?.abort(error);
    if (!this.#released) this.#ctx.forget(this);
    this.#ctx.events.emit("lock:lost", lockLost(this.resources, this.token, reason, error));
  }

  #clearTimers(): void {
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    if (this.#extendTimer) clearTimeout(this.#extendTimer);
    this.#expiryTimer = this.#extendTimer = undefined;
  }

  #heldMs(): number {
    return Date.now() - this.#acquiredAt;
  }
}
