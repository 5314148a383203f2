import { ReservationError, UnavailableError } from "../errors.js";

/**
 * A failure of a dependency as the domain error callers can act on: E_UNAVAILABLE, retryable. The caller names the
 * dependency it called; a domain error passes unchanged.
 */
export function unavailable(dependency: "database" | "redis", error: unknown): ReservationError {
  if (error instanceof ReservationError) return error;
  return new UnavailableError(dependency, error instanceof Error ? error.message : String(error), error);
}

/** Runs a database call; anything but a domain error becomes E_UNAVAILABLE (database). */
export async function guardDb<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw unavailable("database", error);
  }
}
