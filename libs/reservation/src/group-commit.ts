import type { Hold } from "./admission/admission.js";
import { Emitter } from "./emitter.js";
import { UnavailableError, type ReservationError } from "./errors.js";
import type { BatchInfo } from "./events.js";
import { RwLock } from "./rw-lock.js";
import type { Settler } from "./settler.js";
import { writeBatch, type PendingRow } from "./store/batch-writer.js";
import type { Database } from "./store/database.js";
import { seatsRefusal } from "./seats-refusal.js";
import type { EventStore } from "./store/event-store.js";
import type { ReservationStore } from "./store/reservation-store.js";
import type { ReservationRow } from "./schema/rows.js";
import { sleep } from "./sleep.js";

export interface GroupCommitOptions {
  db: Database;
  events: EventStore;
  reservations: ReservationStore;
  settler: Settler;
  maxBatch: number;
  /** Batches of one event in flight at once: the next one is already at the server when the row lock frees. */
  maxConcurrent: number;
  lingerMs: number;
  /** Retries of a whole batch after a connection failure that provably wrote nothing. */
  retries: number;
  /** Holds older than this are not written any more: the reconciler may already have given their seats back. */
  maxHoldAgeMs: number;
  /** Write each reservation's first outbox row in its batch's transaction. */
  outbox: boolean;
}

/** What the group commit tells the parts of the engine that react to it. */
export interface GroupCommitEvents {
  /** A batch of the event settled; its seats changed in the database. */
  batch: BatchInfo;
  /** The counter admitted a reservation the database guard then refused: the counter drifted. */
  drift: { eventId: string };
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
  /** Batches hold it shared; barriers (counter rebuild, cancel) exclusively. */
  gate: RwLock;
  /** Batches started, including those waiting for the gate. */
  inFlight: number;
  /** Batches started that have not taken their rows yet. */
  opening: number;
  timer: NodeJS.Timeout | null;
  settledWaiters: (() => void)[];
}

/**
 * Group commit per event: admitted reservations queue up and are written together, one transaction per batch,
 * a few batches of an event in flight at once (they queue on the event's row lock; the waiting one is already at the
 * server when the lock frees). Arrivals while batches are in flight make the next batch bigger. Each caller's
 * promise settles only after its batch's COMMIT returned.
 */
export class GroupCommit {
  private readonly lanes = new Map<string, Lane>();
  private readonly signals = new Emitter<GroupCommitEvents>();
  private readonly db: Database;
  private readonly events: EventStore;
  private readonly reservations: ReservationStore;
  private readonly settler: Settler;
  private readonly writeOptions: { outbox: boolean };

  constructor(private readonly options: GroupCommitOptions) {
    this.writeOptions = { outbox: options.outbox };
    this.db = options.db;
    this.events = options.events;
    this.reservations = options.reservations;
    this.settler = options.settler;
  }

  on<K extends keyof GroupCommitEvents>(name: K, listener: (payload: GroupCommitEvents[K]) => void): void {
    this.signals.on(name, listener);
  }

  submit(hold: Hold, row: PendingRow): Promise<SubmitResult> {
    const lane = this.lane(hold.eventId);
    const result = new Promise<SubmitResult>((resolve, reject) =>
      lane.queue.push({ hold, row, resolve, reject }),
    );
    if (lane.queue.length >= this.options.maxBatch) this.start(lane);
    else if (!lane.timer) lane.timer = setTimeout(() => this.start(lane), this.options.lingerMs);
    return result;
  }

  /** Runs fn while no batch of the event is in flight, with the holds of this process not yet committed. */
  barrier<T>(eventId: string, fn: (holds: readonly Hold[]) => Promise<T>): Promise<T> {
    const lane = this.lane(eventId);
    return lane.gate.exclusive(() => fn(lane.queue.map((e) => e.hold)));
  }

