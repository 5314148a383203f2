import type { Handoff, LockBackend } from "./backend.js";
import { within } from "./deadline.js";
import { LockAbortedError, LockClosedError, LockUnavailableError } from "./errors.js";
import type { ResolvedOptions } from "./validate.js";
import { Waiter } from "./waiter.js";

/** Longest a timed-out or aborted wait spends removing itself from the store before returning. */
export const CLEANUP_TIMEOUT_MS = 1_000;
const ERROR_RETRY_MS = 100;

/** One call of acquire, tryAcquire or withLock, across the resources it takes. */
export interface Attempt {
  token: string;
  options: ResolvedOptions;
  started: number;
  deadline: number;
  attempts: number;
  lastError: unknown;
}

/** One resource taken from the store: its fence, local expiry, and the store's queue length when it told. */
export interface StoreGrant {
  fence: number;
  expiresAt: number;
  queued: number | undefined;
}

/**
 * This instance's callers at the store: takes one resource, or waits in the store's FIFO queue until the releasing
 * holder's hand-off names the waiter (or its retry hint, a store error or the caller's signal wakes it), and leaves
 * the queue on timeout or abort. Hand-offs arrive on one subscription per instance, opened by the first wait.
 */
export class StoreQueue {
  readonly #backend: LockBackend;
  /** Pending waits by number; the store names each in its hand-off message by that number in base 36. */
  readonly #waiters = new Map<number, Waiter>();
  #waitSequence = 0;
  #listening: Promise<void> | undefined;
  #listenReady = false;
  #closed = false;

  constructor(backend: LockBackend) {
    this.#backend = backend;
  }

  /** The grant, or null when the attempt's deadline passed (at once for a caller that does not wait). */
  async take(
    resources: readonly string[],
    resource: string,
    attempt: Attempt,
    waiting: boolean,
  ): Promise<StoreGrant | null> {
    const { token, options } = attempt;
    const backend = this.#backend;
    // A short id, unique within this instance (whose channel the hand-off travels on): fewer bytes per attempt.
    const waitNumber = this.#waitSequence++;
    const waiterId = waitNumber.toString(36);
    let waiter: Waiter | undefined;
    if (waiting && attempt.deadline > Date.now()) {
      if (!this.#listenReady) await this.#listen(resources);
      waiter = new Waiter();
      this.#waiters.set(waitNumber, waiter);
    }
    try {
      for (;;) {
        const localAt = Date.now();
        const remaining = attempt.deadline - localAt;
        if (waiter && remaining <= 0) break;
        if (this.#closed) {
          if (waiter) await this.cancel(resource, attempt);
          throw new LockClosedError();
        }
        attempt.attempts++;
        let retryInMs: number;
        try {
          const reply = await backend.acquire(
            resource,
            token,
            options.ttlMs,
            waiter ? remaining : 0,
            options.limit,
            waiterId,
          );
          attempt.lastError = undefined;
          if (reply.acquired)
            return {
              fence: reply.fence,
              expiresAt: localAt + reply.ttlMs - backend.driftMs(options.ttlMs),
              queued: reply.queued,
            };
          if (!waiter) return null;
          waiter.localAt = localAt;
          waiter.storeAt = reply.storeNow;
          retryInMs = reply.retryInMs;
        } catch (error) {
          if (!waiter) throw error;
          attempt.lastError = error;
          retryInMs = ERROR_RETRY_MS;
        }
        const outcome = await waiter.wait(Math.min(retryInMs, attempt.deadline - Date.now()), options.signal);
        if (outcome === "handoff" && waiter.handoff) {
          const { fence, storeNow, ttlMs, queued } = waiter.handoff;
          // The hand-off happened no earlier, locally, than its store time mapped through the attempt's send time.
          const grantedAt = waiter.localAt + (storeNow - waiter.storeAt);
          return { fence, expiresAt: grantedAt + ttlMs - backend.driftMs(ttlMs), queued };
        }
        if (outcome === "aborted") {
          await this.cancel(resource, attempt);
          throw new LockAbortedError(resources, Date.now() - attempt.started, options.signal?.reason);
        }
      }
      await this.cancel(resource, attempt);
      return null;
    } finally {
      if (waiter) this.#waiters.delete(waitNumber);
    }
  }

  /** Removes the attempt from the resource's queue at the store, giving up after {@link CLEANUP_TIMEOUT_MS}. */
  async cancel(resource: string, attempt: Attempt): Promise<void> {
    const done = this.#backend.cancel(resource, attempt.token, attempt.options.limit).catch(() => {});
    await within(done, CLEANUP_TIMEOUT_MS, undefined);
  }

  /** Wakes every wait, which then sees the queue closed and fails with LockClosedError. */
  close(): void {
    this.#closed = true;
    this.#resyncAll();
  }

  #listen(resources: readonly string[]): Promise<void> {
    this.#listening ??= this.#backend.listen(
      (handoff: Handoff) => this.#waiters.get(parseInt(handoff.waiterId, 36))?.deliver(handoff),
      () => this.#resyncAll(),
    );
    return this.#listening.then(
      () => {
        this.#listenReady = true;
      },
      (error: unknown) => {
        this.#listening = undefined;
        throw new LockUnavailableError(resources, error);
      },
    );
  }

  #resyncAll(): void {
    for (const waiter of this.#waiters.values()) waiter.resync();
  }
}
