import { InvalidInputError, type InputIssue } from "./errors.js";
import type { Actor, CreateEventInput, ReserveInput, UpdateEventInput } from "./types.js";

/** Longest user id, idempotency key and event name accepted (fits an indexed utf8mb4 VARCHAR). */
export const MAX_ID_LENGTH = 191;
export const MAX_EVENT_NAME_LENGTH = 200;
export const MAX_TOTAL_SEATS = 10_000_000;

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
  checkString(issues, "eventName", input.eventName, MAX_EVENT_NAME_LENGTH);
  checkInteger(issues, "totalSeats", input.totalSeats, 1, MAX_TOTAL_SEATS);
  checkDate(issues, "eventDate", input.eventDate, now);
  if (input.maxPerUser !== undefined && input.maxPerUser !== null) {
    checkInteger(issues, "maxPerUser", input.maxPerUser, 1, MAX_TOTAL_SEATS);
  }
  issues.throwIfAny();
}

export function validateUpdateEvent(input: unknown, now: number): asserts input is UpdateEventInput {
  checkObject(input, "update");
  const issues = new Issues();
  if (input.eventName !== undefined) checkString(issues, "eventName", input.eventName, MAX_EVENT_NAME_LENGTH);
  if (input.totalSeats !== undefined)
    checkInteger(issues, "totalSeats", input.totalSeats, 1, MAX_TOTAL_SEATS);
  if (input.eventDate !== undefined) checkDate(issues, "eventDate", input.eventDate, now);
  if (input.maxPerUser !== undefined && input.maxPerUser !== null) {
    checkInteger(issues, "maxPerUser", input.maxPerUser, 1, MAX_TOTAL_SEATS);
  }
  issues.throwIfAny();
}

export function validateReserve(input: unknown, maxQuantity: number): asserts input is ReserveInput {
  checkObject(input, "reservation request");
  const issues = new Issues();
  checkString(issues, "eventId", input.eventId, MAX_ID_LENGTH);
  checkString(issues, "userId", input.userId, MAX_ID_LENGTH);
  checkInteger(issues, "quantity", input.quantity, 1, maxQuantity);
  if (input.idempotencyKey !== undefined) {
    checkString(issues, "idempotencyKey", input.idempotencyKey, MAX_ID_LENGTH);
  }
  issues.throwIfAny();
}

export function validateId(value: unknown, path: string): asserts value is string {
  const issues = new Issues();
  checkString(issues, path, value, MAX_ID_LENGTH);
  issues.throwIfAny();
}

export function validateActor(actor: unknown): asserts actor is Actor {
  checkObject(actor, "actor");
  const issues = new Issues();
  checkString(issues, "actor.userId", actor.userId, MAX_ID_LENGTH);
  if (actor.role !== "user" && actor.role !== "admin") {
    issues.add("actor.role", `must be "user" or "admin", got ${describe(actor.role)}`);
  }
  issues.throwIfAny();
}

export function validatePage(page: unknown): asserts page is { limit?: number; cursor?: string | null } {
  if (page === undefined) return;
  checkObject(page, "page");
  const issues = new Issues();
  if (page.limit !== undefined) checkInteger(issues, "limit", page.limit, 1, 100);
  if (page.cursor !== undefined && page.cursor !== null) checkString(issues, "cursor", page.cursor, 500);
  issues.throwIfAny();
}
