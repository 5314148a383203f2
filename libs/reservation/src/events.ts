/** Payloads of the engine's events, by name. */
export interface ReservationEvents {
  /** A group-commit batch finished: committed whole, fell back to one transaction per row, or failed. */
  "reservation:batch": BatchInfo;
  /** An event's admission counter was built (it was missing) or reset from the database. */
  "reservation:counter": { eventId: string; mode: "missing" | "force"; available: number; holds: number };
  /** Holds left in flight by a dead or stalled process were settled from the database. */
  "reservation:reconciled": { eventId: string; confirmed: number; released: number };
}

export interface BatchInfo {
  eventId: string;
  size: number;
  outcome: "committed" | "fallback" | "failed";
  ms: number;
}

export type ReservationEventName = keyof ReservationEvents;
export type ReservationListener<K extends ReservationEventName> = (payload: ReservationEvents[K]) => void;
