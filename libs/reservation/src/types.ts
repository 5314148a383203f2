import type { ScriptClient } from "@ticketing/redis-script";

export interface EventRecord {
  id: string;
  eventName: string;
  totalSeats: number;
  availableSeats: number;
  eventDate: Date;
  createdAt: Date;
  maxPerUser: number | null;
  /** Seconds a buyer has to confirm (pay) a reservation of this event, or null: reservations are confirmed at once. */
  holdSeconds: number | null;
}

/**
 * `HELD`: seats taken until `expiresAt`, waiting for `confirm`; `CONFIRMED`: sold; `CANCELLED`: given back by
 * `cancel`; `EXPIRED`: a hold not confirmed in time, its seats given back.
 */
export type ReservationStatus = "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";

export interface ReservationRecord {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: Date;
  cancelledAt: Date | null;
  idempotencyKey: string | null;
  /** When the hold ends unless confirmed (the database's clock); null for a reservation confirmed at once. */
  expiresAt: Date | null;
  /** When it was confirmed: its creation for one-step reservations, the `confirm` call for holds; else null. */
  confirmedAt: Date | null;
  /** The reference given to `confirm`, or null. */
  paymentReference: string | null;
}

export interface ConfirmInput {
  /** The payment's reference, e.g. the payment provider's id; confirming again with the same one is a replay. */
  paymentReference: string;
}

/** An event's seats as the database has them, for an operator's view. */
export interface SeatCounts {
  eventId: string;
  totalSeats: number;
  /** Seats of confirmed reservations. */
  confirmedSeats: number;
  /** Seats of holds not confirmed yet (including holds past their expiry that are about to be given back). */
  heldSeats: number;
  /** Seats free: totalSeats − confirmedSeats − heldSeats. */
  availableSeats: number;
  /** When the first of the holds expires, or null. */
  nextExpiry: Date | null;
}

export interface Actor {
  userId: string;
  role: "user" | "admin";
}

export interface CreateEventInput {
  eventName: string;
  totalSeats: number;
  eventDate: Date;
  maxPerUser?: number | null;
  /**
   * Reservations of this event are holds for this many seconds (from `RESERVATION_LIMITS.holdSecondsMin` to
   * `holdSecondsMax`) until confirmed; omitted or null: confirmed at once.
   */
  holdSeconds?: number | null;
}

export interface UpdateEventInput {
  eventName?: string;
  eventDate?: Date;
  /** New total; availableSeats moves by the same delta and may not go below zero. */
  totalSeats?: number;
  maxPerUser?: number | null;
  /** Applies to reservations made from now on; existing holds keep their expiry. */
  holdSeconds?: number | null;
}

export interface ReserveInput {
  eventId: string;
  userId: string;
  quantity: number;
  idempotencyKey?: string;
}

export interface ReserveResult {
  reservation: ReservationRecord;
  /** true when the idempotency key matched an earlier reservation, which is returned unchanged. */
  replayed: boolean;
}

export interface EventPage {
  items: EventRecord[];
  nextCursor: string | null;
}

export interface HealthReport {
  database: "connected" | "embedded" | "down";
  redis: "connected" | "embedded" | "down";
}

/** The lock calls this package makes: any `Locks` of @ticketing/lock fits. */
export interface LockLike {
  readonly fence: number;
}
export interface LocksLike {
  withLock<T>(
    resource: string | readonly string[],
    fn: (lock: LockLike, signal: AbortSignal) => Promise<T>,
    options?: { ttlMs?: number; waitMs?: number },
  ): Promise<T>;
}

/** The cache calls this package makes: any `Cache` of @ticketing/cache fits. */
export interface CacheLike {
  getOrLoad<T>(
    key: string,
    loader: (signal: AbortSignal) => Promise<T>,
    options?: { ttl?: number },
  ): Promise<T>;
  delete(key: string): Promise<void>;
}

/** The Redis calls this package's own scripts make (node-redis v5/v6 client or cluster client). */
export interface RedisScriptClient extends ScriptClient {
  /** A view of the same connection with per-command options (the command timeout). */
  withCommandOptions?(options: { timeout?: number }): unknown;
}
