import type { TicketRow } from "./scripts.js";
import type { RoomTokens } from "./tokens.js";

/**
 * Where a ticket stands:
 * - `pre_queue`: joined before the opening; the order among the pre-queue is drawn at random, the place is shown
 *   once the room opens;
 * - `waiting`: in line;
 * - `sold_out`: in line, but no seat is obtainable now; the place is kept and the buyer is admitted in turn if seats
 *   come back (a hold expires, a reservation is cancelled);
 * - `admitted`: may reserve with `admission.token` until `admission.expiresAt`;
 * - `expired`: was admitted and neither reserved nor settled in time;
 * - `reserved`, `refused`, `abandoned`: the admission was settled with that outcome.
 */
export type TicketStatus =
  "pre_queue" | "waiting" | "sold_out" | "admitted" | "expired" | "reserved" | "refused" | "abandoned";

/** Statuses after which nothing changes for the ticket any more. */
export const FINAL_STATUSES: ReadonlySet<TicketStatus> = new Set<TicketStatus>([
  "expired",
  "reserved",
  "refused",
  "abandoned",
]);

export interface Ticket {
  readonly eventId: string;
  readonly identity: string;
  readonly status: TicketStatus;
  /**
   * The ticket's number in line, 1 for the first buyer admitted; it does not change while the buyer waits. Null
   * before the opening (the pre-queue's order is not shown) and once the ticket has left the line.
   */
  readonly position: number | null;
  /** Buyers still waiting ahead of this one; null when `position` is. */
  readonly ahead: number | null;
  /**
   * Expected time until admission, in ms, from the admission rate measured over the last half minute (the room's
   * `admitPerSecond` until there is a measure). Null before the opening, when sold out, once out of line, or when
   * nobody has been admitted lately.
   */
  readonly estimatedWaitMs: number | null;
  /** When the identity joined, in epoch ms. */
  readonly joinedAt: number;
  /** When the room opens (or opened), in epoch ms. */
  readonly opensAt: number;
  /** The admission, while `status` is `admitted`. */
  readonly admission: { readonly token: string; readonly expiresAt: number } | null;
  /**
   * The client's signed proof of its place in line. Presented to `join` after Redis lost the room, it restores the
   * place; keep it on the client (a cookie, local storage).
   */
  readonly receipt: string;
}

/** The ticket a script's row describes, with its admission token (while admitted) and receipt signed. */
export async function buildTicket(
  row: TicketRow,
  context: { eventId: string; identity: string; now: number; tokens: RoomTokens },
): Promise<Ticket> {
  const { eventId, identity, now, tokens } = context;
  // The token's `exp` is in whole seconds; the ticket says the same moment.
  const expiresAt =
    row.state === "a" && row.deadline !== null ? Math.floor(row.deadline / 1000) * 1000 : null;
  const admission =
    expiresAt === null
      ? null
      : { token: await tokens.signAdmission({ eventId, identity, seq: row.seq, expiresAt }), expiresAt };
  return {
    ...ticketFrom(row, eventId, identity, now),
    admission,
    receipt: tokens.signReceipt(eventId, identity, row.seq, row.joinedAt),
  };
}

/** Ticket fields that depend only on the row. */
function ticketFrom(
  row: TicketRow,
  eventId: string,
  identity: string,
  now: number,
): Omit<Ticket, "admission" | "receipt"> {
  const waiting = row.state === "w";
  const shown = waiting && row.opened && row.rank >= 0;
  const ahead = shown ? row.rank : null;
  return {
    eventId,
    identity,
    status: statusOf(row),
    position: shown ? row.admittedTotal + row.rank + 1 : null,
    ahead,
    estimatedWaitMs:
      ahead === null || row.soldOut
        ? null
        : estimateWaitMs(ahead, { ...row, admissionsFrom: Math.max(row.opensAt, row.admitFrom) }, now),
    joinedAt: row.joinedAt,
    opensAt: row.opensAt,
  };
}

function statusOf(row: TicketRow): TicketStatus {
  switch (row.state) {
    case "w":
      if (!row.opened) return "pre_queue";
      return row.soldOut ? "sold_out" : "waiting";
    case "a":
      return "admitted";
    case "x":
      return "expired";
    case "s":
      return row.outcome!;
  }
}

/** The rate figures an estimate needs, from a ticket read or an admission step. */
export interface RateFigures {
  readonly measuredRate: number | null;
  readonly admitPerSecond: number;
  /** When admissions start (the opening, or the end of a recovered room's pause), in epoch ms. */
  readonly admissionsFrom: number;
}

/**
 * `ahead / rate`, plus the time until admissions start (a recovered room's pause). The measured rate counts
 * admissions, so it already reflects seats running short; with no measure yet, the operator's cap stands in.
 */
export function estimateWaitMs(ahead: number, figures: RateFigures, now: number): number | null {
  const rate = figures.measuredRate ?? figures.admitPerSecond;
  const startsIn = Math.max(0, figures.admissionsFrom - now);
  if (ahead === 0) return startsIn;
  if (rate <= 0) return null;
  return startsIn + Math.ceil((ahead / rate) * 1000);
}
