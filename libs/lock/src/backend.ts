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

/** How much of a resource a lock takes: a mutex is limit 1 and 1 permit. */
export interface Share {
  limit: number;
  permits: number;
}

/** One holder as a store reports it; `token` never leaves the package. */
export interface StoreHolder {
  token: string;
  fence: number;
  /** Remaining validity at the store, ms. */
  ttlMs: number;
  permits: number;
}

export interface StoreState {
  holders: StoreHolder[];
  /** Live waiters queued at the store. */
  queued: number;
}

/**
 * One store's atomic operations on one resource (Redis scripts, Redlock quorum, or in-process maps). The shared
 * engine builds waiting, multi-resource ordering, extension and loss detection on top.
 */
export interface LockBackend {
  /** The largest `limit` this store can enforce; undefined when any. */
  readonly maxLimit?: number;
  /** Takes the resource, or (when waitMs > 0) joins its FIFO queue until `waitMs` from now. */
  acquire(
    resource: string,
    token: string,
    ttlMs: number,
    waitMs: number,
    share: Share,
    /** Names this wait in the hand-off message. */
    waiterId: string,
  ): Promise<AcquireReply>;
  /** Owner-only; hands the resource to the oldest live waiter. False when `token` no longer holds it. */
  release(resource: string, token: string, share: Share): Promise<boolean>;
  /** Owner-only TTL reset. */
  extend(resource: string, token: string, ttlMs: number, share: Share): Promise<boolean>;
  /**
   * Owner-only: makes `to` the mutex's owner for `ttlMs` with fence `fence` (the holder's plus one) in one step, so
   * that a holder can pass the lock to a waiter of its own instance without a round trip before the waiter runs.
   * Stores that cannot promise the next fence leave this out.
   */
  transfer?(resource: string, from: string, to: string, ttlMs: number, fence: number): Promise<TransferReply>;
  /** Leaves the queue, and gives back what was granted to `token` meanwhile (or by a call whose reply was lost). */
  cancel(resource: string, token: string, share: Share): Promise<void>;
  /** Reads the resource's holders and queue without changing them. */
  inspect(resource: string, limit: number): Promise<StoreState>;
  /** Starts delivering hand-offs (and re-check prompts after a reconnect); resolves once subscribed. */
  listen(onHandoff: (handoff: Handoff) => void, onResync: () => void): Promise<void>;
  /**
   * Stores whose hand-offs travel per resource (Redis Cluster's shard channels) subscribe to the resource before a
   * wait queues there; the returned function ends that once the wait is over.
   */
  follow?(resource: string): Promise<() => void>;
  /** Safety margin subtracted from the validity seen locally. */
  driftMs(ttlMs: number): number;
  close(): Promise<void>;
}
