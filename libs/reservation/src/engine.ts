import type { Admission, Hold } from "./admission/admission.js";
import { MemoryAdmission } from "./admission/memory-admission.js";
import { RedisAdmission } from "./admission/redis-admission.js";
import { defaultCache, defaultLocks, type EngineRedisClient } from "./defaults.js";
import {
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  PerUserLimitError,
  ReservationError,
  ReservationNotFoundError,
  SeatsUnavailableError,
  UnavailableError,
} from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { Recovery } from "./recovery.js";
import type { EventRow } from "./schema/entities.js";
import { Settler } from "./settler.js";
import { sleep } from "./sleep.js";
import { Database, type DatabaseConfig } from "./store/database.js";
import { classifyDbError } from "./store/db-errors.js";
import { EventStore } from "./store/event-store.js";
import { ReservationStore } from "./store/reservation-store.js";
import { toEventRecord, toReservationRecord } from "./store/rows.js";
import { toSqlDate } from "./store/sql-date.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import type {
  Actor,
  CacheLike,
  CreateEventInput,
  EventPage,
  EventRecord,
  HealthReport,
  LocksLike,
  ReservationRecord,
  ReserveInput,
  ReserveResult,
  UpdateEventInput,
} from "./types.js";
import { uuidv7, isUuid } from "./uuid.js";
import {
  validateActor,
  validateCreateEvent,
  validateId,
  validatePage,
  validateReserve,
  validateUpdateEvent,
} from "./validation.js";

export interface ReservationEngineOptions {
  /** "embedded" = sql.js (WASM SQLite) in memory, or persisted to `file` after every commit. */
  database: DatabaseConfig;
  /**
   * Connected node-redis v5/v6 client (or cluster client) for fleet-wide admission, locks and event cache; never
   * closed by the engine. Omit for in-process admission (one process only).
   */
  redis?: EngineRedisClient;
  /** @default RedisLocks over `redis`, else MemoryLocks */
  locks?: LocksLike;
  /** @default createCache over `redis`, else memory-only */
  cache?: CacheLike;
  /** Prefix of every Redis key and lock resource; must not contain "{" or "}". @default "reservation:" */
  keyPrefix?: string;
  /** @default 10 */
  maxQuantityPerRequest?: number;
  batch?: {
    /** Reservations per transaction. @default 500 */
    maxSize?: number;
    /** How long the first reservation of an idle event waits for company, in ms. @default 1 */
    lingerMs?: number;
    /** Retries of a batch after a connection failure that wrote nothing. @default 2 */
    retries?: number;
  };
  /** A hold in flight longer than this (ms) is settled from the database by any process. @default 15000 */
  staleHoldMs?: number;
  /** How often holds and failed counter updates are reconciled, in ms. @default 1000 */
  reconcileIntervalMs?: number;
  /** How long a request refused only because other reservations are still being written waits, in ms. @default 5000 */
  settleTimeoutMs?: number;
  /** Timeout of one Redis admission call, in ms. @default 2000 */
  redisTimeoutMs?: number;
  /** @default 60000 */
  eventCacheTtlMs?: number;
}

const EVENT_KEY = (id: string) => `event:${id}`;

/** @example
 * const engine = await ReservationEngine.create({ database: { type: "embedded" } });
 * const event = await engine.createEvent({ eventName: "IU", totalSeats: 100, eventDate: new Date("2030-01-01") });
 * const { reservation } = await engine.reserve({ eventId: event.id, userId: "u1", quantity: 2 });
 */
