/** What a store answers to one acquisition attempt on one resource. */
export type AcquireReply =
  | { acquired: true; fence: number; /** remaining validity at the store, ms */ ttlMs: number }
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
  /** Leaves the queue; passes the resource on if it was handed over meanwhile. */
  cancel(resource: string, token: string, limit: number): Promise<void>;
  /** Starts delivering hand-offs (and re-check prompts after a reconnect); resolves once subscribed. */
  listen(onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void>;
  /** Safety margin subtracted from the validity seen locally. */
  driftMs(ttlMs: number): number;
  close(): Promise<void>;
}
