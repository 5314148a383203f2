/** Every stable error code of this package, e.g. to check at build time that a mapping table covers them all. */
export const RESERVATION_ERROR_CODES = [
  "E_INVALID_INPUT",
  "E_EVENT_NOT_FOUND",
  "E_RESERVATION_NOT_FOUND",
  "E_SOLD_OUT",
  "E_INSUFFICIENT_SEATS",
  "E_SEATS_HELD",
  "E_HOLD_EXPIRED",
  "E_ALREADY_CONFIRMED",
  "E_NOT_A_HOLD",
  "E_RESERVATION_CANCELLED",
  "E_PER_USER_LIMIT",
  "E_FORBIDDEN",
  "E_EVENT_PAST",
  "E_IDEMPOTENCY_CONFLICT",
  "E_UNAVAILABLE",
  "E_DATABASE_UNSUPPORTED",
  "E_MIGRATION_LOCKED",
  "E_DRIVER_MISSING",
] as const;

export type ReservationErrorCode = (typeof RESERVATION_ERROR_CODES)[number];

export interface InputIssue {
  path: string;
  message: string;
}

/** Base class of every error thrown by @ticketing/reservation; `code` is stable, messages are not. */
export class ReservationError extends Error {
  readonly code: ReservationErrorCode;

  constructor(code: ReservationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "ReservationError";
  }
}

