import type { Admission, CounterSnapshot } from "./admission/admission.js";
import { EventNotFoundError, SeatsUnavailableError, UnavailableError } from "./errors.js";
import type { GroupCommit } from "./group-commit.js";
import { heldCouldCover, seatsRefusal } from "./seats-refusal.js";
import type { EventStore, SeatState } from "./store/event-store.js";
import { unavailable } from "./store/guard.js";

/** One caller refused for seats; the same object follows the caller across its retries of admission. */
export interface Refusal {
  quantity: number;
  /** epoch ms of the admission attempt that was refused last. */
  refusedAt: number;
  /** epoch ms of the first refusal met while writes in flight held the seats, or null. */
  firstHeld: number | null;
  /** epoch ms after which the caller gets E_UNAVAILABLE. */
  deadline: number;
}

interface Waiter {
  refusal: Refusal;
  retry: () => void;
  fail: (error: Error) => void;
}

interface Check {
  /** Refused after the last round started: the next round starts at once. */
  arrived: Waiter[];
  /** Seen by a round, waiting for writes in flight to settle. */
  waiting: Waiter[];
  running: boolean;
  wake: (() => void) | null;
}

export interface RefusalCheckOptions {
  admission: Admission;
  events: EventStore;
  groupCommit: GroupCommit;
  settleTimeoutMs: number;
  /** The counter is lower than the database says: reset it. Resolves false when rate-limited (nothing done). */
  resync: (eventId: string) => Promise<boolean>;
  /** Expires the event's holds that are past their time (their seats are about to come back). */
  expireDue: (eventId: string) => Promise<unknown>;
  /** Longest wait between rounds when no local batch signals a settle (other processes' writes). @default 20 */
  pollMs?: number;
}

/**
 * Decides refusals of one event together. However many callers the counter refuses, each process runs ONE loop
 * per event: a round reads the counter and then the database once and answers every caller that joined before
 * it started — sold out when the database has fewer seats than asked, free or held, "seats held" (E_SEATS_HELD, with
 * the earliest expiry) when holds that may still expire have the seats, "retry admission" (first come, up to the seats
 * the counter has again) when seats came back, otherwise it keeps them until a batch of the event settles. A refusal
 * is therefore never reported before the database agrees, and refused callers never poll on their own.
 */
export class RefusalCheck {
  private readonly checks = new Map<string, Check>();
  private readonly admission: Admission;
  private readonly events: EventStore;
  private readonly groupCommit: GroupCommit;
  private readonly pollMs: number;

  constructor(private readonly options: RefusalCheckOptions) {
    this.admission = options.admission;
    this.events = options.events;
    this.groupCommit = options.groupCommit;
    this.pollMs = options.pollMs ?? 20;
  }

  /** Resolves when the caller should run admission again; rejects with its final answer. */
  wait(eventId: string, refusal: Refusal): Promise<void> {
    let check = this.checks.get(eventId);
    if (!check) {
      check = { arrived: [], waiting: [], running: false, wake: null };
      this.checks.set(eventId, check);
    }
    const answered = new Promise<void>((retry, fail) => check.arrived.push({ refusal, retry, fail }));
    if (check.running) check.wake?.();
    else void this.run(eventId, check);
    return answered;
  }

  /** Seats of the event changed in the database (a batch settled, a cancel): run a round now. */
  changed(eventId: string): void {
    this.checks.get(eventId)?.wake?.();
  }

  private async run(eventId: string, check: Check): Promise<void> {
    check.running = true;
    try {
      let again = true;
      while (check.arrived.length > 0 || check.waiting.length > 0) {
        if (!again && check.arrived.length === 0) await this.signal(eventId, check);
        const round = [...check.waiting, ...check.arrived];
        check.waiting = [];
        check.arrived = [];
        const result = await this.round(eventId, round);
        check.waiting.push(...result.kept);
        again = result.again;
      }
    } finally {
      check.running = false;
      if (check.arrived.length === 0 && check.waiting.length === 0) this.checks.delete(eventId);
      // Joined between the loop's last test and here (cannot happen without an await, kept for safety).
      else void this.run(eventId, check);
    }
  }

