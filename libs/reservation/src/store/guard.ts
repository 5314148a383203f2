import { ReservationError, UnavailableError } from "../errors.js";
import { classifyDbError } from "./db-errors.js";

/** A failure of the database (or Redis) as the domain error callers can act on: E_UNAVAILABLE, retryable. */
export function unavailable(error: unknown): ReservationError {
  if (error instanceof ReservationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const kind = classifyDbError(error);
  return new UnavailableError(
    kind === "other" && /redis|socket/i.test(message) ? "redis" : "database",
    message,
    error,
  );
}

/** Runs a storage call; anything but a domain error becomes E_UNAVAILABLE. */
export async function guardDb<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw unavailable(error);
  }
}
