import type { Outbox, OutboxMessage } from "../outbox/outbox.js";
import type { ReservationStatus } from "../types.js";
import type { Database } from "./database.js";
import { dialectSql } from "./dialect-sql.js";
import { outboxId, outboxKey, type OutboxChange } from "./outbox-rows.js";
import { fromSqlDate } from "./sql-date.js";

interface OutboxRow {
  reservation_id: string;
  seq: number;
  type: OutboxChange;
  event_id: string;
  user_id: string;
  quantity: number;
  status: ReservationStatus;
  expires_at: string | Date | null;
  payment_reference: string | null;
  occurred_at: string | Date;
  attempts: number;
}

const COLUMNS =
  "o.reservation_id, o.seq, o.type, o.event_id, o.user_id, o.quantity, o.status, o.expires_at, o.payment_reference, o.occurred_at, o.attempts";

/**
 * The table `reservation_outbox` as relays read it. A claim is one short READ COMMITTED transaction: it locks the
 * oldest claimable rows with SKIP LOCKED (rows another relay is claiming right now are passed over, not waited for,
 * and no gap is locked, so the group commit's INSERTs never wait for it), then leases them by setting claimed_until.
 * A row is claimable when it is unpublished, its lease (or retry delay) has run out on the database's clock, and no
 * earlier change of its reservation is unpublished; that last test reads committed rows without locking them, so a
 * change whose predecessor is being claimed at the same moment is not claimable either.
 */
export class OutboxStore implements Omit<Outbox, "onChange"> {
  constructor(private readonly db: Database) {}

  async claim({ limit, leaseMs }: { limit: number; leaseMs: number }): Promise<OutboxMessage[]> {
    const d = dialectSql(this.db.dialect);
    const rows = await this.db.transaction(
      async (sql) => {
        const claimed = await sql.rows<OutboxRow>(
          `SELECT ${COLUMNS} FROM reservation_outbox o WHERE o.published_at IS NULL AND (o.claimed_until IS NULL OR o.claimed_until <= ${d.now}) AND NOT EXISTS (SELECT 1 FROM reservation_outbox p WHERE p.reservation_id = o.reservation_id AND p.seq < o.seq AND p.published_at IS NULL) ORDER BY o.published_at, o.occurred_at LIMIT ${Math.floor(limit)} ${d.forUpdateSkipLocked}`,
        );
        if (claimed.length > 0) {
          const keys = claimed.map((r): [string, number] => [r.reservation_id, Number(r.seq)]);
          await sql.exec(
            `UPDATE reservation_outbox SET claimed_until = ${d.nowPlusMs}, attempts = attempts + 1 WHERE ${byKeys(keys)}`,
            [leaseMs, ...keys.flat()],
          );
        }
        return claimed;
      },
      { isolation: "READ COMMITTED" },
    );
    return rows.map(toMessage);
  }

  async published(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const { now } = dialectSql(this.db.dialect);
    await this.db.write((sql) =>
      sql.exec(
        `UPDATE reservation_outbox SET published_at = ${now}, claimed_until = NULL WHERE ${byKeys(ids.map(outboxKey))}`,
        ids.map(outboxKey).flat(),
      ),
    );
  }

  async retryLater(ids: readonly string[], delayMs: number): Promise<void> {
    if (ids.length === 0) return;
    const { nowPlusMs } = dialectSql(this.db.dialect);
    await this.db.write((sql) =>
      sql.exec(
        `UPDATE reservation_outbox SET claimed_until = ${nowPlusMs} WHERE (${byKeys(ids.map(outboxKey))}) AND published_at IS NULL`,
        [Math.max(0, delayMs), ...ids.map(outboxKey).flat()],
      ),
    );
  }

  async prune(olderThanMs: number, limit: number): Promise<number> {
    const { nowPlusMs } = dialectSql(this.db.dialect);
    // The derived table lets MySQL delete from the table it selects from.
    return this.db.write((sql) =>
      sql.exec(
        `DELETE FROM reservation_outbox WHERE (reservation_id, seq) IN (SELECT reservation_id, seq FROM (SELECT reservation_id, seq FROM reservation_outbox WHERE published_at IS NOT NULL AND published_at < ${nowPlusMs} ORDER BY published_at LIMIT ${Math.floor(limit)}) AS old)`,
        [-olderThanMs],
      ),
    );
  }
}

/** The rows of these keys, as (reservation_id, seq) pairs. */
function byKeys(keys: readonly (readonly [string, number])[]): string {
  return `(reservation_id, seq) IN (${keys.map(() => "(?, ?)").join(", ")})`;
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: outboxId(row.reservation_id, Number(row.seq)),
    type: `reservation.${row.type}`,
    sequence: Number(row.seq),
    occurredAt: fromSqlDate(row.occurred_at),
    reservation: {
      id: row.reservation_id,
      eventId: row.event_id,
      userId: row.user_id,
      quantity: Number(row.quantity),
      status: row.status,
      expiresAt: row.expires_at === null ? null : fromSqlDate(row.expires_at),
      paymentReference: row.payment_reference,
    },
    attempts: Number(row.attempts) + 1,
  };
}
