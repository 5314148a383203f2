import { useEffect, useRef, useState } from "preact/hooks";
import { ApiProblem } from "../api/problem";
import type { Ticket } from "../api/types";
import { useApp } from "../app-context";
import { browserStorage } from "../storage";
import { followTicket } from "./follow-ticket";

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
  /** Gives the admission up, so the next buyer is admitted now; settles with the ended ticket or the refusal. */
  giveUp(): Promise<void>;
}

const perTab = browserStorage("session");
const receiptKey = (eventId: string, userId: string) => `ticketing.receipt.${userId}.${eventId}`;

/**
 * The buyer's ticket in an event's waiting room. After joining, the ticket follows its event stream until it is
 * admitted or final, and is read again while the stream fails ({@link followTicket}). The ticket's receipt is kept
 * for the tab, so a reload rejoins (the same ticket, its place kept even if the room lost it) without asking the
 * buyer again.
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
    void followTicket(api, first, {
      signal: controller.signal,
      onTicket: accept,
      onProblem: setProblem,
      rejoin: (signal) =>
        api.joinWaitingRoom(eventId, perTab.getItem(receiptKey(eventId, userId)) ?? undefined, signal),
    });
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
        (next) => {
          if (!alive.aborted) accept(next);
        },
        (error: unknown) => {
          if (!alive.aborted) setProblem(error);
        },
      );
    },
    giveUp: async () => {
      const alive = lifetime.current?.signal;
      if (!alive || alive.aborted) return;
      try {
        const ended = await api.giveUpAdmission(eventId, alive);
        if (!alive.aborted) accept(ended);
      } catch (error) {
        if (!alive.aborted) setProblem(error);
      }
    },
  };
}
