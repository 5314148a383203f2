import type { Admission, Hold } from "./admission/admission.js";
import type { AdmissionGate } from "./admission-gate.js";
import {
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  ReservationNotFoundError,
} from "./errors.js";
import type { EventService } from "./event-service.js";
import type { GroupCommit } from "./group-commit.js";
import type { Maintenance } from "./maintenance.js";
import { guardDb } from "./store/guard.js";
import { toReservationRecord } from "./store/records.js";
import type { ReservationStore } from "./store/reservation-store.js";
import { fromSqlDate, toSqlDate } from "./store/sql-date.js";
import type { Actor, ReservationRecord, ReserveInput, ReserveResult } from "./types.js";
import { isUuid, uuidv7 } from "./uuid.js";
import { validateActor, validateId, validateReserve, validateUserId } from "./validation.js";

export interface ReservationServiceOptions {
  reservations: ReservationStore;
  admission: Admission;
  /** The event a reservation is for, through the cache. */
  eventService: EventService;
  gate: AdmissionGate;
  groupCommit: GroupCommit;
  /** Watches the events that reservations touched until they are quiet and consistent. */
  maintenance: Maintenance;
  maxQuantityPerRequest: number;
}

/** Reserving, cancelling and listing reservations: admission, then group commit, answered once durable. */
export class ReservationService {
  private readonly inflightKeys = new Map<string, Promise<ReserveResult>>();
  private readonly reservations: ReservationStore;

  constructor(private readonly options: ReservationServiceOptions) {
    this.reservations = options.reservations;
  }

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
    const { admission, gate, groupCommit, maintenance } = this.options;
    const at = new Date();
    // Between two batches of the event, so a counter rebuild never sees the database and Redis half-updated.
    const cancelled = await groupCommit.barrier(row.event_id, async () => {
      const flipped = await guardDb(() => this.reservations.cancel(row, toSqlDate(at)));
      // If Redis misses this, the counter is low until the next refusal or maintenance tick resynchronises it.
      if (flipped) await admission.restock(row.event_id, row.user_id, Number(row.quantity)).catch(() => {});
      return flipped;
    });
    gate.changed(row.event_id);
    if (!cancelled) {
      const now = await guardDb(() => this.reservations.find(reservationId));
      return toReservationRecord(now ?? row);
    }
    maintenance.touch(row.event_id);
    return {
      ...toReservationRecord(row),
      status: "CANCELLED",
      cancelledAt: fromSqlDate(toSqlDate(at)),
    };
  }

  async listByUser(userId: string, actor: Actor): Promise<ReservationRecord[]> {
    validateUserId(userId, "userId");
    validateActor(actor);
    if (actor.role !== "admin" && actor.userId !== userId) {
      throw new ForbiddenError(actor.userId, `list the reservations of ${userId}`);
    }
    const rows = await guardDb(() => this.reservations.listByUser(userId));
    return rows.map(toReservationRecord);
  }

  private async reserveOnce(input: ReserveInput): Promise<ReserveResult> {
    const { eventService, gate, groupCommit, maintenance } = this.options;
    const event = await eventService.require(input.eventId);
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
    maintenance.touch(input.eventId);
    await gate.admit(hold, event.max_per_user === null ? null : Number(event.max_per_user));
    const createdAt = new Date(hold.admittedAt);
    const { replayOf } = await groupCommit.submit(hold, {
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
