import type { QueryRunner } from "typeorm";
import { DatabaseUnsupportedError } from "../errors.js";
import type { MysqlServer } from "./ddl.js";

/**
 * NO PAD binary utf8mb4 collations, preferred first: MariaDB's own name (MariaDB 11 also knows the MySQL name, as an
 * alias that may pad), then MySQL 8's.
 */
const EXACT_COLLATIONS = ["utf8mb4_nopad_bin", "utf8mb4_0900_bin"];

/** Asks the server which of the collations it knows; E_DATABASE_UNSUPPORTED when none. */
export async function mysqlServer(runner: QueryRunner): Promise<MysqlServer> {
  const rows = (await runner.query(
    `SELECT COLLATION_NAME AS name FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN (${EXACT_COLLATIONS.map(() => "?").join(", ")})`,
    EXACT_COLLATIONS,
  )) as { name: string }[];
  const known = new Set(rows.map((r) => r.name));
  const exactCollation = EXACT_COLLATIONS.find((name) => known.has(name));
  if (exactCollation === undefined) {
    throw new DatabaseUnsupportedError(
      "exact-collation",
      `the database has none of the collations ${EXACT_COLLATIONS.join(", ")} that compare user ids byte for byte; the engine needs MySQL 8.0+ or MariaDB 10.6+`,
    );
  }
  return { exactCollation };
}
