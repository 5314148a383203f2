import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiClient } from "../api/client";
import { ApiProblem } from "../api/problem";
import type { Ticket, TicketStatus } from "../api/types";
import { useApp } from "../app-context";
import { browserStorage } from "../storage";
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
/** Pause before opening a stream again that the server ended early (ms). */
const RESTREAM_MS = 1000;

export const isSettled = (ticket: Ticket) => SETTLED.has(ticket.status);

export interface TicketFollower {
  /** The latest ticket; null before joining. */
  ticket: Ticket | null;
  /** The refusal of the last join or read, cleared by the next ticket. */
  problem: unknown;
  joining: boolean;
  /** Joins the queue (again: the same ticket) and follows the ticket. */
  join(): void;
  /** Reads the ticket once more (e.g. when the admission's time is up). */
  refresh(): void;
}

const perTab = browserStorage("session");
const receiptKey = (eventId: string, userId: string) => `ticketing.receipt.${userId}.${eventId}`;

/**
 * The buyer's ticket in an event's waiting room. After joining, the ticket follows its event stream until it is
 * admitted or final; when the stream cannot be opened or breaks, the ticket is read again after the `pollAfterMs`
 * the API gives. The ticket's receipt is kept for the tab, so a reload rejoins (the same ticket, its place kept even
 * if the room lost it) without asking the buyer again.
 */
export function useTicket(eventId: string, userId: string): TicketFollower {
  const { api } = useApp();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [joining, setJoining] = useState(false);
  // The hook's lifetime: leaving the page aborts a join still in flight and every stream and poll that follows.
  const lifetime = useRef<AbortController | null>(null);
  const follower = useRef<AbortController | null>(null);

  const accept = (next: Ticket) => {
    perTab.setItem(receiptKey(eventId, userId), next.receipt);
    setTicket(next);
    setProblem(undefined);
  };

  const follow = (first: Ticket, alive: AbortSignal) => {
    follower.current?.abort();
    const controller = new AbortController();
    follower.current = controller;
    alive.addEventListener("abort", () => controller.abort(), { once: true });
    void followTicket(api, first, { signal: controller.signal, onTicket: accept, onProblem: setProblem });
  };

  const join = async () => {
    const alive = lifetime.current?.signal;
    if (!alive || alive.aborted) return;
    setJoining(true);
    try {
      const receipt = perTab.getItem(receiptKey(eventId, userId)) ?? undefined;
      let joined: Ticket;
      try {
        joined = await api.joinWaitingRoom(eventId, receipt, alive);
      } catch (error) {
        // A receipt the room does not accept (another secret, another room) is dropped: join without it.
        if (!(receipt && error instanceof ApiProblem && error.code === "E_RECEIPT_INVALID")) throw error;
        perTab.removeItem(receiptKey(eventId, userId));
        joined = await api.joinWaitingRoom(eventId, undefined, alive);
      }
      if (alive.aborted) return;
      accept(joined);
      follow(joined, alive);
    } catch (error) {
      if (!alive.aborted) setProblem(error);
    } finally {
      if (!alive.aborted) setJoining(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    lifetime.current = controller;
    // Joined earlier in this tab: take the place back at once (joining returns the same ticket).
    if (perTab.getItem(receiptKey(eventId, userId)) !== null) void join();
    return () => controller.abort();
  }, [eventId, userId]);

  return {
    ticket,
    problem,
    joining,
    join: () => void join(),
    refresh: () => {
      const alive = lifetime.current?.signal;
      if (!alive || alive.aborted) return;
      api.waitingRoomTicket(eventId, alive).then(
        (next) => alive.aborted || accept(next),
        (error: unknown) => alive.aborted || setProblem(error),
      );
    },
  };
}

/** Follows a ticket until it settles or `signal` aborts: the event stream first, polling once the stream fails. */
async function followTicket(
  api: ApiClient,
  first: Ticket,
  options: { signal: AbortSignal; onTicket(ticket: Ticket): void; onProblem(problem: unknown): void },
): Promise<void> {
  const { signal } = options;
  let latest = first;
  const onTicket = (ticket: Ticket) => {
    latest = ticket;
    if (!signal.aborted) options.onTicket(ticket);
  };
  let streaming = true;
  let waitMs = first.pollAfterMs ?? FALLBACK_POLL_MS;
  while (!signal.aborted && !isSettled(latest)) {
    if (streaming) {
      try {
        await api.streamTicket(latest.eventId, onTicket, signal);
        // The server ended the stream before the ticket settled (it restarts, a proxy cut it): open it again.
        if (!isSettled(latest)) await delay(RESTREAM_MS, signal);
      } catch {
        if (signal.aborted) return;
        streaming = false;
      }
      continue;
    }
    await delay(waitMs, signal);
    if (signal.aborted) return;
    try {
      const ticket = await api.waitingRoomTicket(latest.eventId, signal);
      onTicket(ticket);
      waitMs = ticket.pollAfterMs ?? FALLBACK_POLL_MS;
    } catch (error) {
      if (signal.aborted) return;
      options.onProblem(error);
      waitMs = error instanceof ApiProblem && error.retryAfter ? error.retryAfter * 1000 : FALLBACK_POLL_MS;
    }
  }
}