export class ReservationEngine {
  private readonly settler: Settler;
  private readonly groupCommit: GroupCommit;
  private readonly recovery: Recovery;
  private readonly maxQuantity: number;
  private readonly inflightKeys = new Map<string, Promise<ReserveResult>>();
  private readonly touched = new Set<string>();
  private readonly resyncedAt = new Map<string, number>();
  private readonly verified = new Map<string, { at: number; available: Promise<number | null> }>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly db: Database,
    private readonly admission: Admission,
    private readonly locks: LocksLike,
    private readonly cache: CacheLike,
    private readonly options: ReservationEngineOptions,
    private readonly owned: { close(): Promise<void> }[],
  ) {
    this.maxQuantity = options.maxQuantityPerRequest ?? 10;
    this.events = new EventStore(db);
    this.reservations = new ReservationStore(db);
    this.settler = new Settler(admission);
    this.groupCommit = new GroupCommit(db, this.events, this.reservations, this.settler, {
      maxBatch: options.batch?.maxSize ?? 500,
      lingerMs: options.batch?.lingerMs ?? 1,
      retries: options.batch?.retries ?? 2,
      maxHoldAgeMs: Math.floor((options.staleHoldMs ?? 15_000) / 2),
      onDrift: (eventId) => void this.recovery.resync(eventId).catch(() => {}),
    });
    this.recovery = new Recovery(
      admission,
      this.events,
      this.reservations,
      this.groupCommit,
      this.settler,
      locks,
      options.keyPrefix ?? "reservation:",
    );
    this.timer = setInterval(() => void this.maintain(), options.reconcileIntervalMs ?? 1_000);
    this.timer.unref();
  }

  private readonly events: EventStore;
  private readonly reservations: ReservationStore;

  /** Connects, runs the migrations and prepares admission; counters are built from the database on first use. */
  static async create(options: ReservationEngineOptions): Promise<ReservationEngine> {
    const db = await Database.open(options.database);
    const prefix = options.keyPrefix ?? "reservation:";
    const admission: Admission = options.redis
      ? new RedisAdmission(options.redis, prefix, options.redisTimeoutMs ?? 2_000)
      : new MemoryAdmission();
    const owned: { close(): Promise<void> }[] = [];
    const locks = options.locks ?? defaultLocks(options.redis, prefix, owned);
    const cache = options.cache ?? defaultCache(options.redis, prefix, locks, owned);
    return new ReservationEngine(db, admission, locks, cache, options, owned);
  }

  async createEvent(input: CreateEventInput): Promise<EventRecord> {
    validateCreateEvent(input, Date.now());
    const row: EventRow = {
      id: uuidv7(),
      event_name: input.eventName.trim(),
      total_seats: input.totalSeats,
      available_seats: input.totalSeats,
      max_per_user: input.maxPerUser ?? null,
      event_date: toSqlDate(input.eventDate),
      created_at: toSqlDate(new Date()),
      fence: 0,
    };
    await this.guardDb(() => this.events.insert(row));
    return toEventRecord(row);
  }

  /**
   * Administrative change under the event's lock; the lock's fence token goes into the UPDATE so that a holder
   * whose lock expired cannot overwrite a newer change. Seats move with the total and never below those sold.
   */
  async updateEvent(id: string, input: UpdateEventInput): Promise<EventRecord> {
    validateId(id, "id");
    validateUpdateEvent(input, Date.now());
    await this.requireEvent(id);
    const prefix = this.options.keyPrefix ?? "reservation:";
    await this.locks.withLock(`${prefix}event:${id}`, async (lock) => {
      const fresh = await this.guardDb(() => this.events.find(id));
      if (!fresh) throw new EventNotFoundError(id);
      const seatDelta = input.totalSeats === undefined ? 0 : input.totalSeats - Number(fresh.total_seats);
      const changed = await this.guardDb(() =>
        this.events.updateFenced(id, lock.fence, {
          eventName: input.eventName?.trim(),
          eventDate: input.eventDate ? toSqlDate(input.eventDate) : undefined,
          seatDelta,
          maxPerUser: input.maxPerUser,
        }),
      );
      if (changed === 0) {
        const after = await this.guardDb(() => this.events.find(id));
        if (after && Number(after.fence) >= lock.fence) {
          throw new UnavailableError("redis", `the lock on event ${id} was taken over; change not applied`);
        }
        throw new SeatsUnavailableError(id, -seatDelta, Number(after?.available_seats ?? 0));
      }
      await this.cache.delete(EVENT_KEY(id));
      if (seatDelta !== 0) await this.recovery.resync(id);
    });
    return this.getEvent(id);
  }

  async getEvent(id: string): Promise<EventRecord> {
    validateId(id, "id");
    const row = await this.requireEvent(id);
    const record = toEventRecord(row);
    record.availableSeats = await this.liveSeats(row);
    return record;
  }

  /** Upcoming events soonest first, then past events latest first. availableSeats is the committed database value. */
  async listEvents(page?: { limit?: number; cursor?: string | null }): Promise<EventPage> {
    validatePage(page);
    const limit = page?.limit ?? 20;
    const cursor = page?.cursor ? decodeCursor(page.cursor) : null;
    const now = new Date();
    const rows = await this.guardDb(() => this.events.page(cursor, limit, now));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nowText = toSqlDate(now);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ phase: last.event_date >= nowText ? "u" : "p", date: last.event_date, id: last.id })
        : null;
    return { items: items.map(toEventRecord), nextCursor };
  }

  /**
   * Takes seats and resolves once the reservation row is committed. Refuses with E_SOLD_OUT/E_INSUFFICIENT_SEATS
   * only when the database has too few seats; the same idempotency key returns the first reservation.
   */
  async reserve(input: ReserveInput): Promise<ReserveResult> {
    validateReserve(input, this.maxQuantity);
    if (input.idempotencyKey === undefined) return this.reserveOnce(input);
    const key = `${input.userId}\u0000${input.idempotencyKey}`;
    const running = this.inflightKeys.get(key);
    if (running) return this.replay((await running).reservation, input);
    const attempt = this.reserveOnce(input);
    this.inflightKeys.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.inflightKeys.delete(key);
    }
  }

  /** Cancels and gives the seats back; cancelling a cancelled reservation returns it unchanged. */
  async cancel(reservationId: string, actor: Actor): Promise<ReservationRecord> {
    validateId(reservationId, "reservationId");
    validateActor(actor);
    if (!isUuid(reservationId)) throw new ReservationNotFoundError(reservationId);
    const row = await this.guardDb(() => this.reservations.find(reservationId));
    if (!row) throw new ReservationNotFoundError(reservationId);
    if (actor.role !== "admin" && actor.userId !== row.user_id) {
      throw new ForbiddenError(actor.userId, `cancel reservation ${reservationId}`);
    }
    if (row.status === "CANCELLED") return toReservationRecord(row);
    const at = new Date();
    // Between two batches of the event, so a counter rebuild never sees the database and Redis half-updated.
    const cancelled = await this.groupCommit.barrier(row.event_id, async () => {
      const flipped = await this.guardDb(() => this.reservations.cancel(row, toSqlDate(at)));
      // If Redis misses this, the counter is low until the next refusal or maintenance tick resynchronises it.
      if (flipped)
        await this.admission.restock(row.event_id, row.user_id, Number(row.quantity)).catch(() => {});
      return flipped;
    });
    this.verified.delete(row.event_id);
    if (!cancelled) {
      const now = await this.guardDb(() => this.reservations.find(reservationId));
      return toReservationRecord(now ?? row);
    }
    this.touched.add(row.event_id);
    return {
      ...toReservationRecord(row),
      status: "CANCELLED",
      cancelledAt: new Date(toSqlDate(at).replace(" ", "T") + "Z"),
    };
  }

  /** The user's reservations, newest first. */
  async listByUser(userId: string, actor: Actor): Promise<ReservationRecord[]> {
    validateId(userId, "userId");
    validateActor(actor);
    if (actor.role !== "admin" && actor.userId !== userId) {
      throw new ForbiddenError(actor.userId, `list the reservations of ${userId}`);
    }
    const rows = await this.guardDb(() => this.reservations.listByUser(userId));
    return rows.map(toReservationRecord);
  }

  async health(): Promise<HealthReport> {
    const database =
      this.db.dialect === "sqlite" ? "embedded" : (await this.db.ping()) ? "connected" : "down";
    const redis =
      this.admission.kind === "memory" ? "embedded" : (await this.admission.ping()) ? "connected" : "down";
    return { database, redis };
  }

  /** Writes every admitted reservation, then closes what the engine opened (never the caller's Redis client). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.groupCommit.drain();
    await this.settler.retry().catch(() => {});
    for (const resource of this.owned) await resource.close().catch(() => {});
    await this.db.close();
  }

  private async reserveOnce(input: ReserveInput): Promise<ReserveResult> {
    const event = await this.requireEvent(input.eventId);
    const eventDate = new Date(`${event.event_date.replace(" ", "T")}Z`);
    if (eventDate.getTime() <= Date.now()) throw new EventPastError(input.eventId, eventDate);
    const key = input.idempotencyKey ?? null;
    if (key !== null) {
      const existing = await this.guardDb(() => this.reservations.findByKey(input.userId, key));
      if (existing) return this.replay(toReservationRecord(existing), input);
    }
    const now = Date.now();
    const hold: Hold = {
      reservationId: uuidv7(now),
      eventId: input.eventId,
      userId: input.userId,
      quantity: input.quantity,
      admittedAt: now,
    };
    this.touched.add(input.eventId);
    await this.admit(hold, event.max_per_user === null ? null : Number(event.max_per_user));
    const createdAt = new Date(hold.admittedAt);
    const { replayOf } = await this.groupCommit.submit(hold, {
      id: hold.reservationId,
      eventId: hold.eventId,
      userId: hold.userId,
      quantity: hold.quantity,
      createdAt,
      idempotencyKey: key,
    });
    this.verified.delete(input.eventId);
    if (replayOf) return this.replay(toReservationRecord(replayOf), input);
    return {
      reservation: {
        id: hold.reservationId,
        eventId: hold.eventId,
        userId: hold.userId,
        quantity: hold.quantity,
        status: "CONFIRMED",
        createdAt,
        cancelledAt: null,
        idempotencyKey: key,
      },
      replayed: false,
    };
  }

  /**
   * One admission step, repeated until it is decided. A refusal is final only when the database agrees that the
   * seats are gone: seats held by writes still in flight may come back, and a counter that drifted is rebuilt.
   */
  private async admit(hold: Hold, maxPerUser: number | null): Promise<void> {
    const deadline = Date.now() + (this.options.settleTimeoutMs ?? 5_000);
    let repairs = 0;
    let backoff = 1;
    for (;;) {
      // The hold's age is measured from its admission, not from the first attempt.
      hold.admittedAt = Date.now();
      const result = await this.admission.admit(hold, maxPerUser);
      if (result.kind === "admitted") return;
      if (result.kind === "missing") {
        if (++repairs > 5) throw new UnavailableError("redis", "the seat counter keeps disappearing");
        await this.recovery.rebuild(hold.eventId);
        continue;
      }
      if (result.reason === "per_user") {
        throw new PerUserLimitError(hold.eventId, maxPerUser ?? 0, result.held, hold.quantity);
      }
      const available = await this.databaseSeats(hold.eventId);
      if (available < hold.quantity) throw new SeatsUnavailableError(hold.eventId, hold.quantity, available);
      // The database still has the seats: they are held by writes in flight (which may fail and give them back),
      // or a counter update was lost and the counter is low. Either way this is not a sold-out.
      if (available - result.pending >= hold.quantity) await this.resyncSoon(hold.eventId);
      if (Date.now() > deadline) {
        throw new UnavailableError(
          "database",
          "the remaining seats are held by writes still in flight; retry",
        );
      }
      await Promise.race([this.groupCommit.settled(hold.eventId), sleep(backoff)]);
      backoff = Math.min(backoff * 2, 50);
    }
  }

  /** Resynchronises the event's counter from the database, at most every 50 ms per event. */
  private async resyncSoon(eventId: string): Promise<void> {
    const last = this.resyncedAt.get(eventId) ?? 0;
    if (Date.now() - last < 50) return;
    this.resyncedAt.set(eventId, Date.now());
    this.verified.delete(eventId);
    await this.recovery.resync(eventId);
  }

  /** The database's free seats, shared by concurrent refusals for up to 100 ms or until a local write changes them. */
  private databaseSeats(eventId: string): Promise<number> {
    const cached = this.verified.get(eventId);
    if (cached && Date.now() - cached.at < 100) return cached.available.then((n) => n ?? 0);
    const available = this.guardDb(() => this.events.available(eventId));
    this.verified.set(eventId, { at: Date.now(), available });
    available.catch(() => this.verified.delete(eventId));
    return available.then((n) => {
      if (n === null) throw new EventNotFoundError(eventId);
      return n;
    });
  }

  private replay(existing: ReservationRecord, input: ReserveInput): ReserveResult {
    if (
      existing.eventId !== input.eventId ||
      existing.quantity !== input.quantity ||
      existing.userId !== input.userId
    ) {
      throw new IdempotencyConflictError(input.idempotencyKey ?? "", existing.id);
    }
    return { reservation: existing, replayed: true };
  }

  private async requireEvent(id: string): Promise<EventRow> {
    if (!isUuid(id)) throw new EventNotFoundError(id);
    const ttl = this.options.eventCacheTtlMs ?? 60_000;
    let found: { row: EventRow | null };
    try {
      found = await this.cache.getOrLoad(EVENT_KEY(id), async () => ({ row: await this.events.find(id) }), {
        ttl,
      });
    } catch (error) {
      if (error instanceof ReservationError) throw error;
      throw this.unavailable(error);
    }
    if (!found.row) throw new EventNotFoundError(id);
    return found.row;
  }

  private async liveSeats(row: EventRow): Promise<number> {
    try {
      const snapshot = await this.admission.snapshot(row.id);
      if (snapshot.available !== null)
        return Math.max(0, Math.min(Number(row.total_seats), snapshot.available));
    } catch {
      // Redis down: the database answers.
    }
    return (await this.guardDb(() => this.events.available(row.id))) ?? Number(row.available_seats);
  }

  private async maintain(): Promise<void> {
    if (this.closed) return;
    try {
      await this.settler.retry();
      const staleBefore = Date.now() - (this.options.staleHoldMs ?? 15_000);
      for (const eventId of [...this.touched]) {
        const snapshot = await this.admission.snapshot(eventId);
        if (snapshot.oldest !== null && snapshot.oldest < staleBefore) {
          await this.recovery.reconcile(eventId, staleBefore);
        } else if (snapshot.pending === 0) {
          // Quiet event: a counter update lost on the way (Redis blip, another process's cancel) shows here.
          const available = await this.events.available(eventId);
          if (snapshot.available !== null && available !== null && snapshot.available !== available) {
            await this.recovery.resync(eventId);
          }
          this.touched.delete(eventId);
        }
      }
    } catch {
      // Redis or the database is down; the next tick tries again.
    }
  }

  private async guardDb<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ReservationError) throw error;
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): UnavailableError {
    const message = error instanceof Error ? error.message : String(error);
    const kind = classifyDbError(error);
    return new UnavailableError(
      kind === "other" && /redis|socket/i.test(message) ? "redis" : "database",
      message,
      error,
    );
  }
}
