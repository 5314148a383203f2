import type { Database } from "./database.js";
import { RESERVATION_COLUMNS } from "./reservation-store.js";
import { toSqlDate } from "./sql-date.js";

/** A reservation admitted by the fast path and not yet durable. */
export interface PendingRow {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  createdAt: Date;
  idempotencyKey: string | null;
}

/**
 * The durable write: ONE transaction, in one round trip on MySQL, takes the seats of many reservations and inserts
 * all their rows with one multi-row INSERT. The seat guard is the CHECK (available_seats >= 0) of the events table:
 * a batch that needs more seats than are left fails with a constraint error, so the INSERT never runs, and an
 * unknown event fails the INSERT's foreign key. Returns "guard" then; nothing is written. (The reservations' own
 * CHECK, quantity > 0, cannot fail here: quantities are validated before admission.)
 */
export async function writeBatch(
  db: Database,
  eventId: string,
  rows: readonly PendingRow[],
): Promise<"ok" | "guard"> {
  const total = rows.reduce((sum, r) => sum + r.quantity, 0);
  const values: unknown[] = [];
  for (const r of rows) {
    values.push(
      r.id,
      r.eventId,
      r.userId,
      r.quantity,
      "CONFIRMED",
      toSqlDate(r.createdAt),
      null,
      r.idempotencyKey,
    );
  }
  try {
    await db.transactionInOneTrip([
      {
        sql: "UPDATE events SET available_seats = available_seats - ? WHERE id = ?",
        params: [total, eventId],
      },
      {
        sql: `INSERT INTO reservations (${RESERVATION_COLUMNS}) VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
        params: values,
      },
    ]);
    return "ok";
  } catch (error) {
    const failure = db.failure(error);
    if (failure === "check" || failure === "foreign-key") return "guard";
    throw error;
  }
}
