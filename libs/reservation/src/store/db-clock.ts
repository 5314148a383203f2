import type { Database } from "./database.js";
import { dialectSql } from "./dialect-sql.js";
import { fromSqlDate } from "./sql-date.js";

/** How often the offset to the database's clock is measured again, in ms. */
const RESYNC_MS = 60_000;

/**
 * The database's clock as seen from this process: every expiry decision is made by the database against its own clock
 * (`expires_at <= UTC_TIMESTAMP(3)`), so two instances never disagree; this estimate only dates the holds the engine
 * writes, so that a hold lasts `holdSeconds` on that same clock. The offset is measured at start and every minute, to
 * within half a round trip.
 */
export class DbClock {
  private offsetMs = 0;
  private syncedAt = 0;
  private syncing: Promise<void> | null = null;

  constructor(private readonly db: Database) {}

  /** Epoch ms on the database's clock (estimate). */
  now(): number {
    const local = Date.now();
    if (local - this.syncedAt > RESYNC_MS) void this.sync().catch(() => {});
    return local + this.offsetMs;
  }

  /** Measures the offset; concurrent calls share one query. */
  sync(): Promise<void> {
    this.syncing ??= this.measure().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async measure(): Promise<void> {
    const sent = Date.now();
    const [row] = await this.db.write((sql) =>
      sql.rows<{ now: string | Date }>(`SELECT ${dialectSql(this.db.dialect).now} AS now`),
    );
    const received = Date.now();
    if (!row) return;
    this.offsetMs = fromSqlDate(row.now).getTime() - (sent + received) / 2;
    this.syncedAt = received;
  }
}
