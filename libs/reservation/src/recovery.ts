import type { Admission, Hold } from "./admission/admission.js";
import type { Emitter } from "./emitter.js";
import { EventNotFoundError, ReservationError, UnavailableError } from "./errors.js";
import type { ReservationEvents } from "./events.js";
import type { GroupCommit } from "./group-commit.js";
import type { Settler } from "./settler.js";
import type { EventStore } from "./store/event-store.js";
import { unavailable } from "./store/guard.js";
import type { ReservationStore } from "./store/reservation-store.js";
import type { LocksLike } from "./types.js";

export interface RecoveryOptions {
  admission: Admission;
  events: EventStore;
  reservations: ReservationStore;
  /** Its batches are paused while a counter is rebuilt; its drift reports trigger a resync. */
  groupCommit: GroupCommit;
  settler: Settler;
  /** The fleet-wide lock per event under which counters are repaired. */
  locks: LocksLike;
  lockPrefix: string;
  emitter: Emitter<ReservationEvents>;
}

/**
 * Keeps the admission counters equal to the database: builds a missing counter (start, Redis restart, failover,
 * flush), resets a drifted one, and settles holds whose process died before writing them. All of it runs under a
 * fleet-wide lock per event and between two batches of this process, so the snapshot it takes is consistent.
 */
export class Recovery {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: RecoveryOptions) {
    options.groupCommit.on("drift", ({ eventId }) => void this.resync(eventId).catch(() => {}));
  }

  /** Builds the counter if it is missing: database seats − this process's holds not yet committed. */
  rebuild(eventId: string): Promise<void> {
    return this.once(`rebuild:${eventId}`, () => this.install(eventId, "missing"));
  }

  /** Resets the counter to database seats − every hold in flight, and the users' counts likewise. */
  resync(eventId: string): Promise<void> {
    return this.once(`resync:${eventId}`, () => this.install(eventId, "force"));
  }

  /** Holds older than `before` whose rows exist are forgotten, the others give their seats back. */
  reconcile(eventId: string, before: number): Promise<void> {
    const { admission, groupCommit, reservations, emitter } = this.options;
    return this.once(`reconcile:${eventId}`, () =>
      this.locked(eventId, async () => {
        const stale = (await admission.stale(eventId, before, 500)).filter(
          (h) => !groupCommit.isLocal(eventId, h.reservationId),
        );
        if (stale.length === 0) return;
        const existing = await reservations.existing(stale.map((h) => h.reservationId));
        const written: Hold[] = stale.filter((h) => existing.has(h.reservationId));
        const lost: Hold[] = stale.filter((h) => !existing.has(h.reservationId));
        if (written.length > 0) await admission.confirm(eventId, written);
        if (lost.length > 0) await admission.release(eventId, lost);
        emitter.emit("reservation:reconciled", { eventId, confirmed: written.length, released: lost.length });
      }),
    );
  }

  private install(eventId: string, mode: "missing" | "force"): Promise<void> {
    const { admission, groupCommit, settler, events, emitter } = this.options;
    return this.locked(eventId, () =>
      groupCommit.barrier(eventId, async (holds) => {
        await settler.retry();
        const available = await events.available(eventId);
        if (available === null) throw new EventNotFoundError(eventId);
        const users = await events.takenByUser(eventId);
        if (await admission.install(eventId, { available, users, holds }, mode)) {
          emitter.emit("reservation:counter", { eventId, mode, available, holds: holds.length });
        }
      }),
    );
  }

  /**
   * Runs fn under the event's counter lock. A failure of fn is the database's (admission's own failures are already
   * E_UNAVAILABLE for Redis); a failure to take or keep the lock is the lock service's.
   */
  private async locked(eventId: string, fn: () => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await this.options.locks.withLock(
        `${this.options.lockPrefix}counter:${eventId}`,
        async () => {
          try {
            await fn();
          } catch (error) {
            failure = { error };
          }
        },
        { ttlMs: 10_000, waitMs: 5_000 },
      );
    } catch (error) {
      if (error instanceof ReservationError) throw error;
      throw new UnavailableError("redis", `could not lock the seat counter of ${eventId}`, error);
    }
    if (failure) throw unavailable("database", failure.error);
  }

  private once(key: string, fn: () => Promise<void>): Promise<void> {
    let run = this.running.get(key);
    if (!run) {
      run = fn().finally(() => this.running.delete(key));
      this.running.set(key, run);
    }
    return run;
  }
}
