import type { Database } from "./database.js";
import { insertFirstChanges } from "./outbox-rows.js";
import { toSqlDate } from "./sql-date.js";
import type { Statement } from "./sql.js";

/** A reservation admitted by the fast path and not yet durable: confirmed at once, or a hold until `expiresAt`. */
export interface PendingRow {
  id: string;
  eventId: string;
  userId: string;
  quantity: number;
  createdAt: Date;
  idempotencyKey: string | null;
  /** null: confirmed at once; else a hold that ends then unless confirmed (the database's clock). */
  expiresAt: Date | null;
}

const INSERT_COLUMNS =
  "id, event_id, user_id, quantity, status, created_at, idempotency_key, expires_at, confirmed_at";

/**
 * The durable write: ONE transaction, in one round trip on MySQL, takes the seats of many reservations and inserts
 * all their rows with one multi-row INSERT (and, with the outbox on, their first outbox rows with another). Holds
 * take their seats like confirmed reservations, so the seat guard covers both: it is the CHECK (available_seats >= 0)
 * of the events table. A batch that needs more seats than are left fails with a constraint error, so the INSERT never
 * runs, and an unknown event fails the INSERT's foreign key. Returns "guard" then; nothing is written. (The
 * reservations' own CHECK, quantity > 0, cannot fail here: quantities are validated before admission.)
 */
export async function writeBatch(
  db: Database,
  eventId: string,
  rows: readonly PendingRow[],
  options: { outbox: boolean },
): Promise<"ok" | "guard"> {
  const total = rows.reduce((sum, r) => sum + r.quantity, 0);
  const values: unknown[] = [];
  for (const r of rows) {
    const createdAt = toSqlDate(r.createdAt);
    const held = r.expiresAt !== null;
    values.push(
      r.id,
      r.eventId,
      r.userId,
      r.quantity,
      held ? "HELD" : "CONFIRMED",
      createdAt,
      r.idempotencyKey,
      held ? toSqlDate(r.expiresAt!) : null,
      held ? null : createdAt,
    );
  }
  const statements: Statement[] = [
    {
      sql: "UPDATE events SET available_seats = available_seats - ? WHERE id = ?",
      params: [total, eventId],
    },
    {
      sql: `INSERT INTO reservations (${INSERT_COLUMNS}) VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      params: values,
    },
  ];
  if (options.outbox) {
    statements.push(
      insertFirstChanges(
        rows.map((r) => ({
          reservationId: r.id,
          type: r.expiresAt === null ? "confirmed" : "held",
          eventId: r.eventId,
          userId: r.userId,
          quantity: r.quantity,
          status: r.expiresAt === null ? "CONFIRMED" : "HELD",
          expiresAt: r.expiresAt,
          occurredAt: r.createdAt,
        })),
      ),
    );
  }
  try {
    await db.transactionInOneTrip(statements);
    return "ok";
  } catch (error) {
    const failure = db.failure(error);
    if (failure === "check" || failure === "foreign-key") return "guard";
    throw error;
  }
}
