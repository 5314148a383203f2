import type { Admission, Hold } from "./admission/admission.js";
import type { AdmissionGate } from "./admission-gate.js";
import type { Emitter } from "./emitter.js";
import {
  AlreadyConfirmedError,
  EventPastError,
  ForbiddenError,
  HoldExpiredError,
  IdempotencyConflictError,
  NotAHoldError,
  ReservationCancelledError,
  ReservationNotFoundError,
  UnavailableError,
} from "./errors.js";
import type { EventService } from "./event-service.js";
import type { ReservationEvents } from "./events.js";
import type { GroupCommit } from "./group-commit.js";
import type { HoldExpiry } from "./hold-expiry.js";
import type { Maintenance } from "./maintenance.js";
import type { ReservationRow } from "./schema/rows.js";
import type { DbClock } from "./store/db-clock.js";
import { guardDb } from "./store/guard.js";
import { toReservationRecord } from "./store/records.js";
import type { ReservationStore } from "./store/reservation-store.js";
import { fromSqlDate, toSqlDate } from "./store/sql-date.js";
import type { Transitions } from "./store/transitions.js";
import type { Actor, ConfirmInput, ReservationRecord, ReserveInput, ReserveResult } from "./types.js";
import { isUuid, uuidv7 } from "./uuid.js";
import { validateActor, validateConfirm, validateId, validateReserve, validateUserId } from "./validation.js";

export interface ReservationServiceOptions {
  reservations: ReservationStore;
  /** Confirms and cancels (conditional status changes, with their outbox rows). */
  transitions: Transitions;
  admission: Admission;
  /** The event a reservation is for, through the cache. */
  eventService: EventService;
  gate: AdmissionGate;
  groupCommit: GroupCommit;
  /** Watches the events that reservations touched until they are quiet and consistent. */
  maintenance: Maintenance;
  /** Expires a hold a confirm found past its time, so that the answer and the database agree at once. */
  expiry: HoldExpiry;
  /** Dates the expiry of holds on the database's clock. */
  clock: DbClock;
  emitter: Emitter<ReservationEvents>;
  maxQuantityPerRequest: number;
}

const inflightKey = (userId: string, idempotencyKey: string) => `${userId}\u0000${idempotencyKey}`;

/**
 * Reserving (confirmed at once, or a hold), confirming holds, cancelling and reading reservations: admission, then
 * group commit, answered once durable.
 */
export class ReservationService {
  private readonly inflightKeys = new Map<string, Promise<ReserveResult>>();
  private readonly reservations: ReservationStore;

  constructor(private readonly options: ReservationServiceOptions) {
    this.reservations = options.reservations;
  }

