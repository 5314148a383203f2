import type { ScriptClient } from "@ticketing/redis-script";

export interface EventRecord {
  id: string;
  eventName: string;
  totalSeats: number;
  availableSeats: number;
  eventDate: Date;
  createdAt: Date;
  maxPerUser: number | null;
}

export type ReservationStatus = "CONFIRMED" | "CANCELLED";

export interface ReservationRecord {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: Date;
  cancelledAt: Date | null;
  idempotencyKey: string | null;
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
}

export interface UpdateEventInput {
  eventName?: string;
  eventDate?: Date;
  /** New total; availableSeats moves by the same delta and may not go below zero. */
  totalSeats?: number;
  maxPerUser?: number | null;
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
