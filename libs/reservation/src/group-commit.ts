import type { Hold } from "./admission/admission.js";
import { SeatsUnavailableError, UnavailableError, type ReservationError } from "./errors.js";
import { Mutex } from "./mutex.js";
import type { Settler } from "./settler.js";
import { writeBatch, type PendingRow } from "./store/batch-writer.js";
import type { Database } from "./store/database.js";
import { classifyDbError } from "./store/db-errors.js";
import type { EventStore } from "./store/event-store.js";
import type { ReservationStore } from "./store/reservation-store.js";
import type { ReservationRow } from "./schema/entities.js";
import { sleep } from "./sleep.js";

export interface GroupCommitOptions {
  maxBatch: number;
  lingerMs: number;
  /** Retries of a whole batch after a connection failure that provably wrote nothing. */
  retries: number;
  /** Holds older than this are not written any more: the reconciler may already have given their seats back. */
  maxHoldAgeMs: number;
  /** The counter disagreed with the database guard: the engine resynchronises it. */
  onDrift: (eventId: string) => void;
  onBatch?: (info: {
    eventId: string;
    size: number;
    outcome: "committed" | "fallback" | "failed";
    ms: number;
  }) => void;
}

/** Committed, or (for an idempotency replay across processes) the row that already held the key. */
export type SubmitResult = { replayOf: ReservationRow | null };

interface Entry {
  hold: Hold;
  row: PendingRow;
  resolve: (result: SubmitResult) => void;
  reject: (error: ReservationError) => void;
}

interface Lane {
  eventId: string;
  queue: Entry[];
  mutex: Mutex;
  scheduled: boolean;
  timer: NodeJS.Timeout | null;
  settledWaiters: (() => void)[];
}

/**
 * Group commit per event: admitted reservations queue up and are written together, one transaction per batch,
 * one batch at a time per event (they all need the event's row lock anyway, so arrivals during a commit simply
 * make the next batch bigger). Each caller's promise settles only after its batch's COMMIT returned.
 */
export class GroupCommit {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly db: Database,
    private readonly events: EventStore,
    private readonly reservations: ReservationStore,
    private readonly settler: Settler,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(hold: Hold, row: PendingRow): Promise<SubmitResult> {
    const lane = this.lane(hold.eventId);
    const result = new Promise<SubmitResult>((resolve, reject) =>
      lane.queue.push({ hold, row, resolve, reject }),
    );
    this.schedule(lane, lane.queue.length >= this.options.maxBatch ? 0 : this.options.lingerMs);
    return result;
  }

  /** Runs fn between two batches of the event, with the holds of this process not yet committed. */
  barrier<T>(eventId: string, fn: (holds: readonly Hold[]) => Promise<T>): Promise<T> {
    const lane = this.lane(eventId);
    return lane.mutex.run(() => fn(lane.queue.map((e) => e.hold)));
  }

  /** Resolves after the event's next batch of this process completes, or at once when none is queued. */
  settled(eventId: string): Promise<void> {
    const lane = this.lanes.get(eventId);
    if (!lane || lane.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => lane.settledWaiters.push(resolve));
  }

  /** Reservation ids of this process that are admitted and not yet written. */
  isLocal(eventId: string, reservationId: string): boolean {
    return this.lanes.get(eventId)?.queue.some((e) => e.hold.reservationId === reservationId) ?? false;
  }

