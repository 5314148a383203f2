import type { ReservationStatus } from "../types.js";

/** What happened to the reservation: the message's type. */
export type OutboxMessageType =
  "reservation.held" | "reservation.confirmed" | "reservation.cancelled" | "reservation.expired";

/** One change of a reservation, as written in the change's transaction and published by a relay. */
export interface OutboxMessage {
  /** `<reservation id>:<sequence>`: unique per change, the same on every delivery; consumers de-duplicate on it. */
  id: string;
  type: OutboxMessageType;
  /** 1 for the reservation's first change, then 2, 3…: consumers of an unordered queue order by it. */
  sequence: number;
  /** When the change happened: creation, confirmation, cancellation, or the hold's expiry. */
  occurredAt: Date;
  reservation: {
    id: string;
    eventId: string;
    userId: string;
    quantity: number;
    /** The status after the change. */
    status: ReservationStatus;
    expiresAt: Date | null;
    paymentReference: string | null;
  };
  /** How many times a relay has claimed it, this time included. */
  attempts: number;
}

/**
 * The outbox as a relay reads it (`engine.outbox`). Several relays may claim at once, in several processes: a claim
 * is a lease on rows no other live claim holds, and it never contains a change of a reservation whose earlier change
 * is not published yet, so each reservation's changes are sent one after the other, in order.
 */
export interface Outbox {
  /** Claims up to `limit` unpublished messages, oldest first, for `leaseMs`; after that they may be claimed again. */
  claim(options: { limit: number; leaseMs: number }): Promise<OutboxMessage[]>;
  /** Marks messages published (sent and acknowledged); the next change of each reservation becomes claimable. */
  published(ids: readonly string[]): Promise<void>;
  /** Gives claimed messages back, claimable again after `delayMs`. */
  retryLater(ids: readonly string[], delayMs: number): Promise<void>;
  /** Deletes up to `limit` messages published more than `olderThanMs` ago; returns how many. */
  prune(olderThanMs: number, limit: number): Promise<number>;
  /** Calls `listener` after this process committed a change (a relay in this process wakes at once). */
  onChange(listener: () => void): () => void;
}
