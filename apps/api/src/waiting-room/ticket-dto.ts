import { FINAL_STATUSES, type Ticket } from "@ticketing/waiting-room";

const POLL_MIN_MS = 1_000;
const POLL_MAX_MS = 15_000;
const SOLD_OUT_POLL_MS = 5_000;
/** Polls of many buyers spread over ±this share of the hint instead of arriving in step. */
const JITTER = 0.2;

/**
 * When a page that polls should ask again, in ms, or null when nothing changes by waiting (admitted: reserve now;
 * final). Before the opening: at the opening. Waiting: a quarter of the expected wait, so the position moves about
 * four times before admission. Sold out: 5 s, seats come back when holds expire or reservations are cancelled.
 * Between 1 and 15 s, spread by ±20 % so that thousands of buyers do not ask in the same instant.
 */
export function pollAfterMs(ticket: Ticket, now = Date.now(), random = Math.random): number | null {
  if (ticket.status === "admitted" || FINAL_STATUSES.has(ticket.status)) return null;
  const base =
    ticket.status === "pre_queue"
      ? ticket.opensAt - now
      : ticket.status === "waiting" && ticket.estimatedWaitMs !== null
        ? ticket.estimatedWaitMs / 4
        : ticket.status === "waiting"
          ? POLL_MIN_MS * 2
          : SOLD_OUT_POLL_MS;
  const clamped = Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, base));
  return Math.round(Math.max(POLL_MIN_MS, clamped * (1 + JITTER * (2 * random() - 1))));
}

/** A ticket as GET and POST answer it: the room's ticket (as the event stream sends it) and the poll hint. */
export function ticketDto(ticket: Ticket, now = Date.now()) {
  return { ...ticket, pollAfterMs: pollAfterMs(ticket, now) };
}
