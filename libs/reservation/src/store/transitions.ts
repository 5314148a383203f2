import type { ReservationRow } from "../schema/rows.js";
import type { Database } from "./database.js";
import { dialectSql } from "./dialect-sql.js";
import { insertChangesOf } from "./outbox-rows.js";
import { RESERVATION_COLUMNS } from "./reservation-store.js";
import type { Statement } from "./sql.js";

/** What a release does: the expiry of holds, or a cancel (at `at`, an SQL date) of a hold or a confirmed reservation. */
export type Release =
  | { from: readonly ["HELD"]; to: "EXPIRED" }
  | { from: readonly ("HELD" | "CONFIRMED")[]; to: "CANCELLED"; at: string };

/**
 * Changes of a reservation's status after it was written, each one transaction in one round trip on MySQL, with its
 * outbox row when the outbox is on. Every change is conditional on the status it leaves, so of two racing changes
 * (a confirm and the expiry, two cancels, two sweeps) exactly one applies; the other changes nothing.
 *
 * Lock order: a change that gives seats back locks the event's row first and then the reservations' rows, as the group
 * commit locks the event's row before inserting; a confirm locks only the reservation's row. So no two of them wait
 * for each other in a cycle.
 */
export class Transitions {
  constructor(
    private readonly db: Database,
    private readonly options: { outbox: boolean },
  ) {}

  /**
   * HELD → CONFIRMED while the hold's expiry is still ahead on the database's clock. Returns whether this call made
   * the change (false: the row was not a live hold, or another confirm with the same reference won the race).
   */
  async confirm(row: ReservationRow, paymentReference: string): Promise<boolean> {
    const { now } = dialectSql(this.db.dialect);
    const next = Number(row.version) + 1;
    const statements: Statement[] = [
      {
        sql: `UPDATE reservations SET status = 'CONFIRMED', confirmed_at = ${now}, payment_reference = ?, version = version + 1 WHERE id = ? AND status = 'HELD' AND expires_at > ${now}`,
        params: [paymentReference, row.id],
      },
    ];
    if (this.options.outbox) {
      // Selects the row only if it is now confirmed with this reference at the next version: written by this call, or
      // by a racing confirm with the same reference, whose outbox row then exists and makes this INSERT a duplicate.
      statements.push(
        insertChangesOf("confirmed", {
          version: "version",
          status: "status",
          occurredAt: "confirmed_at",
          where: "id = ? AND status = 'CONFIRMED' AND version = ? AND payment_reference = ?",
          params: [row.id, next, paymentReference],
        }),
      );
    }
    try {
      const [update] = await this.db.transactionInOneTrip(statements);
      return update!.affected === 1;
    } catch (error) {
      if (this.db.failure(error) === "duplicate") return false;
      throw error;
    }
  }

  /**
   * Gives the seats of these reservations of one event back: those still in one of `from` become `to` (EXPIRED for
   * the expiry sweep, CANCELLED for cancel), the event's available seats grow by their quantities, and each gets its
   * outbox row. Returns the rows that changed, as they were before.
   */
  async release(eventId: string, ids: readonly string[], change: Release): Promise<ReservationRow[]> {
    if (ids.length === 0) return [];
    const d = dialectSql(this.db.dialect);
    const inIds = `id IN (${ids.map(() => "?").join(", ")}) AND status IN (${change.from.map((s) => `'${s}'`).join(", ")})`;
    const statements: Statement[] = [];
    if (this.db.dialect === "mysql") {
      statements.push({ sql: `SELECT id FROM events WHERE id = ? ${d.forUpdate}`, params: [eventId] });
    }
    // Locked from here to COMMIT: the statements below see exactly these rows in exactly this state.
    const lockedAt = statements.length;
    statements.push(
      {
        sql: `SELECT ${RESERVATION_COLUMNS} FROM reservations WHERE ${inIds} ${d.forUpdate}`,
        params: ids,
        query: true,
      },
      {
        sql: `UPDATE events SET available_seats = available_seats + (SELECT COALESCE(SUM(quantity), 0) FROM reservations WHERE ${inIds}) WHERE id = ?`,
        params: [...ids, eventId],
      },
    );
    const cancelled = change.to === "CANCELLED";
    if (this.options.outbox) {
      // An expiry happened when the hold ran out; a cancel when it was asked for.
      statements.push(
        insertChangesOf(cancelled ? "cancelled" : "expired", {
          version: "version + 1",
          status: `'${change.to}'`,
          occurredAt: cancelled ? "?" : "expires_at",
          where: inIds,
          params: cancelled ? [change.at, ...ids] : ids,
        }),
      );
    }
    statements.push({
      sql: `UPDATE reservations SET status = '${change.to}', version = version + 1${cancelled ? ", cancelled_at = ?" : ""} WHERE ${inIds}`,
      params: cancelled ? [change.at, ...ids] : ids,
    });
    const results = await this.db.transactionInOneTrip(statements);
    return results[lockedAt]!.rows as ReservationRow[];
  }
}
