import { FINAL_STATUSES, type Ticket } from "@ticketing/waiting-room";

const POLL_MIN_MS = 1_000;
const POLL_MAX_MS = 5_000;
const clamp = (ms: number) => Math.round(Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, ms)));

/**
 * When a page that polls should ask again, in ms, or null when nothing will change by waiting (admitted: reserve
 * now; final). Before the opening: at the opening. Waiting: a quarter of the expected wait, so that the position
 * moves about four times before admission. Sold out: seats may come back when holds expire. Always 1 to 5 s.
 */
export function pollAfterMs(ticket: Ticket, now = Date.now()): number | null {
  if (ticket.status === "admitted" || FINAL_STATUSES.has(ticket.status)) return null;
  if (ticket.status === "pre_queue") return clamp(ticket.opensAt - now);
  if (ticket.status === "waiting" && ticket.estimatedWaitMs !== null)
    return clamp(ticket.estimatedWaitMs / 4);
  return POLL_MAX_MS;
}

/** A ticket as GET answers it: the room's ticket (as the event stream sends it) and the poll hint. */
export function ticketDto(ticket: Ticket, now = Date.now()) {
  return { ...ticket, pollAfterMs: pollAfterMs(ticket, now) };
}
