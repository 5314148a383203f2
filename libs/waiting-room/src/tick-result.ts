/** What one admission step did and saw. */
export interface TickResult {
  readonly eventId: string;
  /** When the step ran, by the room's clock (epoch ms). */
  readonly at: number;
  /** Identities this step admitted, in line order. */
  readonly admitted: readonly string[];
  /** Admissions whose slot this step returned because they were neither used nor settled in time. */
  readonly expired: number;
  /** Buyers still in line. */
  readonly waiting: number;
  /** Admitted buyers who have not settled yet (each holds a slot). */
  readonly undecided: number;
  /** Seats obtainable as the step counted them: the inventory port's answer less seats settled since. */
  readonly seats: number;
  /** No seat is obtainable: every waiting buyer reads `sold_out` until seats come back. */
  readonly soldOut: boolean;
  /** Buyers admitted since the room opened. */
  readonly admittedTotal: number;
  readonly opened: boolean;
  /** Admissions per second over the last half minute; null until measured. */
  readonly measuredRate: number | null;
  readonly admitPerSecond: number;
  /** When admissions start (the opening, or the end of a recovered room's pause), in epoch ms. */
  readonly admissionsFrom: number;
}
