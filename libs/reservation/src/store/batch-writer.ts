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
 * The durable write: ONE transaction takes the seats of many reservations with the conditional UPDATE (the guard
 * that makes overselling impossible whatever Redis says) and inserts all their rows with one multi-row INSERT.
 * Returns "guard" when the event has fewer seats than the batch needs; nothing is written then.
 */
export async function writeBatch(
  db: Database,
  eventId: string,
  rows: readonly PendingRow[],
): Promise<"ok" | "guard"> {
  const total = rows.reduce((sum, r) => sum + r.quantity, 0);
  return db.transaction(async (sql) => {
    const taken = await sql.exec(
      "UPDATE events SET available_seats = available_seats - ? WHERE id = ? AND available_seats >= ?",
      [total, eventId, total],
    );
    if (taken !== 1) return "guard";
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
    await sql.exec(
      `INSERT INTO reservations (${RESERVATION_COLUMNS}) VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      values,
    );
    return "ok";
  });
}
