import type { ApiClient } from "../api/client";
import { ApiProblem } from "../api/problem";
import type { Ticket, TicketStatus } from "../api/types";
import { delay } from "../time/delay";

/** Statuses after which waiting changes nothing: the stream ends, polling stops. */
const SETTLED: ReadonlySet<TicketStatus> = new Set([
  "admitted",
  "expired",
  "reserved",
  "refused",
  "abandoned",
]);

/** How soon to read again when the API gives no hint but the ticket can still change (ms). */
const FALLBACK_POLL_MS = 2000;
/** Pause before opening a stream again that the server ended early, unless its `retry:` asked for another (ms). */
const RESTREAM_MS = 1000;

export interface FollowTicketOptions {
  /** Stops following; the returned promise then resolves. */
  signal: AbortSignal;
  onTicket(ticket: Ticket): void;
  /** A refusal or failure; following goes on unless it is a refusal that waiting cannot change. */
  onProblem(problem: unknown): void;
  /** Joins again with the tab's receipt, called once when the room no longer knows the ticket. */
  rejoin(signal: AbortSignal): Promise<Ticket>;
}

/**
 * Follows a ticket until it settles, `signal` aborts, or the API refuses it for good: the event stream first
 * (opened again after the delay its `retry:` asks for when the server ends it early), and polling at the API's
 * `pollAfterMs` while the stream fails, trying the stream again after each successful read. A ticket the room
 * lost (`E_TICKET_NOT_FOUND`) is rejoined once; any other 4xx refusal but 429 stops, reported through `onProblem`.
 */
export async function followTicket(
  api: ApiClient,
  first: Ticket,
  options: FollowTicketOptions,
): Promise<void> {
  const { signal } = options;
  let latest = first;
  const onTicket = (ticket: Ticket) => {
    latest = ticket;
    if (!signal.aborted) options.onTicket(ticket);
  };
  let streaming = true;
  let restreamMs = RESTREAM_MS;
  let rejoined = false;
  let waitMs = first.pollAfterMs ?? FALLBACK_POLL_MS;
  while (!signal.aborted && !SETTLED.has(latest.status)) {
    if (streaming) {
      try {
        await api.streamTicket(latest.eventId, onTicket, signal, (ms) => (restreamMs = ms));
        // The server ended the stream before the ticket settled (it restarts, a proxy cut it): open it again.
        if (!SETTLED.has(latest.status)) await delay(restreamMs, signal);
      } catch {
        if (signal.aborted) return;
        streaming = false;
      }
      continue;
    }
    await delay(waitMs, signal);
    if (signal.aborted) return;
    try {
      const ticket = await readOrRejoin(api, latest.eventId, signal, () => {
        if (rejoined) return null;
        rejoined = true;
        return options.rejoin(signal);
      });
      onTicket(ticket);
      waitMs = ticket.pollAfterMs ?? FALLBACK_POLL_MS;
      streaming = true;
    } catch (error) {
      if (signal.aborted) return;
      options.onProblem(error);
      if (isFinalRefusal(error)) return;
      waitMs = error instanceof ApiProblem && error.retryAfter ? error.retryAfter * 1000 : FALLBACK_POLL_MS;
    }
  }
}

async function readOrRejoin(
  api: ApiClient,
  eventId: string,
  signal: AbortSignal,
  rejoin: () => Promise<Ticket> | null,
): Promise<Ticket> {
  try {
    return await api.waitingRoomTicket(eventId, signal);
  } catch (error) {
    const again = error instanceof ApiProblem && error.code === "E_TICKET_NOT_FOUND" ? rejoin() : null;
    if (!again) throw error;
    return again;
  }
}

/** A refusal that reading again will not change (429 asks to wait; 5xx and no answer may pass). */
const isFinalRefusal = (error: unknown) =>
  error instanceof ApiProblem && error.status >= 400 && error.status < 500 && error.status !== 429;
