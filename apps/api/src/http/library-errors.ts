import { CacheError, type CacheErrorCode } from "@ticketing/cache";
import { LockError } from "@ticketing/lock";
import { RateLimitStoreError, type RateLimitStoreErrorCode } from "@ticketing/rate-limit-store";
import { RedisScriptError, type RedisScriptErrorCode } from "@ticketing/redis-script";
import { ReservationError, SeatsHeldError, type ReservationErrorCode } from "@ticketing/reservation";
import { JoinLimitError, WaitingRoomError, type WaitingRoomErrorCode } from "@ticketing/waiting-room";
import type { ProblemCode } from "../errors.js";

/** The codes of @ticketing/lock's errors (the package exports the classes but no union of their codes). */
export type LockErrorCode =
  | "E_LOCK_INVALID_ARGUMENT"
  | "E_LOCK_TIMEOUT"
  | "E_LOCK_ABORTED"
  | "E_LOCK_LOST"
  | "E_LOCK_NOT_OWNED"
  | "E_LOCK_QUORUM"
  | "E_LOCK_UNAVAILABLE"
  | "E_LOCK_CLOSED";

export type LibraryErrorCode =
  | ReservationErrorCode
  | CacheErrorCode
  | LockErrorCode
  | RedisScriptErrorCode
  | WaitingRoomErrorCode
  | RateLimitStoreErrorCode;

/**
 * The problem every library error code is answered with. A bad id or key that reached a library is the caller's
 * input (400); a dependency that is slow, down, closing or lost a lock is worth a retry (503); a script or option
 * the app got wrong, or a database the engine cannot run on, is a bug or a misconfiguration (500). A new code in a library without a row here fails the build.
 */
export const LIBRARY_PROBLEMS = {
  E_INVALID_INPUT: "E_INVALID_INPUT",
  E_EVENT_NOT_FOUND: "E_EVENT_NOT_FOUND",
  E_RESERVATION_NOT_FOUND: "E_RESERVATION_NOT_FOUND",
  E_SOLD_OUT: "E_SOLD_OUT",
  E_INSUFFICIENT_SEATS: "E_INSUFFICIENT_SEATS",
  E_PER_USER_LIMIT: "E_PER_USER_LIMIT",
  E_FORBIDDEN: "E_FORBIDDEN",
  E_EVENT_PAST: "E_EVENT_PAST",
  E_IDEMPOTENCY_CONFLICT: "E_IDEMPOTENCY_CONFLICT",
  E_SEATS_HELD: "E_SEATS_HELD",
  E_HOLD_EXPIRED: "E_HOLD_EXPIRED",
  E_ALREADY_CONFIRMED: "E_ALREADY_CONFIRMED",
  E_NOT_A_HOLD: "E_NOT_A_HOLD",
  E_RESERVATION_CANCELLED: "E_RESERVATION_CANCELLED",
  E_UNAVAILABLE: "E_UNAVAILABLE",
  E_DATABASE_UNSUPPORTED: "E_INTERNAL",
  E_MIGRATION_LOCKED: "E_INTERNAL",
  E_DRIVER_MISSING: "E_INTERNAL",

  E_INVALID_KEY: "E_INVALID_INPUT",
  E_INVALID_TTL: "E_INTERNAL",
  E_INVALID_OPTION: "E_INTERNAL",
  E_NOT_SERIALIZABLE: "E_INTERNAL",
  E_LOAD_TIMEOUT: "E_UNAVAILABLE",
  E_CLOSED: "E_UNAVAILABLE",

  E_LOCK_INVALID_ARGUMENT: "E_INVALID_INPUT",
  E_LOCK_TIMEOUT: "E_UNAVAILABLE",
  E_LOCK_ABORTED: "E_UNAVAILABLE",
  E_LOCK_LOST: "E_UNAVAILABLE",
  E_LOCK_NOT_OWNED: "E_UNAVAILABLE",
  E_LOCK_QUORUM: "E_UNAVAILABLE",
  E_LOCK_UNAVAILABLE: "E_UNAVAILABLE",
  E_LOCK_CLOSED: "E_UNAVAILABLE",

  E_SCRIPT_KEYS: "E_INTERNAL",
  E_SCRIPT_REPLY: "E_INTERNAL",

  E_INVALID_ARGUMENT: "E_INVALID_INPUT",
  E_ROOM_NOT_FOUND: "E_NO_WAITING_ROOM",
  E_ROOM_ALREADY_OPEN: "E_ROOM_ALREADY_OPEN",
  E_TICKET_NOT_FOUND: "E_TICKET_NOT_FOUND",
  E_NOT_ADMITTED: "E_NOT_ADMITTED",
  E_JOIN_LIMIT: "E_JOIN_LIMIT",
  E_RECEIPT_INVALID: "E_RECEIPT_INVALID",
  E_TOKEN_INVALID: "E_NOT_ADMITTED",
  E_TOKEN_EXPIRED: "E_ADMISSION_EXPIRED",
  E_TOKEN_WRONG_USER: "E_ADMISSION_MISMATCH",
  E_TOKEN_WRONG_EVENT: "E_ADMISSION_MISMATCH",
  E_TOKEN_USED: "E_ADMISSION_USED",
  E_INVENTORY: "E_UNAVAILABLE",

  E_RATE_LIMIT_INVALID_OPTION: "E_INTERNAL",
  E_RATE_LIMIT_UNAVAILABLE: "E_UNAVAILABLE",
} as const satisfies Record<LibraryErrorCode, ProblemCode>;

export type LibraryError =
  ReservationError | CacheError | LockError | RedisScriptError | WaitingRoomError | RateLimitStoreError;

/** The problem code of an error thrown by one of the libraries, or undefined for anything else. */
export function libraryProblem(error: unknown): ProblemCode | undefined {
  if (!(
    error instanceof ReservationError ||
    error instanceof CacheError ||
    error instanceof LockError ||
    error instanceof RedisScriptError ||
    error instanceof WaitingRoomError ||
    error instanceof RateLimitStoreError
  ))
    return undefined;
  return Object.hasOwn(LIBRARY_PROBLEMS, error.code)
    ? LIBRARY_PROBLEMS[error.code as LibraryErrorCode]
    : "E_INTERNAL";
}

/** Seconds until a refused request may succeed, for the Retry-After header of errors that say when. */
export function libraryRetryAfter(error: unknown, now = Date.now()): number | undefined {
  const ms =
    error instanceof SeatsHeldError
      ? error.retryAt.getTime() - now
      : error instanceof JoinLimitError
        ? error.retryAfterMs
        : undefined;
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
}
