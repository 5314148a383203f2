import {
  CacheClosedError,
  CacheInputError,
  CacheLoadTimeoutError,
  CacheSerializationError,
} from "@ticketing/cache";
import {
  LockAbortedError,
  LockArgumentError,
  LockClosedError,
  LockLostError,
  LockNotOwnedError,
  LockQuorumError,
  LockTimeoutError,
  LockUnavailableError,
} from "@ticketing/lock";
import { RateLimitStoreOptionError, RateLimitStoreUnavailableError } from "@ticketing/rate-limit-store";
import { ScriptKeysError, ScriptReplyError } from "@ticketing/redis-script";
import {
  AdmissionTokenError,
  InventoryError,
  JoinLimitError,
  NotAdmittedError,
  ReceiptError,
  RoomAlreadyOpenError,
  RoomClosedError,
  RoomNotFoundError,
  TicketNotFoundError,
  WaitingRoomArgumentError,
} from "@ticketing/waiting-room";
import {
  AlreadyConfirmedError,
  DatabaseUnsupportedError,
  DriverMissingError,
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  HoldExpiredError,
  IdempotencyConflictError,
  InvalidInputError,
  MigrationLockError,
  NotAHoldError,
  PerUserLimitError,
  ReservationCancelledError,
  ReservationNotFoundError,
  SeatsHeldError,
  SeatsUnavailableError,
  UnavailableError,
} from "@ticketing/reservation";
import { LIBRARY_PROBLEMS } from "../../src/http/library-errors.js";
import { classify } from "../../src/http/problem.js";

const inOneMinute = () => new Date(Date.now() + 60_000);

const cause = new Error("ECONNREFUSED 127.0.0.1:6379");

const cases: [string, Error, number, string][] = [
  [
    "invalid input",
    new InvalidInputError([{ path: "quantity", message: "too big" }]),
    400,
    "E_INVALID_INPUT",
  ],
  ["unknown event", new EventNotFoundError("e1"), 404, "E_EVENT_NOT_FOUND"],
  ["unknown reservation", new ReservationNotFoundError("r1"), 404, "E_RESERVATION_NOT_FOUND"],
  ["sold out", new SeatsUnavailableError("e1", 1, 0), 409, "E_SOLD_OUT"],
  ["too few seats", new SeatsUnavailableError("e1", 3, 2), 409, "E_INSUFFICIENT_SEATS"],
  ["per-user limit", new PerUserLimitError("e1", 2, 2, 1), 409, "E_PER_USER_LIMIT"],
  ["another user's reservation", new ForbiddenError("bob", "cancel r1"), 403, "E_FORBIDDEN"],
  ["a past event", new EventPastError("e1", new Date(0)), 409, "E_EVENT_PAST"],
  ["seats held by others", new SeatsHeldError("e1", 2, 1, 3, inOneMinute()), 409, "E_SEATS_HELD"],
  ["a hold that expired", new HoldExpiredError("r1", new Date(0)), 409, "E_HOLD_EXPIRED"],
  ["a hold confirmed with another payment", new AlreadyConfirmedError("r1"), 409, "E_ALREADY_CONFIRMED"],
  ["confirming what was never held", new NotAHoldError("r1"), 409, "E_NOT_A_HOLD"],
  ["confirming a cancelled reservation", new ReservationCancelledError("r1"), 409, "E_RESERVATION_CANCELLED"],
  [
    "a bad waiting-room argument",
    new WaitingRoomArgumentError("ip", "x".repeat(99), "at most 64"),
    400,
    "E_INVALID_INPUT",
  ],
  ["an event without a waiting room", new RoomNotFoundError("e1"), 404, "E_NO_WAITING_ROOM"],
  ["moving the opening of an open room", new RoomAlreadyOpenError("e1", 0), 409, "E_ROOM_ALREADY_OPEN"],
  ["a buyer who never joined", new TicketNotFoundError("e1", "bob"), 404, "E_TICKET_NOT_FOUND"],
  ["settling a buyer still in line", new NotAdmittedError("e1", "bob"), 403, "E_NOT_ADMITTED"],
  ["too many joins from one address", new JoinLimitError("e1", "203.0.113.9", 20, 1500), 429, "E_JOIN_LIMIT"],
  ["a receipt the room did not sign", new ReceiptError("e1", "bob"), 400, "E_RECEIPT_INVALID"],
  [
    "a forged admission token",
    new AdmissionTokenError("E_TOKEN_INVALID", "e1", "bob"),
    403,
    "E_NOT_ADMITTED",
  ],
  [
    "an admission that expired",
    new AdmissionTokenError("E_TOKEN_EXPIRED", "e1", "bob"),
    403,
    "E_ADMISSION_EXPIRED",
  ],
  [
    "another user's admission",
    new AdmissionTokenError("E_TOKEN_WRONG_USER", "e1", "bob"),
    403,
    "E_ADMISSION_MISMATCH",
  ],
  [
    "another event's admission",
    new AdmissionTokenError("E_TOKEN_WRONG_EVENT", "e1", "bob"),
    403,
    "E_ADMISSION_MISMATCH",
  ],
  [
    "an admission used already",
    new AdmissionTokenError("E_TOKEN_USED", "e1", "bob"),
    409,
    "E_ADMISSION_USED",
  ],
  ["the inventory port failing", new InventoryError("e1", "NaN"), 503, "E_UNAVAILABLE"],
  ["a closed waiting room", new RoomClosedError(), 503, "E_UNAVAILABLE"],
  ["a reused idempotency key", new IdempotencyConflictError("k", "r1"), 422, "E_IDEMPOTENCY_CONFLICT"],
  ["the database down", new UnavailableError("database", "down", cause), 503, "E_UNAVAILABLE"],
  [
    "a database without CHECK constraints",
    new DatabaseUnsupportedError("check-constraints", "CHECK is not enforced"),
    500,
    "E_INTERNAL",
  ],
  ["a migration lock never obtained", new MigrationLockError("reservation_migrate", 60), 500, "E_INTERNAL"],
  ["a missing database driver", new DriverMissingError("sql.js", cause), 500, "E_INTERNAL"],
  [
    "a cache key too long",
    new CacheInputError("E_INVALID_KEY", "key", "k".repeat(2000), "is too long"),
    400,
    "E_INVALID_INPUT",
  ],
  [
    "a cache ttl the app got wrong",
    new CacheInputError("E_INVALID_TTL", "ttl", -1, "must be > 0"),
    500,
    "E_INTERNAL",
  ],
  [
    "a cache option the app got wrong",
    new CacheInputError("E_INVALID_OPTION", "l1.maxEntries", -1, "must be positive"),
    500,
    "E_INTERNAL",
  ],
  ["a value the cache cannot store", new CacheSerializationError("k", "a function"), 500, "E_INTERNAL"],
  ["a cache loader past its timeout", new CacheLoadTimeoutError("k", 1000), 503, "E_UNAVAILABLE"],
  ["a closed cache", new CacheClosedError("reservation"), 503, "E_UNAVAILABLE"],
  [
    "a lock resource too long",
    new LockArgumentError("resource", "r".repeat(2000), "at most 1000 characters"),
    400,
    "E_INVALID_INPUT",
  ],
  ["a lock wait that timed out", new LockTimeoutError(["r"], 100, 3), 503, "E_UNAVAILABLE"],
  ["an aborted lock wait", new LockAbortedError(["r"], 10, cause), 503, "E_UNAVAILABLE"],
  ["a lost lock", new LockLostError(["r"], "t", "expired", 100), 503, "E_UNAVAILABLE"],
  ["a lock no longer owned", new LockNotOwnedError(["r"], "t"), 503, "E_UNAVAILABLE"],
  ["no Redlock quorum", new LockQuorumError(["r"], 1, 2, 3), 503, "E_UNAVAILABLE"],
  ["the lock store down", new LockUnavailableError(["r"], cause), 503, "E_UNAVAILABLE"],
  ["closed locks", new LockClosedError(), 503, "E_UNAVAILABLE"],
  ["a script run with the wrong keys", new ScriptKeysError("admit", "2", 1), 500, "E_INTERNAL"],
  [
    "a script reply out of step",
    new ScriptReplyError("admit", [1], new Error("not a number")),
    500,
    "E_INTERNAL",
  ],
  [
    "a rate-limit store option the app got wrong",
    new RateLimitStoreOptionError("prefix", "", "a non-empty string"),
    500,
    "E_INTERNAL",
  ],
  [
    "a rate-limit count while Redis is not ready",
    new RateLimitStoreUnavailableError("ticketing:rl:ip:", 3),
    503,
    "E_UNAVAILABLE",
  ],
];

