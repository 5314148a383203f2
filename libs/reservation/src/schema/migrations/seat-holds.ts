import type { MigrationInterface, QueryRunner } from "typeorm";
import { columnSql, createIndex, createTable, type Column, type Dialect, type Table } from "../ddl.js";
import { mysqlServer } from "../mysql-server.js";

const EVENT_COLUMNS: readonly Column[] = [{ name: "hold_seconds", type: "int", nullable: true }];

const RESERVATION_COLUMNS: readonly Column[] = [
  { name: "expires_at", type: "datetime", nullable: true },
  { name: "confirmed_at", type: "datetime", nullable: true },
  { name: "payment_reference", type: "varchar", length: 191, nullable: true },
  { name: "version", type: "int", default: 1 },
];

/** The expiry sweep: due holds, earliest first, without reading confirmed rows. */
const HOLD_EXPIRY_INDEX = { name: "idx_reservations_hold_expiry", columns: ["status", "expires_at"] };

/**
 * One row per change of a reservation's status, written in the change's transaction and published by a relay. `seq`
 * orders the changes of one reservation; `<reservation_id>:<seq>` is the message id consumers de-duplicate on.
 */
export const OUTBOX: Table = {
  name: "reservation_outbox",
  columns: [
    { name: "reservation_id", type: "varchar", length: 36 },
    { name: "seq", type: "int" },
    { name: "type", type: "varchar", length: 16 },
    { name: "event_id", type: "varchar", length: 36 },
    { name: "user_id", type: "varchar", length: 191, exact: true },
    { name: "quantity", type: "int" },
    { name: "status", type: "varchar", length: 16 },
    { name: "expires_at", type: "datetime", nullable: true },
    { name: "payment_reference", type: "varchar", length: 191, nullable: true },
    { name: "occurred_at", type: "datetime" },
    { name: "attempts", type: "int", default: 0 },
    /** A relay's claim (or the retry delay after a failed send) lasts until then. */
    { name: "claimed_until", type: "datetime", nullable: true },
    { name: "published_at", type: "datetime", nullable: true },
  ],
  // Also the predecessor check of a claim: is an earlier change of the same reservation still unpublished?
  primaryKey: ["reservation_id", "seq"],
  indexes: [
    // Unpublished rows oldest first (published_at IS NULL), and published ones by age for pruning.
    { name: "idx_outbox_pending", columns: ["published_at", "occurred_at"] },
  ],
  foreignKeys: [],
  checks: [],
};

/**
 * Seat holds and the transactional outbox: events get `hold_seconds`; reservations get the hold's expiry, the
 * confirmation's time and payment reference, and a version that numbers their changes; the outbox table is created.
 * Existing reservations were all confirmed when made: their confirmed_at is their created_at, and a cancelled one
 * has had two changes.
 */
export class SeatHolds1766000000000 implements MigrationInterface {
  name = "SeatHolds1766000000000";

  async up(runner: QueryRunner): Promise<void> {
    const dialect: Dialect = runner.connection.options.type === "sqljs" ? "sqlite" : "mysql";
    const server = dialect === "mysql" ? await mysqlServer(runner) : undefined;
    if (dialect === "mysql") {
      await runner.query(
        `ALTER TABLE events ${EVENT_COLUMNS.map((c) => `ADD COLUMN ${columnSql(c, dialect)}`).join(", ")}`,
      );
      const added = RESERVATION_COLUMNS.map((c) => `ADD COLUMN ${columnSql(c, dialect)}`);
      await runner.query(`ALTER TABLE reservations ${added.join(", ")}`);
    } else {
      for (const c of EVENT_COLUMNS)
        await runner.query(`ALTER TABLE events ADD COLUMN ${columnSql(c, dialect)}`);
      for (const c of RESERVATION_COLUMNS) {
        await runner.query(`ALTER TABLE reservations ADD COLUMN ${columnSql(c, dialect)}`);
      }
    }
    await runner.query(createIndex("reservations", HOLD_EXPIRY_INDEX));
    await runner.query(
      "UPDATE reservations SET confirmed_at = created_at, version = CASE WHEN status = 'CANCELLED' THEN 2 ELSE 1 END",
    );
    for (const statement of createTable(OUTBOX, dialect, server)) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE reservation_outbox");
    const dialect: Dialect = runner.connection.options.type === "sqljs" ? "sqlite" : "mysql";
    await runner.query(
      dialect === "mysql"
        ? `DROP INDEX ${HOLD_EXPIRY_INDEX.name} ON reservations`
        : `DROP INDEX ${HOLD_EXPIRY_INDEX.name}`,
    );
    for (const c of RESERVATION_COLUMNS) await runner.query(`ALTER TABLE reservations DROP COLUMN ${c.name}`);
    for (const c of EVENT_COLUMNS) await runner.query(`ALTER TABLE events DROP COLUMN ${c.name}`);
  }
}
