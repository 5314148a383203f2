import type { ReservationRecord } from "./types.js";

/** Payloads of the engine's events, by name. */
export interface ReservationEvents {
  /** A group-commit batch finished: committed whole, fell back to one transaction per row, or failed. */
  "reservation:batch": BatchInfo;
  /** An event's admission counter was built (it was missing) or reset from the database. */
  "reservation:counter": { eventId: string; mode: "missing" | "force"; available: number; holds: number };
  /** Admissions left in flight by a dead or stalled process were settled from the database. */
  "reservation:reconciled": { eventId: string; confirmed: number; released: number };
  /** A hold was committed: its seats are taken until `reservation.expiresAt` unless confirmed. */
  "reservation:held": ReservationChange;
  /** A reservation was confirmed: one-step at once, or a hold by `confirm`. */
  "reservation:confirmed": ReservationChange;
  /** A hold or a confirmed reservation was cancelled: its seats are on sale again. */
  "reservation:cancelled": ReservationChange;
  /** A hold was not confirmed in time: its seats are on sale again. */
  "reservation:expired": ReservationChange;
}

/**
 * A change of one reservation, told by the process that committed it, after the commit. For observers in this process
 * (metrics, a waiting room giving seats back to its queue); the outbox is the durable, fleet-wide record.
 */
export interface ReservationChange {
  reservation: ReservationRecord;
}

export interface BatchInfo {
  eventId: string;
  size: number;
  outcome: "committed" | "fallback" | "failed";
  ms: number;
}

export type ReservationEventName = keyof ReservationEvents;
export type ReservationListener<K extends ReservationEventName> = (payload: ReservationEvents[K]) => void;
