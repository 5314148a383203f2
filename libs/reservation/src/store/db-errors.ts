/** How a failed statement should be handled: the row is at fault, the connection is, or we cannot tell. */
export type DbFailure = "duplicate" | "constraint" | "connection" | "other";

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
const CONNECTION_ERRNOS = new Set([1053, 1317, 1927, 2002, 2003, 2006, 2013, 1040, 1927, 4031]);

function driverError(error: unknown): { code?: unknown; errno?: unknown; message?: unknown } {
  const e = error as { driverError?: unknown } | null;
  return ((e && typeof e === "object" && "driverError" in e ? e.driverError : e) ?? {}) as never;
}

export function classifyDbError(error: unknown): DbFailure {
  const inner = driverError(error);
  const code = typeof inner.code === "string" ? inner.code : "";
  const errno = typeof inner.errno === "number" ? inner.errno : 0;
  const message = String(inner.message ?? (error as Error)?.message ?? "");
  if (code === "ER_DUP_ENTRY" || errno === 1062 || message.includes("UNIQUE constraint failed"))
    return "duplicate";
  if (CONNECTION_CODES.has(code) || CONNECTION_ERRNOS.has(errno)) return "connection";
  if (
    /closed state|Connection lost|connection is in closed|Pool is closed|Can't add new command/i.test(message)
  ) {
    return "connection";
  }
  if (
    errno === 3819 ||
    errno === 4025 ||
    errno === 1644 ||
    errno === 1452 ||
    errno === 1264 ||
    message.includes("CHECK constraint failed") ||
    message.includes("FOREIGN KEY constraint failed")
  ) {
    return "constraint";
  }
  return "other";
}

/** A deadlock victim or lock-wait timeout: the transaction was rolled back and can simply run again. */
export function isLockConflict(error: unknown): boolean {
  const inner = driverError(error);
  return (
    inner.errno === 1213 ||
    inner.errno === 1205 ||
    inner.code === "ER_LOCK_DEADLOCK" ||
    inner.code === "ER_LOCK_WAIT_TIMEOUT"
  );
}

/**
 * The batch write's seat guard refused: the event has fewer seats left than the batch takes (its CHECK constraint),
 * or the event does not exist (the reservation's foreign key).
 */
export function isSeatGuardRefusal(error: unknown): boolean {
  const message = String(driverError(error).message ?? "");
  return /chk_events_available|fk_reservations_event|FOREIGN KEY constraint failed/.test(message);
}