  async reserve(input: ReserveInput): Promise<ReserveResult> {
    validateReserve(input, this.options.maxQuantityPerRequest);
    if (input.idempotencyKey === undefined) return this.reserveOnce(input);
    const key = inflightKey(input.userId, input.idempotencyKey);
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

  async findReplay(input: ReserveInput & { idempotencyKey: string }): Promise<ReserveResult | null> {
    validateReserve(input, this.options.maxQuantityPerRequest, { keyRequired: true });
    const running = this.inflightKeys.get(inflightKey(input.userId, input.idempotencyKey));
    if (running) return this.replay((await running).reservation, input);
    const existing = await guardDb(() => this.reservations.findByKey(input.userId, input.idempotencyKey));
    return existing ? this.replay(toReservationRecord(existing), input) : null;
  }

  async get(reservationId: string, actor: Actor): Promise<ReservationRecord> {
    return toReservationRecord(await this.owned(reservationId, actor, "read"));
  }

  async confirm(reservationId: string, input: ConfirmInput, actor: Actor): Promise<ReservationRecord> {
    validateConfirm(input);
    let row = await this.owned(reservationId, actor, "confirm");
    const reference = input.paymentReference;
    // At most: a confirm that finds the hold past its time, the expiry, and the answer from the expired row.
    for (let attempt = 0; attempt < 3; attempt++) {
      switch (row.status) {
        case "CONFIRMED":
          if (row.expires_at === null) throw new NotAHoldError(reservationId);
          if (row.payment_reference !== reference) throw new AlreadyConfirmedError(reservationId);
          return toReservationRecord(row);
        case "CANCELLED":
          throw new ReservationCancelledError(reservationId);
        case "EXPIRED":
          throw new HoldExpiredError(reservationId, fromSqlDate(row.expires_at!));
        case "HELD": {
          const held = row;
          const changed = await guardDb(() => this.options.transitions.confirm(held, reference));
          const now = await this.find(reservationId);
          if (changed) {
            const reservation = toReservationRecord(now);
            this.options.emitter.emit("reservation:confirmed", { reservation });
            return reservation;
          }
          // Still held, yet not confirmed: its time is up on the database's clock. It expires now, exactly once.
          if (now.status === "HELD") await this.options.expiry.expire(now.event_id, [now.id]);
          row = now.status === "HELD" ? await this.find(reservationId) : now;
        }
      }
    }
    throw new UnavailableError(
      "database",
      `reservation ${reservationId} kept changing while it was confirmed`,
    );
  }

  async cancel(reservationId: string, actor: Actor): Promise<ReservationRecord> {
    const row = await this.owned(reservationId, actor, "cancel");
    if (row.status === "CANCELLED" || row.status === "EXPIRED") return toReservationRecord(row);
    const { admission, gate, groupCommit, maintenance, transitions, emitter } = this.options;
    const at = toSqlDate(new Date());
    // Between two batches of the event, so a counter rebuild never sees the database and Redis half-updated.
    const released = await groupCommit.barrier(row.event_id, async () => {
      const rows = await guardDb(() =>
        transitions.release(row.event_id, [row.id], { from: ["HELD", "CONFIRMED"], to: "CANCELLED", at }),
      );
      // If Redis misses this, the counter is low until the next refusal or maintenance tick resynchronises it.
      const returned = rows.map((r) => ({ userId: r.user_id, quantity: Number(r.quantity) }));
      await admission.restock(row.event_id, returned).catch(() => {});
      return rows;
    });
    gate.changed(row.event_id);
    const [before] = released;
    if (!before) return toReservationRecord(await this.find(reservationId));
    maintenance.touch(row.event_id);
    const reservation: ReservationRecord = {
      ...toReservationRecord(before),
      status: "CANCELLED",
      cancelledAt: fromSqlDate(at),
    };
    emitter.emit("reservation:cancelled", { reservation });
    return reservation;
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

  /** The reservation's row, if the actor owns it or is an admin. */
  private async owned(reservationId: string, actor: Actor, action: string): Promise<ReservationRow> {
    validateId(reservationId, "reservationId");
    validateActor(actor);
    if (!isUuid(reservationId)) throw new ReservationNotFoundError(reservationId);
    const row = await this.find(reservationId);
    if (actor.role !== "admin" && actor.userId !== row.user_id) {
      throw new ForbiddenError(actor.userId, `${action} reservation ${reservationId}`);
    }
    return row;
  }

  private async find(reservationId: string): Promise<ReservationRow> {
    const row = await guardDb(() => this.reservations.find(reservationId));
    if (!row) throw new ReservationNotFoundError(reservationId);
    return row;
  }

  private async reserveOnce(input: ReserveInput): Promise<ReserveResult> {
    const { eventService, gate, groupCommit, maintenance, clock, emitter } = this.options;
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
    const holdSeconds = event.hold_seconds ?? null;
    const expiresAt = holdSeconds === null ? null : new Date(clock.now() + Number(holdSeconds) * 1000);
    const { replayOf } = await groupCommit.submit(hold, {
      id: hold.reservationId,
      eventId: hold.eventId,
      userId: hold.userId,
      quantity: hold.quantity,
      createdAt,
      idempotencyKey: key,
      expiresAt,
    });
    if (replayOf) return this.replay(toReservationRecord(replayOf), input);
    const reservation: ReservationRecord = {
      id: hold.reservationId,
      eventId: hold.eventId,
      userId: hold.userId,
      quantity: hold.quantity,
      status: expiresAt === null ? "CONFIRMED" : "HELD",
      createdAt,
      cancelledAt: null,
      idempotencyKey: key,
      expiresAt,
      confirmedAt: expiresAt === null ? createdAt : null,
      paymentReference: null,
    };
    emitter.emit(expiresAt === null ? "reservation:confirmed" : "reservation:held", { reservation });
    return { reservation, replayed: false };
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
