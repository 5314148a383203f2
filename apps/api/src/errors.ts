/** One problem type of the API: a stable code, its HTTP status and the RFC 9457 `type` and `title`. */
export interface ProblemType {
  readonly code: string;
  readonly status: number;
  readonly slug: string;
  readonly title: string;
}

const table = [
  { code: "E_INVALID_INPUT", status: 400, slug: "invalid-input", title: "The request is invalid" },
  { code: "E_MALFORMED_JSON", status: 400, slug: "malformed-json", title: "The body is not valid JSON" },
  {
    code: "E_UNAUTHENTICATED",
    status: 401,
    slug: "unauthenticated",
    title: "A valid bearer token is required",
  },
  { code: "E_FORBIDDEN", status: 403, slug: "forbidden", title: "You may not do this" },
  { code: "E_NOT_FOUND", status: 404, slug: "not-found", title: "No such resource" },
  { code: "E_EVENT_NOT_FOUND", status: 404, slug: "event-not-found", title: "No such event" },
  {
    code: "E_RESERVATION_NOT_FOUND",
    status: 404,
    slug: "reservation-not-found",
    title: "No such reservation",
  },
  { code: "E_SOLD_OUT", status: 409, slug: "sold-out", title: "The event is sold out" },
  { code: "E_INSUFFICIENT_SEATS", status: 409, slug: "insufficient-seats", title: "Not enough seats left" },
  { code: "E_PER_USER_LIMIT", status: 409, slug: "per-user-limit", title: "Per-user seat limit reached" },
  { code: "E_EVENT_PAST", status: 409, slug: "event-past", title: "The event has already taken place" },
  {
    code: "E_SEATS_HELD",
    status: 409,
    slug: "seats-held",
    title: "The seats left are held by other buyers; retry after Retry-After",
  },
  {
    code: "E_HOLD_EXPIRED",
    status: 409,
    slug: "hold-expired",
    title: "The hold expired before it was confirmed",
  },
  {
    code: "E_ALREADY_CONFIRMED",
    status: 409,
    slug: "already-confirmed",
    title: "The hold was confirmed with another payment reference",
  },
  {
    code: "E_NOT_A_HOLD",
    status: 409,
    slug: "not-a-hold",
    title: "The reservation was confirmed when it was made",
  },
  {
    code: "E_RESERVATION_CANCELLED",
    status: 409,
    slug: "reservation-cancelled",
    title: "The reservation is cancelled",
  },
  {
    code: "E_NOT_ADMITTED",
    status: 403,
    slug: "not-admitted",
    title: "This event sells through its waiting room: an admission token is required",
  },
  { code: "E_ADMISSION_EXPIRED", status: 403, slug: "admission-expired", title: "The admission has expired" },
  {
    code: "E_ADMISSION_MISMATCH",
    status: 403,
    slug: "admission-mismatch",
    title: "The admission token belongs to another user or event",
  },
  {
    code: "E_ADMISSION_USED",
    status: 409,
    slug: "admission-used",
    title: "The admission token was used already",
  },
  {
    code: "E_ROOM_ALREADY_OPEN",
    status: 409,
    slug: "room-already-open",
    title: "The waiting room has opened: its opening time can no longer change",
  },
  {
    code: "E_NO_WAITING_ROOM",
    status: 404,
    slug: "no-waiting-room",
    title: "This event has no waiting room",
  },
  {
    code: "E_TICKET_NOT_FOUND",
    status: 404,
    slug: "ticket-not-found",
    title: "You have not joined this event's waiting room",
  },
  {
    code: "E_STILL_WAITING",
    status: 409,
    slug: "still-waiting",
    title: "You are still in line: there is no admission to give up",
  },
  {
    code: "E_RECEIPT_INVALID",
    status: 400,
    slug: "receipt-invalid",
    title: "The waiting-room receipt is not valid",
  },
  { code: "E_PAYLOAD_TOO_LARGE", status: 413, slug: "payload-too-large", title: "The body is too large" },
  {
    code: "E_UNSUPPORTED_MEDIA_TYPE",
    status: 415,
    slug: "unsupported-media-type",
    title: "Send application/json",
  },
  {
    code: "E_IDEMPOTENCY_CONFLICT",
    status: 422,
    slug: "idempotency-conflict",
    title: "The Idempotency-Key was used for a different request",
  },
  { code: "E_RATE_LIMITED", status: 429, slug: "rate-limited", title: "Too many requests" },
  {
    code: "E_JOIN_LIMIT",
    status: 429,
    slug: "join-limit",
    title: "Too many buyers joined from your address; retry after Retry-After",
  },
  { code: "E_INTERNAL", status: 500, slug: "internal", title: "Internal server error" },
  { code: "E_UNAVAILABLE", status: 503, slug: "unavailable", title: "Service temporarily unavailable" },
] as const satisfies readonly ProblemType[];

export type ProblemCode = (typeof table)[number]["code"];

/** Every problem type by code. */
export const PROBLEM_TYPES: ReadonlyMap<string, ProblemType> = new Map(
  table.map((entry) => [entry.code, entry]),
);

/** The `type` URI of a problem: an anchor on the docs page describing it. */
export function problemTypeUri(type: ProblemType): string {
  return `/api/docs#${type.slug}`;
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** An error raised by the HTTP layer itself (auth, validation, media type, rate limit). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly issues: readonly FieldIssue[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: ProblemCode,
    message: string,
    options: { issues?: readonly FieldIssue[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }
}