/** Input failed validation; nothing was read or written. */
export class InvalidInputError extends ReservationError {
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    super("E_INVALID_INPUT", `invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
    this.name = "InvalidInputError";
    this.issues = issues;
  }
}

export class EventNotFoundError extends ReservationError {
  readonly eventId: string;

  constructor(eventId: string) {
    super("E_EVENT_NOT_FOUND", `event ${eventId} does not exist`);
    this.name = "EventNotFoundError";
    this.eventId = eventId;
  }
}

export class ReservationNotFoundError extends ReservationError {
  readonly reservationId: string;

  constructor(reservationId: string) {
    super("E_RESERVATION_NOT_FOUND", `reservation ${reservationId} does not exist`);
    this.name = "ReservationNotFoundError";
    this.reservationId = reservationId;
  }
}

/** No seats left (E_SOLD_OUT) or fewer left than asked for (E_INSUFFICIENT_SEATS), as the database says. */
export class SeatsUnavailableError extends ReservationError {
  readonly eventId: string;
  readonly requested: number;
  readonly available: number;

  constructor(eventId: string, requested: number, available: number) {
    super(
      available <= 0 ? "E_SOLD_OUT" : "E_INSUFFICIENT_SEATS",
      available <= 0
        ? `event ${eventId} is sold out`
        : `event ${eventId} has ${available} seats left, ${requested} requested`,
    );
    this.name = available <= 0 ? "SoldOutError" : "InsufficientSeatsError";
    this.eventId = eventId;
    this.requested = requested;
    this.available = Math.max(0, available);
  }
}

/**
 * Not enough seats are free, but enough are held by buyers who have not paid yet and may come back when their holds
 * expire: not a sold-out. `retryAt` is the earliest expiry of those holds (the database's clock).
 */
export class SeatsHeldError extends ReservationError {
  readonly eventId: string;
  readonly requested: number;
  /** Seats free now (fewer than requested). */
  readonly available: number;
  /** Seats in holds that are not confirmed yet. */
  readonly held: number;
  /** When the first of those holds expires; asking again from then on may succeed. */
  readonly retryAt: Date;

  constructor(eventId: string, requested: number, available: number, held: number, retryAt: Date) {
    super(
      "E_SEATS_HELD",
      `event ${eventId} has ${available} seats free and ${held} held by other buyers; the first hold expires at ${retryAt.toISOString()}`,
    );
    this.name = "SeatsHeldError";
    this.eventId = eventId;
    this.requested = requested;
    this.available = Math.max(0, available);
    this.held = held;
    this.retryAt = retryAt;
  }
}

/** The hold ended before it was confirmed: its seats went back on sale. */
export class HoldExpiredError extends ReservationError {
  readonly reservationId: string;
  readonly expiresAt: Date;

  constructor(reservationId: string, expiresAt: Date) {
    super("E_HOLD_EXPIRED", `the hold ${reservationId} expired at ${expiresAt.toISOString()}`);
    this.name = "HoldExpiredError";
    this.reservationId = reservationId;
    this.expiresAt = expiresAt;
  }
}

/** The hold was already confirmed with another payment reference. */
export class AlreadyConfirmedError extends ReservationError {
  readonly reservationId: string;

  constructor(reservationId: string) {
    super(
      "E_ALREADY_CONFIRMED",
      `reservation ${reservationId} was already confirmed with another payment reference`,
    );
    this.name = "AlreadyConfirmedError";
    this.reservationId = reservationId;
  }
}

/** Only a hold can be confirmed; this reservation was confirmed when it was made (its event has no holds). */
export class NotAHoldError extends ReservationError {
  readonly reservationId: string;

  constructor(reservationId: string) {
    super("E_NOT_A_HOLD", `reservation ${reservationId} is not a hold; it was confirmed when it was made`);
    this.name = "NotAHoldError";
    this.reservationId = reservationId;
  }
}

/** The reservation was cancelled, so it can no longer be confirmed. */
export class ReservationCancelledError extends ReservationError {
  readonly reservationId: string;

  constructor(reservationId: string) {
    super("E_RESERVATION_CANCELLED", `reservation ${reservationId} was cancelled`);
    this.name = "ReservationCancelledError";
    this.reservationId = reservationId;
  }
}

export class PerUserLimitError extends ReservationError {
  readonly eventId: string;
  readonly limit: number;
  readonly held: number;
  readonly requested: number;

  constructor(eventId: string, limit: number, held: number, requested: number) {
    super(
      "E_PER_USER_LIMIT",
      `event ${eventId} allows ${limit} seats per user; ${held} held, ${requested} requested`,
    );
    this.name = "PerUserLimitError";
    this.eventId = eventId;
    this.limit = limit;
    this.held = held;
    this.requested = requested;
  }
}

export class ForbiddenError extends ReservationError {
  readonly userId: string;
  readonly action: string;

  constructor(userId: string, action: string) {
    super("E_FORBIDDEN", `user ${userId} may not ${action}`);
    this.name = "ForbiddenError";
    this.userId = userId;
    this.action = action;
  }
}

export class EventPastError extends ReservationError {
  readonly eventId: string;
  readonly eventDate: Date;

  constructor(eventId: string, eventDate: Date) {
    super("E_EVENT_PAST", `event ${eventId} took place on ${eventDate.toISOString()}`);
    this.name = "EventPastError";
    this.eventId = eventId;
    this.eventDate = eventDate;
  }
}

/** The idempotency key was used before for a different request. */
export class IdempotencyConflictError extends ReservationError {
  readonly idempotencyKey: string;
  readonly reservationId: string;

  constructor(idempotencyKey: string, reservationId: string) {
    super(
      "E_IDEMPOTENCY_CONFLICT",
      `idempotency key ${idempotencyKey} was already used for reservation ${reservationId} with a different request`,
    );
    this.name = "IdempotencyConflictError";
    this.idempotencyKey = idempotencyKey;
    this.reservationId = reservationId;
  }
}

/** The database or Redis could not be reached or failed; nothing was confirmed. Safe to retry (with an idempotency key). */
export class UnavailableError extends ReservationError {
  readonly dependency: "database" | "redis";

  constructor(dependency: "database" | "redis", message: string, cause?: unknown) {
    super("E_UNAVAILABLE", `${dependency} unavailable: ${message}`, { cause });
    this.name = "UnavailableError";
    this.dependency = dependency;
  }
}

/**
 * The database cannot keep the engine's guarantees as it is configured, so the engine refuses to start: CHECK
 * constraints are not enforced (MySQL before 8.0.16, MariaDB with check_constraint_checks off), or no collation that
 * compares text byte for byte exists. Not retryable: an operator must change the database.
 */
export class DatabaseUnsupportedError extends ReservationError {
  readonly requirement: "check-constraints" | "exact-collation";

  constructor(requirement: "check-constraints" | "exact-collation", message: string, cause?: unknown) {
    super("E_DATABASE_UNSUPPORTED", message, { cause });
    this.name = "DatabaseUnsupportedError";
    this.requirement = requirement;
  }
}

/**
 * Another instance held the migration lock longer than the engine waits (a migration that hangs, or a session that
 * holds the lock and never ends). Not retryable as such: find and end that session, then start again.
 */
export class MigrationLockError extends ReservationError {
  readonly lock: string;
  readonly waitedSeconds: number;

  constructor(lock: string, waitedSeconds: number) {
    super(
      "E_MIGRATION_LOCKED",
      `another session held the migration lock ${lock} for more than ${waitedSeconds} s; end it and start again`,
    );
    this.name = "MigrationLockError";
    this.lock = lock;
    this.waitedSeconds = waitedSeconds;
  }
}

/** An optional driver the configuration asks for is not installed (`npm install <packageName>`). Not retryable. */
export class DriverMissingError extends ReservationError {
  readonly packageName: string;

  constructor(packageName: string, cause: unknown) {
    super(
      "E_DRIVER_MISSING",
      `the database driver "${packageName}" is not installed; run npm install ${packageName}`,
      { cause },
    );
    this.name = "DriverMissingError";
    this.packageName = packageName;
  }
}
