/** What one buyer did and saw, as the checks and the report read it. */
export interface BuyerRecord {
  readonly index: number;
  readonly userId: string;
  readonly early: boolean;
  readonly follows: "sse" | "poll";
  /** When the join that created the ticket was sent and answered (epoch ms). */
  joinSentAt: number | null;
  joinAnsweredAt: number | null;
  /** The buyer's number in line, as first seen while waiting; null if never seen (admitted at once). */
  position: number | null;
  /** When the buyer first saw itself admitted. */
  admittedAt: number | null;
  /** When the buyer first read sold_out. */
  soldOutSeenAt: number | null;
  reservationId: string | null;
  heldAt: number | null;
  /** The buyer meant not to pay. */
  abandons: boolean;
  confirmedAt: number | null;
  /** The hold expired before the payment arrived (E_HOLD_EXPIRED). */
  holdExpiredAtConfirm: boolean;
  /** POST /api/reservations answered sold out (or insufficient seats) after admission. */
  refusedSoldOut: boolean;
  /** The last ticket status the buyer read. */
  lastStatus: string | null;
  /** Requests that failed for good (unexpected answers), with what they answered. */
  errors: string[];
}

export function newBuyer(
  index: number,
  userId: string,
  early: boolean,
  follows: "sse" | "poll",
): BuyerRecord {
  return {
    index,
    userId,
    early,
    follows,
    joinSentAt: null,
    joinAnsweredAt: null,
    position: null,
    admittedAt: null,
    soldOutSeenAt: null,
    reservationId: null,
    heldAt: null,
    abandons: false,
    confirmedAt: null,
    holdExpiredAtConfirm: false,
    refusedSoldOut: false,
    lastStatus: null,
    errors: [],
  };
}

/** Served: the room admitted the buyer. */
export const served = (buyer: BuyerRecord) => buyer.admittedAt !== null;
