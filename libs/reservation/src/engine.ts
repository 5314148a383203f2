import type { Admission, Hold } from "./admission/admission.js";
import { MemoryAdmission } from "./admission/memory-admission.js";
import { RedisAdmission } from "./admission/redis-admission.js";
import { AdmissionGate } from "./admission-gate.js";
import { defaultCache, defaultLocks } from "./defaults.js";
import {
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  ReservationNotFoundError,
} from "./errors.js";
import { EngineEvents, type ReservationEventName, type ReservationListener } from "./events.js";
import { EventService } from "./event-service.js";
import { GroupCommit } from "./group-commit.js";
import { Maintenance } from "./maintenance.js";
import { resolveOptions, type ReservationEngineOptions, type ResolvedOptions } from "./options.js";
import { Recovery } from "./recovery.js";
import { Settler } from "./settler.js";
import { Database } from "./store/database.js";
import { guardDb, unavailable } from "./store/guard.js";
import { EventStore } from "./store/event-store.js";
import { ReservationStore } from "./store/reservation-store.js";
import { toReservationRecord } from "./store/rows.js";
import { fromSqlDate, toSqlDate } from "./store/sql-date.js";
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
import { isUuid, uuidv7 } from "./uuid.js";
import { validateActor, validateId, validateReserve } from "./validation.js";

/**
 * The flash-sale reservation engine. Admission takes seats in one atomic step (Redis, or in process), admitted
 * reservations are written by group commit behind the database's own seat guard, and every call resolves only
 * once its outcome is durable.
 *
 * @example
 * const engine = await ReservationEngine.create({ database: { type: "mysql", url }, redis });
 * const event = await engine.createEvent({ eventName: "IU", totalSeats: 100, eventDate: new Date("2030-01-01") });
 * const { reservation } = await engine.reserve({ eventId: event.id, userId: "u1", quantity: 2 });
 */
export class ReservationEngine {
  private readonly events: EventStore;
  private readonly reservations: ReservationStore;
  private readonly settler: Settler;
  private readonly groupCommit: GroupCommit;
  private readonly recovery: Recovery;
  private readonly gate: AdmissionGate;
  private readonly maintenance: Maintenance;
  private readonly eventService: EventService;
  private readonly emitter = new EngineEvents();
  private readonly inflightKeys = new Map<string, Promise<ReserveResult>>();
  private closed = false;

  private constructor(
    private readonly db: Database,
    private readonly admission: Admission,
    private readonly locks: LocksLike,
    private readonly cache: CacheLike,
    private readonly options: ResolvedOptions,
    private readonly owned: { close(): Promise<void> }[],
  ) {
    this.events = new EventStore(db);
    this.reservations = new ReservationStore(db);
    this.settler = new Settler(admission);
    this.groupCommit = new GroupCommit(db, this.events, this.reservations, this.settler, {
      maxBatch: options.maxBatch,
      maxConcurrent: options.maxConcurrentBatches,
      lingerMs: options.lingerMs,
      retries: options.retries,
      maxHoldAgeMs: Math.floor(options.staleHoldMs / 2),
      onDrift: (eventId) => void this.recovery.resync(eventId).catch(() => {}),
      onBatch: (info) => {
        this.gate.changed(info.eventId);
        this.emitter.emit("reservation:batch", info);
      },
    });
    this.recovery = new Recovery(
      admission,
      this.events,
      this.reservations,
      this.groupCommit,
      this.settler,
      locks,
      options.keyPrefix,
      this.emitter,
    );
    this.gate = new AdmissionGate(
      admission,
      this.events,
      this.groupCommit,
      this.recovery,
      options.settleTimeoutMs,
      (e) => unavailable(e),
    );
    this.eventService = new EventService(
      this.events,
      admission,
      cache,
      locks,
      this.recovery,
      options.keyPrefix,
      options.eventCacheTtlMs,
    );
    this.maintenance = new Maintenance(
      admission,
      this.events,
      this.recovery,
      this.settler,
      options.staleHoldMs,
      options.reconcileIntervalMs,
    );
  }

