import type { ReservationRow } from "../schema/rows.js";
import type { Database } from "./database.js";
import { dialectSql } from "./dialect-sql.js";

export const RESERVATION_COLUMNS =
  "id, event_id, user_id, quantity, status, created_at, cancelled_at, idempotency_key, expires_at, confirmed_at, payment_reference, version";

/** A hold whose expiry has passed, as the expiry sweep finds it. */
export interface DueHold {
  id: string;
  eventId: string;
}

/**
 * Reservation lookups. Inserts happen in the group commit (batch-writer.ts), changes of status in transitions.ts.
 */
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
   * Holds whose expiry has passed on the database's clock, earliest first, at most `limit`, of every event or of
   * one (index idx_reservations_hold_expiry: only due holds are read).
   */
  async dueHolds(limit: number, eventId?: string): Promise<DueHold[]> {
    const { now } = dialectSql(this.db.dialect);
    const ofEvent = eventId === undefined ? "" : "AND event_id = ?";
    const rows = await this.db.write((sql) =>
      sql.rows<{ id: string; event_id: string }>(
        `SELECT id, event_id FROM reservations WHERE status = 'HELD' AND expires_at <= ${now} ${ofEvent} ORDER BY expires_at LIMIT ${Math.floor(limit)}`,
        eventId === undefined ? [] : [eventId],
      ),
    );
    return rows.map((r) => ({ id: r.id, eventId: r.event_id }));
  }
}
