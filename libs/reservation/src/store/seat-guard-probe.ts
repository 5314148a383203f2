import type { StatementPool } from "./renewable-pool.js";
import { DatabaseUnsupportedError } from "../errors.js";
import { classifyMysqlError } from "./db-errors.js";

/**
 * The batch write relies on CHECK (available_seats >= 0) to refuse a batch that needs more seats than are left.
 * MySQL before 8.0.16 parses CHECK and ignores it, and MariaDB can switch checks off (check_constraint_checks): there
 * the engine refuses to start rather than oversell. Probed with a row that breaks the constraint, in a transaction
 * that is rolled back.
 */
export async function assertSeatGuard(pool: StatementPool): Promise<void> {
  const connection = await pool.getConnection();
  let outcome: unknown = null;
  try {
    await connection.query("START TRANSACTION");
    await connection.query(
      "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('seat-guard-probe', 'probe', 1, -1, '2000-01-01', '2000-01-01')",
    );
  } catch (error) {
    outcome = error;
  } finally {
    await connection.query("ROLLBACK").catch(() => {});
    connection.release();
  }
  if (outcome === null) {
    throw new DatabaseUnsupportedError(
      "check-constraints",
      "the database does not enforce CHECK (available_seats >= 0) on events; the engine needs MySQL 8.0.16+ or MariaDB 10.6+ with check_constraint_checks on",
    );
  }
  // Refused by the constraint, as it must be; anything else (a lost connection, say) is the error to report.
  if (classifyMysqlError(outcome) !== "check") throw outcome;
}
