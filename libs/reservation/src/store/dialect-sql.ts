/**
 * The few SQL fragments that differ between MySQL/MariaDB and SQLite. Dates are "YYYY-MM-DD HH:MM:SS.mmm" UTC text in
 * both, so the database's clock reads the same way as the dates the engine writes.
 */
export interface DialectSql {
  /** The database's clock, now, in the engine's date format. */
  now: string;
  /** `FOR UPDATE` on MySQL; nothing on SQLite, where one writer at a time holds the whole database. */
  forUpdate: string;
  /** `FOR UPDATE SKIP LOCKED` on MySQL: rows another transaction is claiming are passed over, not waited for. */
  forUpdateSkipLocked: string;
  /** The database's clock plus the milliseconds of one `?` parameter (negative: minus). */
  nowPlusMs: string;
}

const MYSQL: DialectSql = {
  now: "UTC_TIMESTAMP(3)",
  forUpdate: "FOR UPDATE",
  forUpdateSkipLocked: "FOR UPDATE SKIP LOCKED",
  nowPlusMs: "DATE_ADD(UTC_TIMESTAMP(3), INTERVAL ? * 1000 MICROSECOND)",
};

const SQLITE: DialectSql = {
  now: "strftime('%Y-%m-%d %H:%M:%f', 'now')",
  forUpdate: "",
  forUpdateSkipLocked: "",
  nowPlusMs: "strftime('%Y-%m-%d %H:%M:%f', 'now', printf('%+.3f seconds', ? / 1000.0))",
};

export function dialectSql(dialect: "mysql" | "sqlite"): DialectSql {
  return dialect === "mysql" ? MYSQL : SQLITE;
}