describe("the library error table", () => {
  test.each(cases)("answers %s with %i %s", (_name, error, status, code) => {
    const problem = classify(error);
    expect({ status: problem.type.status, code: problem.type.code }).toEqual({ status, code });
  });

  test("has a row for every code these cases throw, and a case for every row", () => {
    const thrown = new Set(cases.map(([, error]) => (error as Error & { code: string }).code));
    expect([...thrown].sort()).toEqual(Object.keys(LIBRARY_PROBLEMS).sort());
  });

  test("says when to retry seats held by others and a join limit, in whole seconds", () => {
    const retryAt = new Date(Date.now() + 2_500);
    expect(classify(new SeatsHeldError("e1", 1, 0, 1, retryAt)).headers).toEqual({ "Retry-After": "3" });
    expect(classify(new SeatsHeldError("e1", 1, 0, 1, new Date(0))).headers).toEqual({ "Retry-After": "1" });
    expect(classify(new JoinLimitError("e1", "203.0.113.9", 20, 59_001)).headers).toEqual({
      "Retry-After": "60",
    });
  });

  test("tells a client to retry a 503 and never shows it the cause", () => {
    const problem = classify(new LockUnavailableError(["r"], cause));
    expect(problem.headers).toEqual({ "Retry-After": "1" });
    expect(problem.detail).not.toContain("ECONNREFUSED");
  });

  test("passes the engine's field issues on to the client", () => {
    const problem = classify(new InvalidInputError([{ path: "quantity", message: "too big" }]));
    expect(problem.issues).toEqual([{ path: "quantity", message: "too big" }]);
  });

  test("answers an error of unknown origin with a 500 that says nothing of it", () => {
    const problem = classify(Object.assign(new Error("secret internals"), { code: "E_SOLD_OUT" }));
    expect({ status: problem.type.status, detail: problem.detail }).toEqual({
      status: 500,
      detail: "An unexpected error occurred.",
    });
  });
});
