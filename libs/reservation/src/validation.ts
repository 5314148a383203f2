import { InvalidInputError, type InputIssue } from "./errors.js";
import { RESERVATION_LIMITS } from "./limits.js";
import type { Actor, ConfirmInput, CreateEventInput, ReserveInput, UpdateEventInput } from "./types.js";

const {
  userIdMaxLength,
  idempotencyKeyMaxLength,
  eventNameMaxLength,
  totalSeatsMax,
  pageLimitMax,
  holdSecondsMin,
  holdSecondsMax,
  paymentReferenceMaxLength,
} = RESERVATION_LIMITS;
/** Longest event or reservation id looked up; real ones are 36-character UUIDs. */
const ID_MAX_LENGTH = 191;

class Issues {
  readonly list: InputIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new InvalidInputError(this.list);
  }
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return value === null ? "null" : typeof value;
}

function checkInteger(issues: Issues, path: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    issues.add(path, `must be a number, got ${describe(value)}`);
  } else if (!Number.isInteger(value)) {
    issues.add(path, `must be a whole number, got ${value}`);
  } else if (value < min || value > max) {
    issues.add(path, `must be between ${min} and ${max}, got ${value}`);
  }
}

function checkString(issues: Issues, path: string, value: unknown, max: number): void {
  if (typeof value !== "string") issues.add(path, `must be a string, got ${describe(value)}`);
  else if (value.trim().length === 0) issues.add(path, "must not be empty");
  else if (value.length > max) issues.add(path, `must be at most ${max} characters, got ${value.length}`);
}

/**
 * A user id is compared byte for byte, so one that differs from another only by surrounding whitespace would be a
 * second user that looks like the first: refused, like an empty one.
 */
function userIdProblem(value: unknown): string | null {
  if (typeof value !== "string") return `must be a string, got ${describe(value)}`;
  if (value.trim().length === 0) return "must not be empty";
  if (value.trim() !== value) return "must not start or end with whitespace";
  if (value.length > userIdMaxLength) {
    return `must be at most ${userIdMaxLength} characters, got ${value.length}`;
  }
  return null;
}

function checkUserId(issues: Issues, path: string, value: unknown): void {
  const problem = userIdProblem(value);
  if (problem !== null) issues.add(path, problem);
}

/**
 * Whether the engine accepts `value` as a user id: a non-empty string of at most
 * `RESERVATION_LIMITS.userIdMaxLength` characters that neither starts nor ends with whitespace. For an app that
 * checks identities (a token's `sub`) before calling the engine.
 */
export function isUserId(value: unknown): value is string {
  return userIdProblem(value) === null;
}

function checkDate(issues: Issues, path: string, value: unknown, now: number): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    issues.add(path, `must be a valid Date, got ${describe(value)}`);
  } else if (value.getTime() <= now) {
    issues.add(path, `must be in the future, got ${value.toISOString()}`);
  } else if (value.getUTCFullYear() > 9999) {
    issues.add(path, "must be before year 10000");
  }
}

function checkObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidInputError([{ path: "", message: `${what} must be an object, got ${describe(value)}` }]);
  }
}

export function validateCreateEvent(input: unknown, now: number): asserts input is CreateEventInput {
  checkObject(input, "event");
  const issues = new Issues();
  checkString(issues, "eventName", input.eventName, eventNameMaxLength);
  checkInteger(issues, "totalSeats", input.totalSeats, 1, totalSeatsMax);
  checkDate(issues, "eventDate", input.eventDate, now);
  if (input.maxPerUser !== undefined && input.maxPerUser !== null) {
    checkInteger(issues, "maxPerUser", input.maxPerUser, 1, totalSeatsMax);
  }
  checkHoldSeconds(issues, input.holdSeconds);
  issues.throwIfAny();
}

function checkHoldSeconds(issues: Issues, value: unknown): void {
  if (value !== undefined && value !== null) {
    checkInteger(issues, "holdSeconds", value, holdSecondsMin, holdSecondsMax);
  }
}

export function validateUpdateEvent(input: unknown, now: number): asserts input is UpdateEventInput {
  checkObject(input, "update");
  const issues = new Issues();
  if (input.eventName !== undefined) checkString(issues, "eventName", input.eventName, eventNameMaxLength);
  if (input.totalSeats !== undefined) checkInteger(issues, "totalSeats", input.totalSeats, 1, totalSeatsMax);
  if (input.eventDate !== undefined) checkDate(issues, "eventDate", input.eventDate, now);
  if (input.maxPerUser !== undefined && input.maxPerUser !== null) {
    checkInteger(issues, "maxPerUser", input.maxPerUser, 1, totalSeatsMax);
  }
  checkHoldSeconds(issues, input.holdSeconds);
  issues.throwIfAny();
}

export function validateReserve(
  input: unknown,
  maxQuantity: number,
  { keyRequired = false } = {},
): asserts input is ReserveInput {
  checkObject(input, "reservation request");
  const issues = new Issues();
  checkString(issues, "eventId", input.eventId, ID_MAX_LENGTH);
  checkUserId(issues, "userId", input.userId);
  checkInteger(issues, "quantity", input.quantity, 1, maxQuantity);
  if (keyRequired || input.idempotencyKey !== undefined) {
    checkString(issues, "idempotencyKey", input.idempotencyKey, idempotencyKeyMaxLength);
  }
  issues.throwIfAny();
}

export function validateConfirm(input: unknown): asserts input is ConfirmInput {
  checkObject(input, "confirmation");
  const issues = new Issues();
  checkString(issues, "paymentReference", input.paymentReference, paymentReferenceMaxLength);
  issues.throwIfAny();
}

export function validateId(value: unknown, path: string): asserts value is string {
  const issues = new Issues();
  checkString(issues, path, value, ID_MAX_LENGTH);
  issues.throwIfAny();
}

export function validateUserId(value: unknown, path: string): asserts value is string {
  const issues = new Issues();
  checkUserId(issues, path, value);
  issues.throwIfAny();
}

export function validateActor(actor: unknown): asserts actor is Actor {
  checkObject(actor, "actor");
  const issues = new Issues();
  checkUserId(issues, "actor.userId", actor.userId);
  if (actor.role !== "user" && actor.role !== "admin") {
    issues.add("actor.role", `must be "user" or "admin", got ${describe(actor.role)}`);
  }
  issues.throwIfAny();
}

export function validatePage(page: unknown): asserts page is { limit?: number; cursor?: string | null } {
  if (page === undefined) return;
  checkObject(page, "page");
  const issues = new Issues();
  if (page.limit !== undefined) checkInteger(issues, "limit", page.limit, 1, pageLimitMax);
  if (page.cursor !== undefined && page.cursor !== null)
    checkString(issues, "cursor", page.cursor, RESERVATION_LIMITS.cursorMaxLength);
  issues.throwIfAny();
}
