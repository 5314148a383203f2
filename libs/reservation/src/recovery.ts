import type { Admission, Hold } from "./admission/admission.js";
import { EventNotFoundError, ReservationError, UnavailableError } from "./errors.js";
import { classifyDbError } from "./store/db-errors.js";
import type { GroupCommit } from "./group-commit.js";
import type { EngineEvents } from "./events.js";
import type { Settler } from "./settler.js";
import type { EventStore } from "./store/event-store.js";
import type { ReservationStore } from "./store/reservation-store.js";
import type { LocksLike } from "./types.js";

/**
 * Keeps the admission counters equal to the database: builds a missing counter (start, Redis restart, failover,
 * flush), resets a drifted one, and settles holds whose process died before writing them. All of it runs under a
 * fleet-wide lock per event and between two batches of this process, so the snapshot it takes is consistent.
 */
export class Recovery {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly admission: Admission,
    private readonly events: EventStore,
    private readonly reservations: ReservationStore,
    private readonly groupCommit: GroupCommit,
    private readonly settler: Settler,
    private readonly locks: LocksLike,
    private readonly lockPrefix: string,
    private readonly events$: EngineEvents,
  ) {}

  /** Builds the counter if it is missing: database seats − this process's holds not yet committed. */
  rebuild(eventId: string): Promise<void> {
    return this.once(`rebuild:${eventId}`, () => this.install(eventId, "missing"));
  }

  /** Resets the counter to database seats − every hold in flight. */
  resync(eventId: string): Promise<void> {
    return this.once(`resync:${eventId}`, () => this.install(eventId, "force"));
  }

  /** Holds older than `before` whose rows exist are forgotten, the others give their seats back. */
  reconcile(eventId: string, before: number): Promise<void> {
    return this.once(`reconcile:${eventId}`, () =>
      this.locked(eventId, async () => {
        const stale = (await this.admission.stale(eventId, before, 500)).filter(
          (h) => !this.groupCommit.isLocal(eventId, h.reservationId),
        );
        if (stale.length === 0) return;
        const existing = await this.reservations.existing(stale.map((h) => h.reservationId));
        const written: Hold[] = stale.filter((h) => existing.has(h.reservationId));
        const lost: Hold[] = stale.filter((h) => !existing.has(h.reservationId));
        if (written.length > 0) await this.admission.confirm(eventId, written);
        if (lost.length > 0) await this.admission.release(eventId, lost);
        this.events$.emit("reservation:reconciled", {
          eventId,
          confirmed: written.length,
          released: lost.length,
        });
      }),
    );
  }

  private install(eventId: string, mode: "missing" | "force"): Promise<void> {
    return this.locked(eventId, () =>
      this.groupCommit.barrier(eventId, async (holds) => {
        await this.settler.retry();
        const available = await this.events.available(eventId);
        if (available === null) throw new EventNotFoundError(eventId);
        const users = await this.events.confirmedByUser(eventId);
        if (await this.admission.install(eventId, { available, users, holds }, mode)) {
          this.events$.emit("reservation:counter", { eventId, mode, available, holds: holds.length });
        }
      }),
    );
  }

  private async locked(eventId: string, fn: () => Promise<void>): Promise<void> {
    try {
      await this.locks.withLock(`${this.lockPrefix}counter:${eventId}`, async () => fn(), {
        ttlMs: 10_000,
        waitMs: 5_000,
      });
    } catch (error) {
      if (error instanceof ReservationError) throw error;
      const dependency = classifyDbError(error) === "other" ? "redis" : "database";
      throw new UnavailableError(dependency, `could not repair the seat counter of ${eventId}`, error);
    }
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
