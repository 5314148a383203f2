import { QueryFailedError } from "typeorm";

/**
 * What a failed statement means for the caller: the row is a duplicate, a CHECK constraint (the seat guard) or a
 * foreign key refused it, the transaction lost a lock conflict and can run again, the connection failed (the outcome
 * may be unknown), or anything else.
 */
export type DbFailure = "duplicate" | "check" | "foreign-key" | "lock-conflict" | "connection" | "other";

/** The driver's own error: TypeORM wraps it in a QueryFailedError. */
function driverError(error: unknown): unknown {
  return error instanceof QueryFailedError ? error.driverError : error;
}

const CONNECTION_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CONNECTION_KILLED",
  "ER_SERVER_SHUTDOWN",
  "ER_QUERY_INTERRUPTED",
  "ER_CON_COUNT_ERROR",
  "POOL_CLOSED",
  "POOL_ENQUEUELIMIT",
]);
const CONNECTION_ERRNOS = new Set([1040, 1053, 1317, 1927, 2002, 2003, 2006, 2013, 4031]);
const CHECK_ERRNOS = new Set([3819, 4025]); // MySQL 8, MariaDB
const FOREIGN_KEY_ERRNO = 1452;

/** mysql2 errors carry the server's errno and code, or Node's socket code; `fatal` marks a connection gone bad. */
export function classifyMysqlError(error: unknown): DbFailure {
  const e = (driverError(error) ?? {}) as { code?: unknown; errno?: unknown; fatal?: unknown };
  const code = typeof e.code === "string" ? e.code : "";
  const errno = typeof e.errno === "number" ? e.errno : 0;
  if (code === "ER_DUP_ENTRY" || errno === 1062) return "duplicate";
  if (code === "ER_LOCK_DEADLOCK" || code === "ER_LOCK_WAIT_TIMEOUT" || errno === 1213 || errno === 1205) {
    return "lock-conflict";
  }
  if (e.fatal === true || CONNECTION_CODES.has(code) || CONNECTION_ERRNOS.has(errno)) return "connection";
  if (CHECK_ERRNOS.has(errno)) return "check";
  if (errno === FOREIGN_KEY_ERRNO) return "foreign-key";
  return "other";
}

/**
 * sql.js reports a failed statement as an Error whose message is SQLite's text, without SQLite's result code, so
 * this is the one place where a failure is told apart by its text. sql.js runs in process: it has no connection to
 * lose and, behind the engine's mutex, no lock conflicts.
 */
export function classifySqliteError(error: unknown): DbFailure {
  const message = String((driverError(error) as { message?: unknown } | null)?.message ?? "");
  if (message.startsWith("UNIQUE constraint failed")) return "duplicate";
  if (message.startsWith("CHECK constraint failed")) return "check";
  if (message.startsWith("FOREIGN KEY constraint failed")) return "foreign-key";
  return "other";
}
