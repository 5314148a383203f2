import type { Statement } from "./sql.js";
import { toSqlDate } from "./sql-date.js";

/** The change an outbox row records; its message type is `reservation.<type>`. */
export type OutboxChange = "held" | "confirmed" | "cancelled" | "expired";

/** The columns a change writes (the relay's bookkeeping columns keep their defaults). */
export const OUTBOX_COLUMNS =
  "reservation_id, seq, type, event_id, user_id, quantity, status, expires_at, payment_reference, occurred_at";

/** The first change of a reservation, written with its row by the group commit. */
export interface FirstChange {
  reservationId: string;
  type: "held" | "confirmed";
  eventId: string;
  userId: string;
  quantity: number;
  status: "HELD" | "CONFIRMED";
  expiresAt: Date | null;
  occurredAt: Date;
}

/** The outbox id of a reservation's change: what consumers de-duplicate on. */
export function outboxId(reservationId: string, seq: number): string {
  return `${reservationId}:${seq}`;
}

/** One multi-row INSERT of the first changes (sequence 1) of newly written reservations. */
export function insertFirstChanges(changes: readonly FirstChange[]): Statement {
  const params: unknown[] = [];
  for (const c of changes) {
    params.push(
      c.reservationId,
      1,
      c.type,
      c.eventId,
      c.userId,
      c.quantity,
      c.status,
      c.expiresAt === null ? null : toSqlDate(c.expiresAt),
      null,
      toSqlDate(c.occurredAt),
    );
  }
  return {
    sql: `INSERT INTO reservation_outbox (${OUTBOX_COLUMNS}) VALUES ${changes.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
    params,
  };
}

/**
 * INSERT … SELECT of the change of the reservations that `where` selects, as they are after it: `version` is the
 * SQL expression of the change's sequence, `status` of the status after it, `occurredAt` of its time.
 */
export function insertChangesOf(
  change: OutboxChange,
  select: { version: string; status: string; occurredAt: string; where: string; params: readonly unknown[] },
): Statement {
  const { version, status, occurredAt, where, params } = select;
  return {
    sql: `INSERT INTO reservation_outbox (${OUTBOX_COLUMNS}) SELECT id, ${version}, '${change}', event_id, user_id, quantity, ${status}, expires_at, payment_reference, ${occurredAt} FROM reservations WHERE ${where}`,
    params,
  };
}

/** A message id back to its row's key. */
export function outboxKey(id: string): [reservationId: string, seq: number] {
  const colon = id.lastIndexOf(":");
  return [id.slice(0, colon), Number(id.slice(colon + 1))];
}
