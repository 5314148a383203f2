/** Stable error codes of @ticketing/waiting-room. */
export type WaitingRoomErrorCode =
  | "E_INVALID_ARGUMENT"
  | "E_ROOM_NOT_FOUND"
  | "E_ROOM_ALREADY_OPEN"
  | "E_TICKET_NOT_FOUND"
  | "E_NOT_ADMITTED"
  | "E_JOIN_LIMIT"
  | "E_RECEIPT_INVALID"
  | "E_TOKEN_INVALID"
  | "E_TOKEN_EXPIRED"
  | "E_TOKEN_WRONG_USER"
  | "E_TOKEN_WRONG_EVENT"
  | "E_TOKEN_USED"
  | "E_INVENTORY"
  | "E_CLOSED";

/** Base class of every error this package throws; `code` is stable, the message is not. */
export class WaitingRoomError extends Error {
  override readonly name: string = "WaitingRoomError";
  readonly code: WaitingRoomErrorCode;

  constructor(code: WaitingRoomErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Bad input (an argument, an option or a room setting), thrown before any I/O. */
export class WaitingRoomArgumentError extends WaitingRoomError {
  override readonly name = "WaitingRoomArgumentError";
  /** The argument or option that was refused, e.g. `"identity"` or `"settings.admitPerSecond"`. */
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, requirement: string) {
    super("E_INVALID_ARGUMENT", `${field} must be ${requirement} (got ${describe(value)})`);
    this.field = field;
    this.value = value;
  }
}

/** The event has no room in Redis: never configured, removed, or lost with Redis's data (see `recover`). */
export class RoomNotFoundError extends WaitingRoomError {
  override readonly name = "RoomNotFoundError";
  readonly eventId: string;

  constructor(eventId: string) {
    super("E_ROOM_NOT_FOUND", `event "${eventId}" has no waiting room`);
    this.eventId = eventId;
  }
}

/** `configure` tried to move the opening time of a room that has already opened. */
export class RoomAlreadyOpenError extends WaitingRoomError {
  override readonly name = "RoomAlreadyOpenError";
  readonly eventId: string;
  /** The opening time in force, in epoch ms. */
  readonly opensAt: number;

  constructor(eventId: string, opensAt: number) {
    super(
      "E_ROOM_ALREADY_OPEN",
      `the room of event "${eventId}" opened at ${new Date(opensAt).toISOString()}`,
    );
    this.eventId = eventId;
    this.opensAt = opensAt;
  }
}

/** `status`, `watch` or `settle` named an identity that holds no ticket for the event. */
export class TicketNotFoundError extends WaitingRoomError {
  override readonly name = "TicketNotFoundError";
  readonly eventId: string;
  readonly identity: string;

  constructor(eventId: string, identity: string) {
    super("E_TICKET_NOT_FOUND", `no ticket for "${identity}" in the room of event "${eventId}"`);
    this.eventId = eventId;
    this.identity = identity;
  }
}

/** `settle` named a ticket that is still waiting in line: only an admission can be settled. */
export class NotAdmittedError extends WaitingRoomError {
  override readonly name = "NotAdmittedError";
  readonly eventId: string;
  readonly identity: string;

  constructor(eventId: string, identity: string) {
    super("E_NOT_ADMITTED", `"${identity}" has not been admitted to event "${eventId}"`);
    this.eventId = eventId;
    this.identity = identity;
  }
}

/** The IP address has taken its share of new tickets for this event in the current window. */
export class JoinLimitError extends WaitingRoomError {
  override readonly name = "JoinLimitError";
  readonly eventId: string;
  readonly ip: string;
  readonly limit: number;
  /** When the window ends and the address may join again, in ms from now. */
  readonly retryAfterMs: number;

  constructor(eventId: string, ip: string, limit: number, retryAfterMs: number) {
    super("E_JOIN_LIMIT", `${ip} took ${limit} tickets for event "${eventId}"; retry in ${retryAfterMs} ms`);
    this.eventId = eventId;
    this.ip = ip;
    this.limit = limit;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A receipt presented to `join` is not one this room signed for that event and identity. */
export class ReceiptError extends WaitingRoomError {
  override readonly name = "ReceiptError";
  readonly eventId: string;
  readonly identity: string;

  constructor(eventId: string, identity: string) {
    super("E_RECEIPT_INVALID", `the receipt is not valid for "${identity}" in event "${eventId}"`);
    this.eventId = eventId;
    this.identity = identity;
  }
}

export type AdmissionTokenErrorCode = Extract<
  WaitingRoomErrorCode,
  "E_TOKEN_INVALID" | "E_TOKEN_EXPIRED" | "E_TOKEN_WRONG_USER" | "E_TOKEN_WRONG_EVENT" | "E_TOKEN_USED"
>;

/**
 * An admission token was refused: malformed or not signed by this room (`E_TOKEN_INVALID`), past its `exp`
 * (`E_TOKEN_EXPIRED`), issued to another identity (`E_TOKEN_WRONG_USER`) or event (`E_TOKEN_WRONG_EVENT`), or already
 * settled (`E_TOKEN_USED`).
 */
export class AdmissionTokenError extends WaitingRoomError {
  override readonly name = "AdmissionTokenError";
  /** The event the caller expected the token for. */
  readonly eventId: string;
  /** The identity the caller expected the token for. */
  readonly identity: string;

  constructor(
    code: AdmissionTokenErrorCode,
    eventId: string,
    identity: string,
    options?: { cause?: unknown },
  ) {
    super(
      code,
      `admission token refused for "${identity}" in event "${eventId}": ${TOKEN_REASONS[code]}`,
      options,
    );
    this.eventId = eventId;
    this.identity = identity;
  }
}

const TOKEN_REASONS = {
  E_TOKEN_INVALID: "not a token this room signed",
  E_TOKEN_EXPIRED: "expired",
  E_TOKEN_WRONG_USER: "issued to another identity",
  E_TOKEN_WRONG_EVENT: "issued for another event",
  E_TOKEN_USED: "already settled",
} satisfies Record<AdmissionTokenErrorCode, string>;

/** The service's `inventory` port threw or answered something other than a whole number of seats ≥ 0. */
export class InventoryError extends WaitingRoomError {
  override readonly name = "InventoryError";
  readonly eventId: string;
  /** What the port answered, when it answered. */
  readonly answer: unknown;

  constructor(eventId: string, answer: unknown, options?: { cause?: unknown }) {
    super(
      "E_INVENTORY",
      options?.cause === undefined
        ? `inventory("${eventId}") answered ${describe(answer)}, not a whole number of seats >= 0`
        : `inventory("${eventId}") failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`,
      options,
    );
    this.eventId = eventId;
    this.answer = answer;
  }
}

/** The room was closed; no further operation is accepted. */
export class RoomClosedError extends WaitingRoomError {
  override readonly name = "RoomClosedError";

  constructor() {
    super("E_CLOSED", "the waiting room is closed");
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (value instanceof Date) return `Date(${value.getTime()})`;
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
