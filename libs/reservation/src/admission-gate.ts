import type { Admission, Hold } from "./admission/admission.js";
import { PerUserLimitError, UnavailableError } from "./errors.js";
import type { GroupCommit } from "./group-commit.js";
import type { HoldExpiry } from "./hold-expiry.js";
import type { Recovery } from "./recovery.js";
import { RefusalCheck, type Refusal } from "./refusal-check.js";
import type { EventStore } from "./store/event-store.js";

export interface AdmissionGateOptions {
  admission: Admission;
  events: EventStore;
  /** Its settled batches wake the callers waiting for seats. */
  groupCommit: GroupCommit;
  /** Builds a missing counter and resynchronises a drifted one. */
  recovery: Recovery;
  /** How long a refused caller waits for writes in flight that hold the seats it needs, in ms. */
  settleTimeoutMs: number;
  /** Gives back the seats of the event's holds that are past their time before a caller is refused. */
  expiry: HoldExpiry;
}

/**
 * Runs one admission until it is decided. A refusal becomes E_SOLD_OUT / E_INSUFFICIENT_SEATS only when the
 * database agrees that the seats are gone: seats held by writes still in flight may come back (the caller waits
 * for them), and a counter that lost an update is resynchronised. That is what keeps sold-out answers true. The
 * refused callers of an event wait together on one shared check per process (see RefusalCheck), so a crowd that
 * arrives after the last seats were admitted costs one counter read and one database read per round, not one
 * per caller.
 */
export class AdmissionGate {
  private readonly resyncedAt = new Map<string, number>();
  private readonly refusals: RefusalCheck;

  constructor(private readonly options: AdmissionGateOptions) {
    this.refusals = new RefusalCheck({
      admission: options.admission,
      events: options.events,
      groupCommit: options.groupCommit,
      settleTimeoutMs: options.settleTimeoutMs,
      resync: (eventId) => this.resyncSoon(eventId),
      expireDue: (eventId) => options.expiry.sweep(eventId),
    });
    options.groupCommit.on("batch", ({ eventId }) => this.changed(eventId));
    options.expiry.on("released", ({ eventId }) => this.changed(eventId));
  }

  /** Seats of the event changed in the database (commit, cancel, expiry): refused callers are checked again now. */
  changed(eventId: string): void {
    this.refusals.changed(eventId);
  }

  async admit(hold: Hold, maxPerUser: number | null): Promise<void> {
    const { admission, recovery, settleTimeoutMs } = this.options;
    const refusal: Refusal = {
      quantity: hold.quantity,
      refusedAt: 0,
      firstHeld: null,
      deadline: Date.now() + settleTimeoutMs,
    };
    let rebuilds = 0;
    let perUserChecked = false;
    for (;;) {
      // The hold's age counts from its admission, not from the first attempt.
      hold.admittedAt = Date.now();
      const result = await admission.admit(hold, maxPerUser);
      if (result.kind === "admitted") return;
      if (result.kind === "missing") {
        if (++rebuilds > 5) throw new UnavailableError("redis", "the seat counter keeps disappearing");
        await recovery.rebuild(hold.eventId);
        continue;
      }
      if (result.reason === "per_user") {
        if (!perUserChecked && (await this.userHasRoom(hold, maxPerUser))) {
          perUserChecked = true;
          continue;
        }
        throw new PerUserLimitError(hold.eventId, maxPerUser ?? 0, result.held, hold.quantity);
      }
      refusal.refusedAt = hold.admittedAt;
      // Resolves when seats came back (run admission again); rejects with the final answer.
      await this.refusals.wait(hold.eventId, refusal);
    }
  }

  /**
   * Whether the database leaves the user room that the counter refused. The counter gives a user's seats back only
   * after the database did (an expiry or a cancel restocks after its commit, and a lost restock waits for a resync),
   * so a refusal is checked once against the database, after expiring the event's due holds; when the database
   * disagrees, the counter is resynchronised and admission runs again. Costs nothing on the admitted path.
   */
  private async userHasRoom(hold: Hold, maxPerUser: number | null): Promise<boolean> {
    if (maxPerUser === null) return false;
    const { events, expiry, recovery } = this.options;
    await expiry.sweep(hold.eventId);
    if ((await events.takenBy(hold.eventId, hold.userId)) + hold.quantity > maxPerUser) return false;
    await recovery.resync(hold.eventId);
    return true;
  }

  /** Resynchronises the counter at most every 50 ms per event; false when skipped. */
  private async resyncSoon(eventId: string): Promise<boolean> {
    const last = this.resyncedAt.get(eventId) ?? 0;
    if (Date.now() - last < 50) return false;
    this.resyncedAt.set(eventId, Date.now());
    await this.options.recovery.resync(eventId);
    return true;
  }
}
