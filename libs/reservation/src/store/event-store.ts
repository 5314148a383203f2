import type { EventRow } from "../schema/rows.js";
import type { Database } from "./database.js";
import { dialectSql } from "./dialect-sql.js";
import { toSqlDate } from "./sql-date.js";

const EVENT_COLUMNS =
  "id, event_name, total_seats, available_seats, max_per_user, event_date, created_at, fence, hold_seconds";

/** An event's seats in one consistent read: free, in holds, and in holds already past their expiry. */
export interface SeatState {
  total: number;
  available: number;
  held: number;
  /** Seats of holds whose expiry has passed but that the sweep has not given back yet. */
  due: number;
  /** The earliest expiry of the event's holds (an SQL date), or null. */
  nextExpiry: string | Date | null;
}

export interface EventCursor {
  /** "u": upcoming events, soonest first; "p": past events, latest first. */
  phase: "u" | "p";
  date: string;
  id: string;
}

/** Event rows: creation, lookups, the upcoming-first listing and fenced administrative updates. */
export class EventStore {
  constructor(private readonly db: Database) {}

  async insert(row: EventRow): Promise<void> {
    await this.db.write((sql) =>
      sql.exec(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        row.id,
        row.event_name,
        row.total_seats,
        row.available_seats,
        row.max_per_user,
        row.event_date,
        row.created_at,
        row.fence,
        row.hold_seconds ?? null,
      ]),
    );
  }

  async find(id: string): Promise<EventRow | null> {
    const rows = await this.db.write((sql) =>
      sql.rows<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`, [id]),
    );
    return rows[0] ?? null;
  }

  async available(id: string): Promise<number | null> {
    const rows = await this.db.write((sql) =>
      sql.rows<{ available_seats: number }>("SELECT available_seats FROM events WHERE id = ?", [id]),
    );
    return rows[0] ? Number(rows[0].available_seats) : null;
  }

  /**
   * One statement, so one snapshot: the seats free and the seats in holds never miss a hold that expires between two
   * reads (which would make seats look gone that are free).
   */
  async seats(id: string): Promise<SeatState | null> {
    const { now } = dialectSql(this.db.dialect);
    const rows = await this.db.write((sql) =>
      sql.rows<{
        total_seats: number;
        available_seats: number;
        held: number | string | null;
        due: number | string | null;
        next_expiry: string | Date | null;
      }>(
        `SELECT e.total_seats, e.available_seats, h.held, h.due, h.next_expiry FROM events e, (SELECT COALESCE(SUM(quantity), 0) AS held, COALESCE(SUM(CASE WHEN expires_at <= ${now} THEN quantity ELSE 0 END), 0) AS due, MIN(expires_at) AS next_expiry FROM reservations WHERE event_id = ? AND status = 'HELD') h WHERE e.id = ?`,
        [id, id],
      ),
    );
    const row = rows[0];
    if (!row) return null;
    return {
      total: Number(row.total_seats),
      available: Number(row.available_seats),
      held: Number(row.held ?? 0),
      due: Number(row.due ?? 0),
      nextExpiry: row.next_expiry,
    };
  }

  /** Seats of one user's holds and confirmed reservations of the event. */
  async takenBy(eventId: string, userId: string): Promise<number> {
    const [row] = await this.db.write((sql) =>
      sql.rows<{ taken: number | string | null }>(
        "SELECT SUM(quantity) AS taken FROM reservations WHERE event_id = ? AND user_id = ? AND status IN ('HELD', 'CONFIRMED')",
        [eventId, userId],
      ),
    );
    return Number(row?.taken ?? 0);
  }

  /** Seats of holds and confirmed reservations, per user: the per-user limit's ground truth. */
  async takenByUser(eventId: string): Promise<Map<string, number>> {
    const rows = await this.db.write((sql) =>
      sql.rows<{ user_id: string; held: number | string }>(
        "SELECT user_id, SUM(quantity) AS held FROM reservations WHERE event_id = ? AND status IN ('HELD', 'CONFIRMED') GROUP BY user_id",
        [eventId],
      ),
    );
    return new Map(rows.map((r) => [r.user_id, Number(r.held)]));
  }

  /** One page: upcoming events soonest first, then past events latest first (index idx_events_date both ways). */
  async page(cursor: EventCursor | null, limit: number, now: Date): Promise<EventRow[]> {
    const nowText = toSqlDate(now);
    return this.db.read(async (sql) => {
      const out: EventRow[] = [];
      if (!cursor || cursor.phase === "u") {
        const after = cursor ? "AND (event_date > ? OR (event_date = ? AND id > ?))" : "";
        const params = cursor ? [nowText, cursor.date, cursor.date, cursor.id] : [nowText];
        out.push(
          ...(await sql.rows<EventRow>(
            `SELECT ${EVENT_COLUMNS} FROM events WHERE event_date >= ? ${after} ORDER BY event_date ASC, id ASC LIMIT ${limit + 1}`,
            params,
          )),
        );
        if (out.length > limit) return out;
      }
      const before = cursor?.phase === "p" ? "AND (event_date < ? OR (event_date = ? AND id < ?))" : "";
      const params = cursor?.phase === "p" ? [nowText, cursor.date, cursor.date, cursor.id] : [nowText];
      out.push(
        ...(await sql.rows<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE event_date < ? ${before} ORDER BY event_date DESC, id DESC LIMIT ${limit + 1 - out.length}`,
          params,
        )),
      );
      return out;
    });
  }

  /**
   * Administrative update guarded by the lock's fence token: a writer whose lock expired and was taken over
   * (lower fence) changes nothing. Seats move by the total's delta and the CHECK keeps them >= 0.
   */
  async updateFenced(
    id: string,
    fence: number,
    change: {
      eventName?: string;
      eventDate?: string;
      seatDelta: number;
      maxPerUser?: number | null;
      holdSeconds?: number | null;
    },
  ): Promise<number> {
    const sets = ["fence = ?", "total_seats = total_seats + ?", "available_seats = available_seats + ?"];
    const params: unknown[] = [fence, change.seatDelta, change.seatDelta];
    if (change.eventName !== undefined) {
      sets.push("event_name = ?");
      params.push(change.eventName);
    }
    if (change.eventDate !== undefined) {
      sets.push("event_date = ?");
      params.push(change.eventDate);
    }
    if (change.maxPerUser !== undefined) {
      sets.push("max_per_user = ?");
      params.push(change.maxPerUser);
    }
    if (change.holdSeconds !== undefined) {
      sets.push("hold_seconds = ?");
      params.push(change.holdSeconds);
    }
    params.push(id, fence, -change.seatDelta);
    return this.db.write((sql) =>
      sql.exec(
        `UPDATE events SET ${sets.join(", ")} WHERE id = ? AND fence < ? AND available_seats >= ?`,
        params,
      ),
    );
  }
}
