import type { Admission, Hold } from "./admission/admission.js";
import { EventNotFoundError, PerUserLimitError, SeatsUnavailableError, UnavailableError } from "./errors.js";
import type { GroupCommit } from "./group-commit.js";
import type { Recovery } from "./recovery.js";
import { sleep } from "./sleep.js";
import type { EventStore } from "./store/event-store.js";

/**
 * Runs one admission until it is decided. A refusal becomes E_SOLD_OUT / E_INSUFFICIENT_SEATS only when the
 * database agrees that the seats are gone: seats held by writes still in flight may come back (the caller waits
 * for them), and a counter that lost an update is resynchronised. That is what keeps sold-out answers true.
 */
export class AdmissionGate {
  /** The database's free seats per event, shared by concurrent refusals for up to 100 ms. */
  private readonly verified = new Map<string, { at: number; available: Promise<number | null> }>();
  private readonly resyncedAt = new Map<string, number>();

  constructor(
    private readonly admission: Admission,
    private readonly events: EventStore,
    private readonly groupCommit: GroupCommit,
    private readonly recovery: Recovery,
    private readonly settleTimeoutMs: number,
    private readonly unavailable: (error: unknown) => Error,
  ) {}

  /** Seats of the event changed in the database (commit, cancel): cached database reads are stale. */
  changed(eventId: string): void {
    this.verified.delete(eventId);
  }

  async admit(hold: Hold, maxPerUser: number | null): Promise<void> {
    const deadline = Date.now() + this.settleTimeoutMs;
    let firstRefusal: number | null = null;
    let rebuilds = 0;
    let backoff = 1;
    for (;;) {
      // The hold's age counts from its admission, not from the first attempt.
      hold.admittedAt = Date.now();
      const result = await this.admission.admit(hold, maxPerUser);
      if (result.kind === "admitted") return;
      if (result.kind === "missing") {
        if (++rebuilds > 5) throw new UnavailableError("redis", "the seat counter keeps disappearing");
        await this.recovery.rebuild(hold.eventId);
        continue;
      }
      if (result.reason === "per_user") {
        throw new PerUserLimitError(hold.eventId, maxPerUser ?? 0, result.held, hold.quantity);
      }
      const available = await this.databaseSeats(hold.eventId);
      if (available < hold.quantity) throw new SeatsUnavailableError(hold.eventId, hold.quantity, available);
      if (available - result.pending >= hold.quantity) {
        // The counter missed an update and is low: not a sold-out.
        await this.resyncSoon(hold.eventId);
      } else if (firstRefusal === null) {
        firstRefusal = hold.admittedAt;
      } else if (
        (result.oldest === null || result.oldest > firstRefusal) &&
        // Patience for newer writes in flight: half the settle timeout.
        Date.now() - firstRefusal > this.settleTimeoutMs / 2
      ) {
        // Normally the writes holding the seats settle within milliseconds and the database then decides. Only
        // under constant churn (cancels feeding newer admissions) does this fire: every write that was in flight
        // when this caller arrived has settled, and what is left is still less than it asks for.
        throw new SeatsUnavailableError(hold.eventId, hold.quantity, result.available);
      }
      if (Date.now() > deadline) {
        throw new UnavailableError(
          "database",
          "the remaining seats are held by writes still in flight; retry",
        );
      }
      await Promise.race([this.groupCommit.settled(hold.eventId), sleep(backoff)]);
      backoff = Math.min(backoff * 2, 20);
    }
  }

  private async resyncSoon(eventId: string): Promise<void> {
    const last = this.resyncedAt.get(eventId) ?? 0;
    if (Date.now() - last < 50) return;
    this.resyncedAt.set(eventId, Date.now());
    this.verified.delete(eventId);
    await this.recovery.resync(eventId);
  }

  private async databaseSeats(eventId: string): Promise<number> {
    let cached = this.verified.get(eventId);
    if (!cached || Date.now() - cached.at >= 100) {
      const available = this.events.available(eventId).catch((error: unknown) => {
        this.verified.delete(eventId);
        throw this.unavailable(error);
      });
      cached = { at: Date.now(), available };
      this.verified.set(eventId, cached);
    }
    const available = await cached.available;
    if (available === null) throw new EventNotFoundError(eventId);
    return available;
  }
}
