import type { Admission } from "./admission/admission.js";
import { MemoryAdmission } from "./admission/memory-admission.js";
import { RedisAdmission } from "./admission/redis-admission.js";
import { defaultCache, defaultLocks } from "./defaults.js";
import { Emitter } from "./emitter.js";
import { buildEngineParts, type EngineParts } from "./engine-parts.js";
import type { ReservationEventName, ReservationEvents, ReservationListener } from "./events.js";
import { resolveOptions, type ReservationEngineOptions } from "./options.js";
import type { Outbox } from "./outbox/outbox.js";
import type { Database } from "./store/database.js";
import { unavailable } from "./store/guard.js";
import { openDatabase } from "./store/open-database.js";
import type {
  Actor,
  ConfirmInput,
  CreateEventInput,
  EventPage,
  EventRecord,
  HealthReport,
  ReservationRecord,
  ReserveInput,
  ReserveResult,
  SeatCounts,
  UpdateEventInput,
} from "./types.js";

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
  private closed = false;

  private constructor(
    private readonly parts: EngineParts,
    private readonly emitter: Emitter<ReservationEvents>,
    /** What the engine opened itself (default locks and cache), closed with it. */
    private readonly owned: { close(): Promise<void> }[],
  ) {}

  /**
   * Connects, runs the migrations and prepares admission; counters are built from the database on first use.
   * Rejects with E_INVALID_INPUT for bad options, E_UNAVAILABLE when the database cannot be reached, and
   * E_DATABASE_UNSUPPORTED, E_MIGRATION_LOCKED or E_DRIVER_MISSING for what retrying does not fix.
   */
  static async create(options: ReservationEngineOptions): Promise<ReservationEngine> {
    const resolved = resolveOptions(options);
    let db: Database;
    try {
      db = await openDatabase(options.database);
    } catch (error) {
      throw unavailable("database", error);
    }
    const admission: Admission = options.redis
      ? new RedisAdmission({
          client: options.redis,
          prefix: resolved.keyPrefix,
          timeoutMs: resolved.redisTimeoutMs,
        })
      : new MemoryAdmission();
    const owned: { close(): Promise<void> }[] = [];
    const locks = options.locks ?? defaultLocks(options.redis, resolved.keyPrefix, owned);
    const cache = options.cache ?? defaultCache(options.redis, resolved.keyPrefix, locks, owned);
    const emitter = new Emitter<ReservationEvents>();
    const parts = buildEngineParts({ db, admission, locks, cache, options: resolved, emitter });
    // Holds are dated on the database's clock from the first reservation on; a failure here is retried on use.
    await parts.clock.sync().catch(() => {});
    return new ReservationEngine(parts, emitter, owned);
  }

  /**
   * The outbox, for relays (`OutboxRelay`, `createSqsRelay` from `@ticketing/reservation/sqs`); filled only with the
   * option `outbox: true`.
   */
  get outbox(): Outbox {
    return this.parts.outbox;
  }

  /**
   * Observes batches, counter rebuilds and reconciliations (metrics, tests), and the changes of reservations this
   * process committed: `reservation:held`, `:confirmed`, `:cancelled`, `:expired`.
   */
  on<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.on(name, listener);
  }

  off<K extends ReservationEventName>(name: K, listener: ReservationListener<K>): void {
    this.emitter.off(name, listener);
  }

  createEvent(input: CreateEventInput): Promise<EventRecord> {
    return this.parts.events.create(input);
  }

  /** Administrative change under the event's lock, fenced in the database write (not part of the REST contract). */
  updateEvent(id: string, input: UpdateEventInput): Promise<EventRecord> {
    return this.parts.events.update(id, input);
  }

  /** availableSeats is live: the admission counter, i.e. seats no admitted request has taken. */
  getEvent(id: string): Promise<EventRecord> {
    return this.parts.events.get(id);
  }

  /**
   * Seats of the event as the database has them, in one consistent read: confirmed, held (holds not confirmed yet)
   * and free, and when the first hold expires. For an operator's view.
   */
  getSeatCounts(id: string): Promise<SeatCounts> {
    return this.parts.events.seatCounts(id);
  }

  /** Upcoming events soonest first, then past ones latest first; availableSeats as committed in the database. */
  listEvents(page?: { limit?: number; cursor?: string | null }): Promise<EventPage> {
    return this.parts.events.list(page);
  }

  /**
   * Takes seats and resolves once the reservation row is committed: `CONFIRMED`, or `HELD` until `expiresAt` when
   * the event has `holdSeconds`. Refuses with E_SOLD_OUT/E_INSUFFICIENT_SEATS only when the database has too few seats
   * free or held, and with E_SEATS_HELD (`retryAt`) when holds that may still expire have the seats it needs; the
   * same idempotency key returns the first reservation, in its current status.
   */
  reserve(input: ReserveInput): Promise<ReserveResult> {
    return this.parts.reservations.reserve(input);
  }

  /**
   * The answer `reserve(input)` would replay for the user's idempotency key, without reserving anything: null when
   * the key names no reservation, E_IDEMPOTENCY_CONFLICT when it names one for another event or quantity. For a
   * caller that must check a retry before spending something of its own (an admission a waiting room gave once).
   */
  findReplay(input: ReserveInput & { idempotencyKey: string }): Promise<ReserveResult | null> {
    return this.parts.reservations.findReplay(input);
  }

  /**
   * Confirms a hold (HELD → CONFIRMED) while its expiry is ahead on the database's clock; the owner or an admin.
   * Confirming again with the same payment reference returns the reservation; E_ALREADY_CONFIRMED with another
   * one, E_HOLD_EXPIRED after its expiry (the hold is then expired at once), E_RESERVATION_CANCELLED,
   * E_NOT_A_HOLD for a reservation confirmed when made. Of a confirm and the expiry racing, exactly one happens.
   */
  confirm(reservationId: string, input: ConfirmInput, actor: Actor): Promise<ReservationRecord> {
    return this.parts.reservations.confirm(reservationId, input, actor);
  }

  /**
   * Cancels a hold or a confirmed reservation and gives the seats back; the owner or an admin. Cancelling a cancelled
   * or expired reservation returns it unchanged.
   */
  cancel(reservationId: string, actor: Actor): Promise<ReservationRecord> {
    return this.parts.reservations.cancel(reservationId, actor);
  }

  /** One reservation in its current status; the owner or an admin. */
  getReservation(reservationId: string, actor: Actor): Promise<ReservationRecord> {
    return this.parts.reservations.get(reservationId, actor);
  }

  /** The user's reservations, newest first. */
  listByUser(userId: string, actor: Actor): Promise<ReservationRecord[]> {
    return this.parts.reservations.listByUser(userId, actor);
  }

  async health(): Promise<HealthReport> {
    const { db, admission } = this.parts;
    const database = db.dialect === "sqlite" ? "embedded" : (await db.ping()) ? "connected" : "down";
    const redis = admission.kind === "memory" ? "embedded" : (await admission.ping()) ? "connected" : "down";
    return { database, redis };
  }

  /** Writes every admitted reservation, then closes what the engine opened (never the caller's Redis client). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { maintenance, expiry, groupCommit, settler, db } = this.parts;
    maintenance.stop();
    await expiry.stop();
    await groupCommit.drain();
    await settler.retry().catch(() => {});
    for (const resource of this.owned) await resource.close().catch(() => {});
    await db.close();
  }
}
