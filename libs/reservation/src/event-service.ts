import type { Admission } from "./admission/admission.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { EventNotFoundError, SeatsUnavailableError, UnavailableError } from "./errors.js";
import type { Recovery } from "./recovery.js";
import type { EventRow } from "./schema/rows.js";
import type { EventStore } from "./store/event-store.js";
import { guardDb, unavailable } from "./store/guard.js";
import { toEventRecord } from "./store/records.js";
import { fromSqlDate, toSqlDate } from "./store/sql-date.js";
import type {
  CacheLike,
  CreateEventInput,
  EventPage,
  EventRecord,
  LocksLike,
  SeatCounts,
  UpdateEventInput,
} from "./types.js";
import { RESERVATION_LIMITS } from "./limits.js";
import { isUuid, uuidv7 } from "./uuid.js";
import { validateCreateEvent, validateId, validatePage, validateUpdateEvent } from "./validation.js";

const EVENT_KEY = (id: string) => `event:${id}`;

export interface EventServiceOptions {
  events: EventStore;
  admission: Admission;
  /** Event details (never seats) by id. */
  cache: CacheLike;
  /** The event's lock, whose fence guards administrative changes. */
  locks: LocksLike;
  /** Resynchronises the counter after the seats of an event changed. */
  recovery: Recovery;
  keyPrefix: string;
  cacheTtlMs: number;
}

/**
 * Events: creation, cached lookups and fenced administrative changes. Event details come from the cache;
 * `availableSeats` of getEvent is live (the admission counter: seats not yet taken by any admitted request).
 */
export class EventService {
  private readonly events: EventStore;
  private readonly admission: Admission;
  private readonly cache: CacheLike;

  constructor(private readonly options: EventServiceOptions) {
    this.events = options.events;
    this.admission = options.admission;
    this.cache = options.cache;
  }

  async create(input: CreateEventInput): Promise<EventRecord> {
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
      hold_seconds: input.holdSeconds ?? null,
    };
    await guardDb(() => this.events.insert(row));
    return toEventRecord(row);
  }

  /**
   * Under the event's lock; the lock's fence token goes into the UPDATE so that a holder whose lock expired
   * cannot overwrite a newer change. Seats move with the total and never below those already sold.
   */
  async update(id: string, input: UpdateEventInput): Promise<EventRecord> {
    validateId(id, "id");
    validateUpdateEvent(input, Date.now());
    await this.require(id);
    await this.options.locks.withLock(`${this.options.keyPrefix}event:${id}`, async (lock) => {
      const fresh = await guardDb(() => this.events.find(id));
      if (!fresh) throw new EventNotFoundError(id);
      const seatDelta = input.totalSeats === undefined ? 0 : input.totalSeats - Number(fresh.total_seats);
      const changed = await guardDb(() =>
        this.events.updateFenced(id, lock.fence, {
          eventName: input.eventName?.trim(),
          eventDate: input.eventDate ? toSqlDate(input.eventDate) : undefined,
          seatDelta,
          maxPerUser: input.maxPerUser,
          holdSeconds: input.holdSeconds,
        }),
      );
      if (changed === 0) {
        const after = await guardDb(() => this.events.find(id));
        if (after && Number(after.fence) >= lock.fence) {
          throw new UnavailableError("redis", `the lock on event ${id} was taken over; change not applied`);
        }
        throw new SeatsUnavailableError(id, -seatDelta, Number(after?.available_seats ?? 0));
      }
      await this.cache.delete(EVENT_KEY(id));
      if (seatDelta !== 0) await this.options.recovery.resync(id);
    });
    return this.get(id);
  }

  async get(id: string): Promise<EventRecord> {
    validateId(id, "id");
    const row = await this.require(id);
    const record = toEventRecord(row);
    record.availableSeats = await this.liveSeats(row);
    return record;
  }

  /** Confirmed, held and free seats in one consistent read of the database (not the admission counter). */
  async seatCounts(id: string): Promise<SeatCounts> {
    validateId(id, "id");
    if (!isUuid(id)) throw new EventNotFoundError(id);
    const seats = await guardDb(() => this.events.seats(id));
    if (!seats) throw new EventNotFoundError(id);
    return {
      eventId: id,
      totalSeats: seats.total,
      confirmedSeats: seats.total - seats.available - seats.held,
      heldSeats: seats.held,
      availableSeats: seats.available,
      nextExpiry: seats.nextExpiry === null ? null : fromSqlDate(seats.nextExpiry),
    };
  }

  async list(page?: { limit?: number; cursor?: string | null }): Promise<EventPage> {
    validatePage(page);
    const limit = page?.limit ?? RESERVATION_LIMITS.pageLimitDefault;
    const cursor = page?.cursor ? decodeCursor(page.cursor) : null;
    const now = new Date();
    const rows = await guardDb(() => this.events.page(cursor, limit, now));
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nowText = toSqlDate(now);
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor({ phase: last.event_date >= nowText ? "u" : "p", date: last.event_date, id: last.id })
        : null;
    return { items: items.map(toEventRecord), nextCursor };
  }

  /** The event's details through the cache; E_EVENT_NOT_FOUND for ids that cannot or do not exist. */
  async require(id: string): Promise<EventRow> {
    if (!isUuid(id)) throw new EventNotFoundError(id);
    let found: { row: EventRow | null };
    try {
      found = await this.cache.getOrLoad(EVENT_KEY(id), async () => ({ row: await this.events.find(id) }), {
        ttl: this.options.cacheTtlMs,
      });
    } catch (error) {
      throw unavailable("database", error);
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
      // Redis is down: the database answers.
    }
    return (await guardDb(() => this.events.available(row.id))) ?? Number(row.available_seats);
  }
}
