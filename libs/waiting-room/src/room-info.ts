/** An event's room as it stands: the operator's settings and the room's counters. */
export interface RoomInfo {
  readonly eventId: string;
  readonly opensAt: number;
  readonly admitPerSecond: number;
  readonly burst: number;
  readonly overbooking: number;
  /** When admissions start (the opening, or the end of a recovered room's pause), in epoch ms. */
  readonly admissionsFrom: number;
  /** The opening time has passed (by this instance's clock), or a step or join already saw it pass. */
  readonly opened: boolean;
  /** The last admission step found no obtainable seat. */
  readonly soldOut: boolean;
  /** Buyers in line. */
  readonly waiting: number;
  /** Admitted buyers who have not settled yet. */
  readonly undecided: number;
  /** Buyers admitted since the room opened. */
  readonly admittedTotal: number;
  /** Admissions per second over the last half minute; null until measured. */
  readonly measuredRate: number | null;
}