  /** Writes everything queued; used by close(). */
  async drain(): Promise<void> {
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
      lane.scheduled = false;
      while (lane.queue.length > 0) await lane.mutex.run(() => this.flush(lane));
      await lane.mutex.run(async () => {});
    }
  }

  private lane(eventId: string): Lane {
    let lane = this.lanes.get(eventId);
    if (!lane) {
      lane = { eventId, queue: [], mutex: new Mutex(), scheduled: false, timer: null, settledWaiters: [] };
      this.lanes.set(eventId, lane);
    }
    return lane;
  }

  private schedule(lane: Lane, delayMs: number): void {
    if (lane.scheduled) {
      if (delayMs > 0 || !lane.timer) return;
      clearTimeout(lane.timer);
    }
    lane.scheduled = true;
    const go = () => {
      lane.timer = null;
      void lane.mutex.run(() => this.flush(lane));
    };
    if (delayMs > 0) lane.timer = setTimeout(go, delayMs);
    else {
      lane.timer = null;
      setImmediate(go);
    }
  }

  private async flush(lane: Lane): Promise<void> {
    lane.scheduled = false;
    const batch = lane.queue.splice(0, this.options.maxBatch);
    // Arrivals during this commit are due as soon as it ends: they have waited for it already.
    if (lane.queue.length > 0) this.schedule(lane, 0);
    try {
      if (batch.length > 0) await this.commit(lane.eventId, batch);
    } finally {
      const waiters = lane.settledWaiters;
      lane.settledWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async commit(eventId: string, batch: Entry[]): Promise<void> {
    const started = Date.now();
    const report = (size: number, outcome: "committed" | "fallback" | "failed") =>
      this.options.onBatch?.({ eventId, size, outcome, ms: Date.now() - started });
    const tooOld = Date.now() - this.options.maxHoldAgeMs;
    const expired = batch.filter((e) => e.hold.admittedAt < tooOld);
    if (expired.length > 0) {
      await this.fail(
        eventId,
        expired,
        new UnavailableError("database", "the write queue was too slow; retry"),
        true,
      );
      batch = batch.filter((e) => e.hold.admittedAt >= tooOld);
      if (batch.length === 0) return;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await writeBatch(
          this.db,
          eventId,
          batch.map((e) => e.row),
        );
        if (outcome === "ok") {
          await this.succeed(eventId, batch);
          report(batch.length, "committed");
          return;
        }
        break;
      } catch (error) {
        if (classifyDbError(error) !== "connection") break;
        const remaining = await this.settleUnknown(eventId, batch, error);
        if (remaining === null) return;
        batch = remaining;
        if (batch.length === 0) return;
        if (attempt >= this.options.retries) {
          await this.fail(eventId, batch, new UnavailableError("database", describe(error), error), true);
          report(batch.length, "failed");
          return;
        }
        await sleep(20 * 2 ** attempt);
      }
    }
    for (const entry of batch) await this.commitOne(eventId, entry);
    report(batch.length, "fallback");
  }

  /** One reservation in its own transaction: tells exactly which rows of a failed batch were at fault. */
  private async commitOne(eventId: string, entry: Entry): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if ((await writeBatch(this.db, eventId, [entry.row])) === "ok") return this.succeed(eventId, [entry]);
        const available = (await this.events.available(eventId)) ?? 0;
        if (available >= entry.row.quantity) continue;
        this.options.onDrift(eventId);
        return this.fail(
          eventId,
          [entry],
          new SeatsUnavailableError(eventId, entry.row.quantity, available),
          true,
        );
      } catch (error) {
        const kind = classifyDbError(error);
        if (kind === "duplicate" && entry.row.idempotencyKey !== null) {
          const original = await this.reservations
            .findByKey(entry.row.userId, entry.row.idempotencyKey)
            .catch(() => null);
          if (original) {
            await this.settler.release(eventId, [entry.hold]);
            entry.resolve({ replayOf: original });
            return;
          }
        }
        if (kind === "connection") {
          const remaining = await this.settleUnknown(eventId, [entry], error);
          if (remaining === null || remaining.length === 0) return;
          if (attempt < 2) continue;
        }
        return this.fail(eventId, [entry], new UnavailableError("database", describe(error), error), true);
      }
    }
    return this.fail(eventId, [entry], new UnavailableError("database", "seat guard kept failing"), true);
  }

  /**
   * The connection died, maybe during COMMIT: ask the database which rows exist. Existing ones succeeded; the
   * rest are returned for a retry. If even that cannot be answered, the callers get E_UNAVAILABLE and the holds
   * stay in flight for the reconciler to settle from the database later (returns null).
   */
  private async settleUnknown(eventId: string, batch: Entry[], cause: unknown): Promise<Entry[] | null> {
    let existing: Set<string>;
    try {
      existing = await this.reservations.existing(batch.map((e) => e.row.id));
    } catch {
      await this.fail(eventId, batch, new UnavailableError("database", describe(cause), cause), false);
      return null;
    }
    const written = batch.filter((e) => existing.has(e.row.id));
    if (written.length > 0) await this.succeed(eventId, written);
    return batch.filter((e) => !existing.has(e.row.id));
  }

  private async succeed(eventId: string, entries: Entry[]): Promise<void> {
    await this.settler.confirm(
      eventId,
      entries.map((e) => e.hold),
    );
    for (const entry of entries) entry.resolve({ replayOf: null });
  }

  private async fail(
    eventId: string,
    entries: Entry[],
    error: ReservationError,
    release: boolean,
  ): Promise<void> {
    if (release) {
      await this.settler.release(
        eventId,
        entries.map((e) => e.hold),
      );
    }
    for (const entry of entries) entry.reject(error);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
