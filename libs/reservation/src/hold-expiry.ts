import type { Admission } from "./admission/admission.js";
import { Emitter } from "./emitter.js";
import type { ReservationEvents } from "./events.js";
import type { GroupCommit } from "./group-commit.js";
import type { ReservationRow } from "./schema/rows.js";
import { toReservationRecord } from "./store/records.js";
import type { ReservationStore } from "./store/reservation-store.js";
import type { Transitions } from "./store/transitions.js";

export interface HoldExpiryOptions {
  reservations: ReservationStore;
  transitions: Transitions;
  admission: Admission;
  /** Expiries run between two batches of the event, like cancels, so a counter rebuild never sees them half done. */
  groupCommit: GroupCommit;
  emitter: Emitter<ReservationEvents>;
  /** How often every instance looks for due holds, in ms. */
  intervalMs: number;
  /** Due holds read and expired per round. */
  batchSize: number;
}

/** What the expiry tells the parts of the engine that react to it. */
export interface HoldExpiryEvents {
  /** Holds of the event expired: their seats are on sale again. */
  released: { eventId: string };
}

/** Rounds of one sweep at most, so that one sweep ends even while holds keep falling due. */
const MAX_ROUNDS = 20;

/**
 * Gives the seats of holds that were not confirmed in time back, exactly once. Every engine instance sweeps (so
 * holds expire whichever instances are alive): it reads due holds through the index on (status, expires_at), the
 * database's clock deciding what is due, and expires them per event in one transaction that only changes rows still
 * HELD. Of two instances expiring the same hold, or an expiry racing a confirm, exactly one changes it; only that one
 * gives the seats back, to the database in the same transaction and then to the admission counter.
 */
export class HoldExpiry {
  private readonly signals = new Emitter<HoldExpiryEvents>();
  private readonly timer: NodeJS.Timeout;
  private sweeping: Promise<number> | null = null;

  constructor(private readonly options: HoldExpiryOptions) {
    this.timer = setInterval(() => void this.sweep().catch(() => {}), options.intervalMs);
    this.timer.unref();
  }

  on<K extends keyof HoldExpiryEvents>(name: K, listener: (payload: HoldExpiryEvents[K]) => void): void {
    this.signals.on(name, listener);
  }

  /** Stops sweeping; resolves once a sweep in progress has finished. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping?.catch(() => {});
  }

  /** Expires the due holds of every event (or of one); resolves to how many this call expired. */
  sweep(eventId?: string): Promise<number> {
    if (eventId !== undefined) return this.sweepRounds(eventId);
    this.sweeping ??= this.sweepRounds().finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  /**
   * Expires these holds of the event, each only if it is still HELD. The caller knows them to be due: read as due,
   * or refused by a confirm because their time was up.
   */
  async expire(eventId: string, ids: readonly string[]): Promise<ReservationRow[]> {
    const { transitions, admission, groupCommit, emitter } = this.options;
    const released = await groupCommit.barrier(eventId, async () => {
      const rows = await transitions.release(eventId, ids, { from: ["HELD"], to: "EXPIRED" });
      // If Redis misses this, the counter is low until a refusal or the maintenance tick resynchronises it.
      const returned = rows.map((r) => ({ userId: r.user_id, quantity: Number(r.quantity) }));
      await admission.restock(eventId, returned).catch(() => {});
      return rows;
    });
    if (released.length > 0) {
      this.signals.emit("released", { eventId });
      for (const row of released) {
        const reservation = { ...toReservationRecord(row), status: "EXPIRED" as const };
        emitter.emit("reservation:expired", { reservation });
      }
    }
    return released;
  }

  private async sweepRounds(eventId?: string): Promise<number> {
    const { reservations, batchSize } = this.options;
    let expired = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const due = await reservations.dueHolds(batchSize, eventId);
      const byEvent = new Map<string, string[]>();
      for (const hold of due) byEvent.set(hold.eventId, [...(byEvent.get(hold.eventId) ?? []), hold.id]);
      for (const [event, ids] of byEvent) expired += (await this.expire(event, ids)).length;
      if (due.length < batchSize) break;
    }
    return expired;
  }
}
