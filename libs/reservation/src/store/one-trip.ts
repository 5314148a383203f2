import type { PoolConnection, ResultSetHeader } from "mysql2/promise";
import type { StatementPool } from "./renewable-pool.js";
import { classifyMysqlError } from "./db-errors.js";
import type { Statement, StatementResult } from "./sql.js";

/**
 * START TRANSACTION; the statements; COMMIT as one multi-statement query on a connection of the one-trip pool.
 * Returns what each statement did: the rows it affected, or the rows a query returned.
 */
export async function inOneTrip(
  pool: StatementPool,
  statements: readonly Statement[],
): Promise<StatementResult[]> {
  const connection = await pool.getConnection();
  let reusable = true;
  try {
    const [results] = await connection.query(
      ["START TRANSACTION", ...statements.map((s) => s.sql), "COMMIT"].join(";\n"),
      statements.flatMap((s) => s.params),
    );
    return (results as (ResultSetHeader | unknown[])[])
      .slice(1, -1)
      .map((r) => (Array.isArray(r) ? { affected: 0, rows: r } : { affected: r.affectedRows, rows: [] }));
  } catch (error) {
    // The statements after the failing one did not run; what ran before it is rolled back here. A connection that
    // failed (or cannot roll back) is closed instead: the server rolls back what it had open.
    reusable = classifyMysqlError(error) !== "connection" && (await rollback(connection));
    throw error;
  } finally {
    if (reusable) connection.release();
    else connection.destroy();
  }
}

async function rollback(connection: PoolConnection): Promise<boolean> {
  try {
    await connection.query("ROLLBACK");
    return true;
  } catch {
    return false;
  }
}
