import type { ReservationRow } from "../schema/rows.js";
import type { Database } from "./database.js";

export const RESERVATION_COLUMNS =
  "id, event_id, user_id, quantity, status, created_at, cancelled_at, idempotency_key";

/** Reservation lookups and the cancel transaction. Inserts happen in the group commit (batch-writer.ts). */
export class ReservationStore {
  constructor(private readonly db: Database) {}

  async find(id: string): Promise<ReservationRow | null> {
    const rows = await this.db.write((sql) =>
      sql.rows<ReservationRow>(`SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE id = ?`, [id]),
    );
    return rows[0] ?? null;
  }

  async findByKey(userId: string, key: string): Promise<ReservationRow | null> {
    const rows = await this.db.write((sql) =>
      sql.rows<ReservationRow>(
        `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE user_id = ? AND idempotency_key = ?`,
        [userId, key],
      ),
    );
    return rows[0] ?? null;
  }

  /** Newest first (index idx_reservations_user_created, read backwards). */
  async listByUser(userId: string): Promise<ReservationRow[]> {
    return this.db.write((sql) =>
      sql.rows<ReservationRow>(
        `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
        [userId],
      ),
    );
  }

  /** Which of these ids have a committed row: settles writes whose COMMIT outcome was lost with the connection. */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.write((sql) =>
      sql.rows<{ id: string }>(
        `SELECT id FROM reservations WHERE id IN (${ids.map(() => "?").join(", ")})`,
        ids,
      ),
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Flips CONFIRMED -> CANCELLED and gives the seats back in one transaction. Only the call that flips the status
   * restocks, so cancelling twice restocks once. Returns whether this call cancelled it.
   */
  async cancel(row: ReservationRow, at: string): Promise<boolean> {
    return this.db.transaction(async (sql) => {
      // The event row first, as the group commit does: one lock order, so the two never deadlock.
      if (this.db.dialect === "mysql") {
        await sql.rows("SELECT id FROM events WHERE id = ? FOR UPDATE", [row.event_id]);
      }
      const flipped = await sql.exec(
        "UPDATE reservations SET status = 'CANCELLED', cancelled_at = ? WHERE id = ? AND status = 'CONFIRMED'",
        [at, row.id],
      );
      if (flipped === 0) return false;
      await sql.exec("UPDATE events SET available_seats = available_seats + ? WHERE id = ?", [
        row.quantity,
        row.event_id,
      ]);
      return true;
    });
  }
}