  /** Connects, runs the migrations and prepares admission; counters are built from the database on first use. */
  static async create(options: ReservationEngineOptions): Promise<ReservationEngine> {
    const resolved = resolveOptions(options);
    let db: Database;
    try {
      db = await Database.open(options.database);
    } catch (error) {
      throw unavailable(error);
    }
    const admission: Admission = options.redis
      ? new RedisAdmission(options.redis, resolved.keyPrefix, resolved.redisTimeoutMs)
      : new MemoryAdmission();
    const owned: { close(): Promise<void> }[] = [];
    const locks = options.locks ?? defaultLocks(options.redis, resolved.keyPrefix, owned);
    const cache = options.cache ?? defaultCache(options.redis, resolved.keyPrefix, locks, owned);
    return new ReservationEngine(db, admission, locks, cache, resolved, owned);
  }

  /** Observes batches, counter rebuilds and reconciliations (for metrics and tests). */
  on<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.on(name, listener);
  }

  off<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.off(name, listener);
  }

  createEvent(input: CreateEventInput): Promise<EventRecord> {
    return this.eventService.create(input);
  }

  /** Administrative change under the event's lock, fenced in the database write (not part of the REST contract). */
  updateEvent(id: string, input: UpdateEventInput): Promise<EventRecord> {
    return this.eventService.update(id, input);
  }

  /** availableSeats is live: the admission counter, i.e. seats no admitted request has taken. */
  getEvent(id: string): Promise<EventRecord> {
    return this.eventService.get(id);
  }

  /** Upcoming events soonest first, then past ones latest first; availableSeats as committed in the database. */
  listEvents(page?: { limit?: number; cursor?: string | null }): Promise<EventPage> {
    return this.eventService.list(page);
  }

  /**
   * Takes seats and resolves once the reservation row is committed. Refuses with E_SOLD_OUT/E_INSUFFICIENT_SEATS
   * only when the database has too few seats; the same idempotency key returns the first reservation.
   */
  async reserve(input: ReserveInput): Promise<ReserveResult> {
    validateReserve(input, this.options.maxQuantityPerRequest);
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
    const row = await guardDb(() => this.reservations.find(reservationId));
    if (!row) throw new ReservationNotFoundError(reservationId);
    if (actor.role !== "admin" && actor.userId !== row.user_id) {
      throw new ForbiddenError(actor.userId, `cancel reservation ${reservationId}`);
    }
    if (row.status === "CANCELLED") return toReservationRecord(row);
    const at = new Date();
    // Between two batches of the event, so a counter rebuild never sees the database and Redis half-updated.
    const cancelled = await this.groupCommit.barrier(row.event_id, async () => {
      const flipped = await guardDb(() => this.reservations.cancel(row, toSqlDate(at)));
      // If Redis misses this, the counter is low until the next refusal or maintenance tick resynchronises it.
      if (flipped)
        await this.admission.restock(row.event_id, row.user_id, Number(row.quantity)).catch(() => {});
      return flipped;
    });
    this.gate.changed(row.event_id);
    if (!cancelled) {
      const now = await guardDb(() => this.reservations.find(reservationId));
      return toReservationRecord(now ?? row);
    }
    this.maintenance.touch(row.event_id);
    return {
      ...toReservationRecord(row),
      status: "CANCELLED",
      cancelledAt: fromSqlDate(toSqlDate(at)),
    };
  }

  /** The user's reservations, newest first. */
  async listByUser(userId: string, actor: Actor): Promise<ReservationRecord[]> {
    validateId(userId, "userId");
    validateActor(actor);
    if (actor.role !== "admin" && actor.userId !== userId) {
      throw new ForbiddenError(actor.userId, `list the reservations of ${userId}`);
    }
    const rows = await guardDb(() => this.reservations.listByUser(userId));
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
    this.maintenance.stop();
    await this.groupCommit.drain();
    await this.settler.retry().catch(() => {});
    for (const resource of this.owned) await resource.close().catch(() => {});
    await this.db.close();
  }

  private async reserveOnce(input: ReserveInput): Promise<ReserveResult> {
    const event = await this.eventService.require(input.eventId);
    const eventDate = fromSqlDate(event.event_date);
    if (eventDate.getTime() <= Date.now()) throw new EventPastError(input.eventId, eventDate);
    const key = input.idempotencyKey ?? null;
    if (key !== null) {
      const existing = await guardDb(() => this.reservations.findByKey(input.userId, key));
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
    this.maintenance.touch(input.eventId);
    await this.gate.admit(hold, event.max_per_user === null ? null : Number(event.max_per_user));
    const createdAt = new Date(hold.admittedAt);
    const { replayOf } = await this.groupCommit.submit(hold, {
      id: hold.reservationId,
      eventId: hold.eventId,
      userId: hold.userId,
      quantity: hold.quantity,
      createdAt,
      idempotencyKey: key,
    });
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
}
