/** What a store answers to one acquisition attempt on one resource. */
export type AcquireReply =
  | {
      acquired: true;
      fence: number;
      /** remaining validity at the store, ms */
      ttlMs: number;
      /** Waiters still queued at the store for this resource, when the store tells. */
      queued?: number;
    }
  | {
      acquired: false;
      /** When to look again even without a wake-up: the holder's remaining TTL, or a backoff. */
      retryInMs: number;
      /** The store's clock at the attempt, to place a later hand-off on the local clock. */
      storeNow: number;
    };

/** A lock handed directly to a queued waiter by the releasing holder. */
export interface Handoff {
  waiterId: string;
  fence: number;
  /** The store's clock at the hand-off. */
  storeNow: number;
  ttlMs: number;
  /** Waiters still queued at the store, when the store tells. */
  queued?: number;
}

/** What a store answers to a holder passing its mutex to a caller of the same instance. */
export interface TransferReply {
  /** False when `from` no longer held the lock or `fence` was not next: the new holder has nothing. */
  owned: boolean;
  /** Waiters queued at the store for this resource. */
  queued: number;
}

/**
 * One store's atomic operations on one resource (Redis scripts, Redlock quorum, or in-process maps). The shared
 * engine builds waiting, multi-resource ordering, extension and loss detection on top.
 */
export interface LockBackend {
  /** Takes the resource, or (when waitMs > 0) joins its FIFO queue until `waitMs` from now. */
  acquire(
    resource: string,
    token: string,
    ttlMs: number,
    waitMs: number,
    limit: number,
    /** Names this wait in the hand-off message. */
    waiterId: string,
  ): Promise<AcquireReply>;
  /** Owner-only; hands the resource to the oldest live waiter. False when `token` no longer holds it. */
  release(resource: string, token: string, limit: number): Promise<boolean>;
  /** Owner-only TTL reset. */
  extend(resource: string, token: string, ttlMs: number, limit: number): Promise<boolean>;
  /**
   * Owner-only: makes `to` the mutex's owner for `ttlMs` with fence `fence` (the holder's plus one) in one step, so
   * that a holder can pass the lock to a waiter of its own instance without a round trip before the waiter runs.
   * Stores that cannot promise the next fence leave this out.
   */
  transfer?(resource: string, from: string, to: string, ttlMs: number, fence: number): Promise<TransferReply>;
  /** Leaves the queue; passes the resource on if it was handed over meanwhile. */
  cancel(resource: string, token: string, limit: number): Promise<void>;
  /** Starts delivering hand-offs (and re-check prompts after a reconnect); resolves once subscribed. */
  listen(onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void>;
  /** Safety margin subtracted from the validity seen locally. */
  driftMs(ttlMs: number): number;
  close(): Promise<void>;
}
