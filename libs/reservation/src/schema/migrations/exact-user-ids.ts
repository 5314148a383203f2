import type { MigrationInterface, QueryRunner } from "typeorm";
import { column, columnSql } from "../ddl.js";
import { mysqlServer } from "../mysql-server.js";
import { RESERVATIONS } from "./initial-schema.js";

const EXACT = ["user_id", "idempotency_key"].map((name) => column(RESERVATIONS, name));

/**
 * User ids and idempotency keys compare byte for byte on MySQL/MariaDB: under utf8mb4_bin (a PAD SPACE collation)
 * "carol " read carol's reservations and shared her per-user limit and idempotency keys. SQLite's default BINARY
 * collation already compares exactly, so there is nothing to change there. Existing rows stay as they are: values
 * that were distinct stay distinct under the stricter comparison.
 */
export class ExactUserIds1765000000000 implements MigrationInterface {
  name = "ExactUserIds1765000000000";

  up(runner: QueryRunner): Promise<void> {
    return alter(runner, true);
  }

  down(runner: QueryRunner): Promise<void> {
    return alter(runner, false);
  }
}

async function alter(runner: QueryRunner, exact: boolean): Promise<void> {
  if (runner.connection.options.type === "sqljs") return;
  const server = await mysqlServer(runner);
  const changes = EXACT.map((c) => `MODIFY COLUMN ${columnSql({ ...c, exact }, "mysql", server)}`);
  await runner.query(`ALTER TABLE reservations ${changes.join(", ")}`);
}
