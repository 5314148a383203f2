import type { EventRow } from "../schema/rows.js";
import type { Database } from "./database.js";
import { toSqlDate } from "./sql-date.js";

const EVENT_COLUMNS =
  "id, event_name, total_seats, available_seats, max_per_user, event_date, created_at, fence";

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
      sql.exec(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
        row.id,
        row.event_name,
        row.total_seats,
        row.available_seats,
        row.max_per_user,
        row.event_date,
        row.created_at,
        row.fence,
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

  /** Seats held by confirmed reservations, per user: the per-user limit's ground truth. */
  async confirmedByUser(eventId: string): Promise<Map<string, number>> {
    const rows = await this.db.write((sql) =>
      sql.rows<{ user_id: string; held: number | string }>(
        "SELECT user_id, SUM(quantity) AS held FROM reservations WHERE event_id = ? AND status = 'CONFIRMED' GROUP BY user_id",
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
    change: { eventName?: string; eventDate?: string; seatDelta: number; maxPerUser?: number | null },
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
    params.push(id, fence, -change.seatDelta);
    return this.db.write((sql) =>
      sql.exec(
        `UPDATE events SET ${sets.join(", ")} WHERE id = ? AND fence < ? AND available_seats >= ?`,
        params,
      ),
    );
  }
}
