import type { EventRow, ReservationRow } from "../schema/rows.js";
import type { EventRecord, ReservationRecord } from "../types.js";
import { fromSqlDate } from "./sql-date.js";

export function toEventRecord(row: EventRow): EventRecord {
  return {
    id: row.id,
    eventName: row.event_name,
    totalSeats: Number(row.total_seats),
    availableSeats: Number(row.available_seats),
    eventDate: fromSqlDate(row.event_date),
    createdAt: fromSqlDate(row.created_at),
    maxPerUser: row.max_per_user === null ? null : Number(row.max_per_user),
    holdSeconds:
      row.hold_seconds === null || row.hold_seconds === undefined ? null : Number(row.hold_seconds),
  };
}

export function toReservationRecord(row: ReservationRow): ReservationRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    userId: row.user_id,
    quantity: Number(row.quantity),
    status: row.status,
    createdAt: fromSqlDate(row.created_at),
    cancelledAt: optionalDate(row.cancelled_at),
    idempotencyKey: row.idempotency_key,
    expiresAt: optionalDate(row.expires_at),
    confirmedAt: optionalDate(row.confirmed_at),
    paymentReference: row.payment_reference,
  };
}

function optionalDate(value: string | Date | null): Date | null {
  return value === null ? null : fromSqlDate(value);
}
