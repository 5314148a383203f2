import type { MigrationInterface, QueryRunner } from "typeorm";
import { createTable, type Table } from "../ddl.js";

export const EVENTS: Table = {
  name: "events",
  columns: [
    { name: "id", type: "varchar", length: 36 },
    { name: "event_name", type: "varchar", length: 200 },
    { name: "total_seats", type: "int" },
    { name: "available_seats", type: "int" },
    { name: "max_per_user", type: "int", nullable: true },
    { name: "event_date", type: "datetime" },
    { name: "created_at", type: "datetime" },
    { name: "fence", type: "bigint", default: 0 },
  ],
  primaryKey: ["id"],
  indexes: [{ name: "idx_events_date", columns: ["event_date", "id"] }],
  foreignKeys: [],
  // The seat guard: a batch that takes more seats than are left fails here, and with it the whole transaction.
  checks: [
    { name: "chk_events_available", expression: "available_seats >= 0 AND available_seats <= total_seats" },
  ],
};

export const RESERVATIONS: Table = {
  name: "reservations",
  columns: [
    { name: "id", type: "varchar", length: 36 },
    { name: "event_id", type: "varchar", length: 36 },
    { name: "user_id", type: "varchar", length: 191 },
    { name: "quantity", type: "int" },
    { name: "status", type: "varchar", length: 16 },
    { name: "created_at", type: "datetime" },
    { name: "cancelled_at", type: "datetime", nullable: true },
    { name: "idempotency_key", type: "varchar", length: 191, nullable: true },
  ],
  primaryKey: ["id"],
  indexes: [
    { name: "uq_reservations_user_key", columns: ["user_id", "idempotency_key"], unique: true },
    { name: "idx_reservations_user_created", columns: ["user_id", "created_at", "id"] },
    { name: "idx_reservations_event_status", columns: ["event_id", "status", "user_id"] },
  ],
  foreignKeys: [
    {
      name: "fk_reservations_event",
      columns: ["event_id"],
      references: { table: "events", columns: ["id"] },
    },
  ],
  checks: [{ name: "chk_reservations_quantity", expression: "quantity > 0" }],
};

/** Events and reservations with the seat guard (CHECK available_seats >= 0) and an index for every query. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = "InitialSchema1764000000000";

  async up(runner: QueryRunner): Promise<void> {
    const dialect = runner.connection.options.type === "sqljs" ? "sqlite" : "mysql";
    for (const table of [EVENTS, RESERVATIONS]) {
      for (const statement of createTable(table, dialect)) await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query("DROP TABLE reservations");
    await runner.query("DROP TABLE events");
  }
}
