import type { Handoff, LockBackend } from "./backend.js";
import { within, type Deadlines } from "./deadline.js";
import { LockAbortedError, LockClosedError, LockUnavailableError } from "./errors.js";
import type { ResolvedOptions } from "./validate.js";
import { Waiter } from "./waiter.js";

/**
 * Longest an acquisition spends past its wait undoing its place at the store (leaving the queue, handing back what
 * it took), and longest a `tryAcquire()` waits for the store's answer. Whatever Redis does, `acquire()` settles
 * within `waitMs` plus this.
 */
export const CLEANUP_TIMEOUT_MS = 1_000;
const ERROR_RETRY_MS = 100;
const NO_ANSWER = Symbol("no answer");

/** One call of acquire, tryAcquire or withLock, across the resources it takes. */
export interface Attempt {
  token: string;
  options: ResolvedOptions;
  started: number;
  /** Epoch ms when the wait ends: `started + waitMs`, or `started` for one attempt. */
  deadline: number;
  attempts: number;
  lastError: unknown;
}

/** The epoch ms by which the attempt has settled, cleanup included. */
export function settleBy(attempt: Attempt): number {
  return attempt.deadline + CLEANUP_TIMEOUT_MS;
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
 * the queue on timeout or abort. Hand-offs arrive on one subscription per instance, opened by the first wait. No
 * store call holds an attempt past its deadline: a call still unanswered then is left to finish on its own, and
 * whatever it queued or took is undone once it has.
 */
export class StoreQueue {
  readonly #backend: LockBackend;
  readonly #deadlines: Deadlines;
  /** Pending waits by number; the store names each in its hand-off message by that number in base 36. */
  readonly #waiters = new Map<number, Waiter>();
  #waitSequence = 0;
  #listening: Promise<void> | undefined;
  #listenReady = false;
  #closed = false;

  constructor(backend: LockBackend, deadlines: Deadlines) {
    this.#backend = backend;
    this.#deadlines = deadlines;
  }

  /**
   * The grant, or null when the attempt's deadline passed (at once for a caller that does not wait) or `interrupt`
   * fired. Throws when the store errs for a caller that does not wait, or does not answer it in time.
   */
  async take(
    resources: readonly string[],
    resource: string,
    attempt: Attempt,
    waiting: boolean,
    interrupt?: AbortSignal,
  ): Promise<StoreGrant | null> {
    const { token, options } = attempt;
    const backend = this.#backend;
    // A short id, unique within this instance (whose channel the hand-off travels on): fewer bytes per attempt.
    const waitNumber = this.#waitSequence++;
    const waiterId = waitNumber.toString(36);
    let waiter: Waiter | undefined;
    let unfollow: (() => void) | undefined;
    // Whether the store answered this attempt: a call left unanswered at the deadline is then a timeout, not an outage.
    let heard = false;
    try {
      if (waiting && attempt.deadline > Date.now()) {
        // Once subscribed, a wait on one Redis has nothing to prepare: no promise, no timer.
        if (!this.#listenReady || backend.follow) {
          const preparing = this.#prepare(resources, resource);
          const ready = await this.#deadlines.race(preparing, attempt.deadline, NO_ANSWER);
          if (ready === NO_ANSWER) {
            preparing.then(
              (late) => late?.(),
              () => {},
            );
            return this.#noAnswer(attempt, "the wait");
          }
          unfollow = ready;
        }
        waiter = new Waiter();
        this.#waiters.set(waitNumber, waiter);
      }
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
          const call = backend.acquire(
            resource,
            token,
            options.ttlMs,
            waiter ? remaining : 0,
            options,
            waiterId,
          );
          const reply = await this.#bounded(
            call,
            waiter ? attempt.deadline : settleBy(attempt),
            resource,
            attempt,
          );
          if (reply === NO_ANSWER)
            return heard ? null : this.#noAnswer(attempt, waiter ? "the wait" : `${CLEANUP_TIMEOUT_MS} ms`);
          heard = true;
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
          heard = true;
          attempt.lastError = error;
          retryInMs = ERROR_RETRY_MS;
        }
        const outcome = await waiter.wait(
          Math.min(retryInMs, attempt.deadline - Date.now()),
          options.signal,
          interrupt,
        );
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
        if (outcome === "interrupted") break;
      }
      await this.cancel(resource, attempt);
      return null;
    } finally {
      if (waiter) this.#waiters.delete(waitNumber);
      unfollow?.();
    }
  }

  /** Removes the attempt from the resource's queue at the store, giving up once the attempt must have settled. */
  async cancel(resource: string, attempt: Attempt): Promise<void> {
    const done = this.#backend.cancel(resource, attempt.token, attempt.options).catch(() => {});
    await within(done, settleBy(attempt) - Date.now(), undefined);
  }

  /** Wakes every wait, which then sees the queue closed and fails with LockClosedError. */
  close(): void {
    this.#closed = true;
    this.#resyncAll();
  }

  /**
   * `call`'s outcome, or NO_ANSWER once `by` (epoch ms) has passed without one. The call keeps going: once it
   * settles, the attempt's place at the store (queued, or holding what the call took) is undone.
   */
  async #bounded<T>(
    call: Promise<T>,
    by: number,
    resource: string,
    attempt: Attempt,
  ): Promise<T | typeof NO_ANSWER> {
    const outcome = await this.#deadlines.race(call, by, NO_ANSWER);
    if (outcome === NO_ANSWER) {
      const undo = () => this.#backend.cancel(resource, attempt.token, attempt.options).catch(() => {});
      call.then(undo, undo);
    }
    return outcome;
  }

  #noAnswer(attempt: Attempt, within: string): null {
    attempt.lastError = new Error(`the lock store did not answer within ${within}`);
    return null;
  }

  /** Opens the instance's subscription (once), and follows the resource where hand-offs travel per resource. */
  async #prepare(resources: readonly string[], resource: string): Promise<(() => void) | undefined> {
    if (!this.#listenReady) await this.#listen(resources);
    return this.#backend.follow?.(resource);
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