  /** A batch of this process settled, the event's seats changed, a caller arrived, or pollMs passed. */
  private signal(eventId: string, check: Check): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (check.wake === done) check.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      check.wake = done;
      if (!this.groupCommit.idle(eventId)) void this.groupCommit.settled(eventId).then(done);
    });
  }

  private async round(eventId: string, waiters: Waiter[]): Promise<{ kept: Waiter[]; again: boolean }> {
    let snapshot: CounterSnapshot;
    let seats: SeatState | null;
    try {
      // Counter first, database second: a commit in between lowers the database's seats and can only make the
      // round wait longer, never make the counter look low.
      snapshot = await this.admission.snapshot(eventId);
      seats = await this.events.seats(eventId).catch((error: unknown) => {
        throw unavailable("database", error);
      });
    } catch (error) {
      for (const w of waiters) w.fail(error as Error);
      return { kept: [], again: false };
    }
    if (seats === null) {
      for (const w of waiters) w.fail(new EventNotFoundError(eventId));
      return { kept: [], again: false };
    }
    const { available } = seats;
    const now = Date.now();
    let counter = snapshot.available ?? Number.POSITIVE_INFINITY;
    const kept: Waiter[] = [];
    const low: Waiter[] = [];
    const afterExpiry: Waiter[] = [];
    for (const w of waiters) {
      const { refusal } = w;
      if (available < refusal.quantity) {
        if (seats.due > 0 && heldCouldCover(seats, refusal.quantity)) {
          // Holds past their time have seats it may get: they expire now, then the next round decides.
          if (now > refusal.deadline) {
            w.fail(new UnavailableError("database", "expired holds were not given back; retry"));
          } else {
            afterExpiry.push(w);
          }
        } else {
          w.fail(seatsRefusal(eventId, refusal.quantity, seats));
        }
      } else if (counter >= refusal.quantity) {
        // Seats came back (a failed write released them, a cancel, a rebuilt counter): first come, first served.
        counter -= refusal.quantity;
        w.retry();
      } else if (available - snapshot.pending >= refusal.quantity) {
        // The counter missed an update and is low: not a sold-out.
        if (now > refusal.deadline)
          w.fail(new UnavailableError("database", "the seat counter keeps drifting; retry"));
        else low.push(w);
      } else if (this.decided(eventId, w, snapshot, now)) {
        // decided() answered the caller.
      } else {
        kept.push(w);
      }
    }
    if (afterExpiry.length > 0) {
      try {
        await this.options.expireDue(eventId);
        kept.push(...afterExpiry);
      } catch (error) {
        for (const w of afterExpiry) w.fail(unavailable("database", error));
      }
    }
    if (low.length === 0) return { kept, again: afterExpiry.length > 0 };
    try {
      const resynced = await this.options.resync(eventId);
      kept.push(...low);
      // A fresh counter is worth a round at once; a resync skipped by its rate limit is not.
      return { kept, again: resynced || afterExpiry.length > 0 };
    } catch (error) {
      for (const w of low) w.fail(error as Error);
      return { kept, again: false };
    }
  }

  /** The seats the caller needs are held by writes in flight: wait for them, within limits. */
  private decided(eventId: string, w: Waiter, snapshot: CounterSnapshot, now: number): boolean {
    const { refusal } = w;
    if (refusal.firstHeld === null) {
      refusal.firstHeld = refusal.refusedAt;
    } else if (
      (snapshot.oldest === null || snapshot.oldest > refusal.firstHeld) &&
      // Patience for newer writes in flight: half the settle timeout.
      now - refusal.firstHeld > this.options.settleTimeoutMs / 2
    ) {
      // Normally the writes holding the seats settle within milliseconds and the database then decides. Only under
      // constant churn (cancels feeding newer admissions) does this fire: every write that was in flight when this
      // caller arrived has settled, and what is left is still less than it asks for.
      w.fail(new SeatsUnavailableError(eventId, refusal.quantity, snapshot.available ?? 0));
      return true;
    }
    if (now > refusal.deadline) {
      w.fail(
        new UnavailableError("database", "the remaining seats are held by writes still in flight; retry"),
      );
      return true;
    }
    return false;
  }
}