  /** Resolves after the event's next batch of this process completes, or at once when none is pending. */
  settled(eventId: string): Promise<void> {
    const lane = this.lanes.get(eventId);
    if (!lane || (lane.queue.length === 0 && lane.inFlight === 0)) return Promise.resolve();
    return new Promise((resolve) => lane.settledWaiters.push(resolve));
  }

  /** No batch of the event is queued or in flight in this process (settled() would resolve at once). */
  idle(eventId: string): boolean {
    const lane = this.lanes.get(eventId);
    return !lane || (lane.queue.length === 0 && lane.inFlight === 0);
  }

  /** Reservation ids of this process that are admitted and not yet written. */
  isLocal(eventId: string, reservationId: string): boolean {
    return this.lanes.get(eventId)?.queue.some((e) => e.hold.reservationId === reservationId) ?? false;
  }

  /** Writes everything queued and waits for batches in flight; used by close(). */
  async drain(): Promise<void> {
    for (const lane of this.lanes.values()) {
      while (lane.queue.length > 0 || lane.inFlight > 0) {
        this.start(lane);
        await new Promise<void>((resolve) => lane.settledWaiters.push(resolve));
      }
      if (lane.timer) clearTimeout(lane.timer);
      lane.timer = null;
    }
  }

  private lane(eventId: string): Lane {
    let lane = this.lanes.get(eventId);
    if (!lane) {
      lane = {
        eventId,
        queue: [],
        gate: new RwLock(),
        inFlight: 0,
        opening: 0,
        timer: null,
        settledWaiters: [],
      };
      this.lanes.set(eventId, lane);
    }
    return lane;
  }

  private start(lane: Lane): void {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    while (
      lane.queue.length > lane.opening * this.options.maxBatch &&
      lane.inFlight < this.options.maxConcurrent
    ) {
      lane.inFlight++;
      lane.opening++;
      void lane.gate.shared(() => {
        lane.opening--;
        return this.flush(lane);
      });
    }
  }

  private async flush(lane: Lane): Promise<void> {
    // Taken when the gate opens, not when the flush was started: what queued meanwhile rides along.
    const batch = lane.queue.splice(0, this.options.maxBatch);
    try {
      if (batch.length > 0) await this.commit(lane.eventId, batch);
    } finally {
      lane.inFlight--;
      const waiters = lane.settledWaiters;
      lane.settledWaiters = [];
      for (const wake of waiters) wake();
      // Whatever queued during this batch has waited long enough.
      if (lane.queue.length > 0) this.start(lane);
    }
  }

  private async commit(eventId: string, batch: Entry[]): Promise<void> {
    const started = Date.now();
    const report = (size: number, outcome: BatchInfo["outcome"]) =>
      this.signals.emit("batch", { eventId, size, outcome, ms: Date.now() - started });
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
          this.writeOptions,
        );
        if (outcome === "ok") {
          await this.succeed(eventId, batch);
          report(batch.length, "committed");
          return;
        }
        break;
      } catch (error) {
        if (this.db.failure(error) !== "connection") break;
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
        if ((await writeBatch(this.db, eventId, [entry.row], this.writeOptions)) === "ok") {
          return this.succeed(eventId, [entry]);
        }
        const seats = await this.events.seats(eventId);
        const available = seats?.available ?? 0;
        if (available >= entry.row.quantity) continue;
        this.signals.emit("drift", { eventId });
        return this.fail(eventId, [entry], seatsRefusal(eventId, entry.row.quantity, seats), true);
      } catch (error) {
        const kind = this.db.failure(error);
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

  /**
   * The rows are committed, so their callers hear it at once; the counters forget the holds one Redis round trip
   * later. The batch (and with it the event's gate, which cancels and counter rebuilds wait for, and the settled()
   * waiters of refused callers) ends only after that.
   */
  private async succeed(eventId: string, entries: Entry[]): Promise<void> {
    for (const entry of entries) entry.resolve({ replayOf: null });
    await this.settler.confirm(
      eventId,
      entries.map((e) => e.hold),
    );
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
