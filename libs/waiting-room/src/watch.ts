import { estimateWaitMs, FINAL_STATUSES, type Ticket } from "./ticket.js";
import type { TickResult } from "./tick-result.js";
import type { StepSubscription } from "./watchers.js";

export interface WatchOptions {
  /** Ends the watch (the client went away). */
  readonly signal?: AbortSignal;
  /**
   * Least time between two updates that only move the buyer forward in line, in ms; a change of status (opened,
   * sold out, admitted) goes out at once. @default 1_000
   */
  readonly updateEveryMs?: number;
}

export interface WatchDeps {
  readonly read: () => Promise<Ticket>;
  readonly subscribe: (signal?: AbortSignal) => StepSubscription;
  readonly clock: () => number;
  readonly onError: (error: unknown) => void;
}

/** A full read even when nothing asks for one, so that a watcher never drifts for long. */
const RESYNC_MS = 30_000;

/**
 * The ticket, then each change of it, until it is admitted or final or the signal aborts. Between reads the place in
 * line follows from each admission step alone (a waiting ticket's `position` does not change, so `ahead` is
 * `position - admittedTotal - 1`); the ticket is read again from Redis when the room opens, when it may have been
 * admitted, and every half minute.
 */
export async function* watchTicket(deps: WatchDeps, options: WatchOptions = {}): AsyncGenerator<Ticket> {
  const updateEveryMs = options.updateEveryMs ?? 1_000;
  // Subscribed before the first read, so that no step between the read and the first wait is missed.
  const subscription = deps.subscribe(options.signal);
  try {
    let readAt = deps.clock();
    let ticket = await deps.read();
    let sentAt = readAt;
    yield ticket;
    if (ends(ticket)) return;
    for await (const step of subscription) {
      // A step that started before the last read may describe an older room than the read did.
      if (step.at < readAt) continue;
      let next = follow(ticket, step);
      if (next === undefined || deps.clock() - readAt >= RESYNC_MS) {
        try {
          readAt = deps.clock();
          next = await deps.read();
        } catch (error) {
          deps.onError(error);
          continue;
        }
      }
      if (!changed(ticket, next)) continue;
      const urgent = next.status !== ticket.status || next.admission?.token !== ticket.admission?.token;
      if (!urgent && deps.clock() - sentAt < updateEveryMs) continue;
      ticket = next;
      sentAt = deps.clock();
      yield ticket;
      if (ends(ticket)) return;
    }
  } finally {
    subscription.close();
  }
}

function ends(ticket: Ticket): boolean {
  return ticket.status === "admitted" || FINAL_STATUSES.has(ticket.status);
}

/** The ticket after `step`, or undefined when only a read can tell (opened, possibly admitted). */
function follow(ticket: Ticket, step: TickResult): Ticket | undefined {
  if (ticket.position === null) return step.opened ? undefined : ticket;
  const ahead = ticket.position - step.admittedTotal - 1;
  if (ahead < 0) return undefined;
  return {
    ...ticket,
    status: step.soldOut ? "sold_out" : "waiting",
    ahead,
    estimatedWaitMs: step.soldOut ? null : estimateWaitMs(ahead, step, step.at),
  };
}

function changed(a: Ticket, b: Ticket): boolean {
  return (
    a.status !== b.status ||
    a.ahead !== b.ahead ||
    a.position !== b.position ||
    a.admission?.token !== b.admission?.token
  );
}
