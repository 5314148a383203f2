/** Seats taken by the fast path for one reservation that is not yet durable. */
export interface Hold {
  reservationId: string;
  eventId: string;
  userId: string;
  quantity: number;
  /** epoch ms of admission: holds older than the stale threshold are reconciled against the database. */
  admittedAt: number;
}

export type AdmitResult =
  | { kind: "admitted" }
  /** The event has no counter (never built, or Redis lost it): rebuild from the database, then retry. */
  | { kind: "missing" }
  /**
   * available: the counter; pending: seats held by admissions not yet committed or released; held: the user's
   * seats; oldest: admission time (epoch ms) of the oldest hold still in flight, or null.
   */
  | {
      kind: "refused";
      reason: "seats" | "per_user";
      available: number;
      pending: number;
      held: number;
      oldest: number | null;
    };

/** Seats a reservation gave back: they return to the counter and to the user's allowance. */
export interface Returned {
  userId: string;
  quantity: number;
}

export interface CounterState {
  /** Seats the database has free (committed state). */
  available: number;
  /** Seats per user in holds and confirmed reservations, from the database. */
  users: ReadonlyMap<string, number>;
  /** Admissions of this process whose rows are not committed yet. */
  holds: readonly Hold[];
}

export interface CounterSnapshot {
  available: number | null;
  pending: number;
  /** epoch ms of the oldest in-flight hold, or null. */
  oldest: number | null;
}

/**
 * The admission counters: one atomic step per request takes seats from the event's counter and the user's
 * allowance, and records the hold as in flight until it is confirmed (row committed) or released (seats back).
 */
export interface Admission {
  readonly kind: "redis" | "memory";
  admit(hold: Hold, maxPerUser: number | null): Promise<AdmitResult>;
  /** The rows are committed: forget the holds, the seats stay taken. */
  confirm(eventId: string, holds: readonly Hold[]): Promise<void>;
  /** The rows will never be committed: give back the seats of the holds still in flight. Returns how many. */
  release(eventId: string, holds: readonly Hold[]): Promise<number>;
  /** Committed cancellations or expiries gave seats back in the database: mirror them (seats and users' allowances). */
  restock(eventId: string, returned: readonly Returned[]): Promise<void>;
  /**
   * "missing": build the counter only if absent, as available − holds; "force": reset it to
   * available − (seats of every hold in flight), and each user's count to the user's seats in `users` + the user's
   * holds in flight. Returns whether it wrote.
   */
  install(eventId: string, state: CounterState, mode: "missing" | "force"): Promise<boolean>;
  snapshot(eventId: string): Promise<CounterSnapshot>;
  /** In-flight holds admitted before `before` (epoch ms), at most `limit`. */
  stale(eventId: string, before: number, limit: number): Promise<Hold[]>;
  /** Drops the counter so that the next admission rebuilds it from the database. */
  invalidate(eventId: string): Promise<void>;
  ping(): Promise<boolean>;
}

export function encodeHold(hold: Hold): string {
  return `${hold.quantity}|${hold.admittedAt}|${hold.reservationId}|${hold.userId}`;
}

export function decodeHold(eventId: string, member: string): Hold {
  const [quantity, admittedAt, reservationId] = member.split("|", 3);
  const userId = member.slice(`${quantity}|${admittedAt}|${reservationId}|`.length);
  return {
    eventId,
    reservationId: reservationId ?? "",
    userId,
    quantity: Number(quantity),
    admittedAt: Number(admittedAt),
  };
}
