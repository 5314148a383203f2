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
import { ScriptKeysError, ScriptReplyError } from "@ticketing/redis-script";
import {
  DatabaseUnsupportedError,
  DriverMissingError,
  EventNotFoundError,
  EventPastError,
  ForbiddenError,
  IdempotencyConflictError,
  InvalidInputError,
  MigrationLockError,
  PerUserLimitError,
  ReservationNotFoundError,
  SeatsUnavailableError,
  UnavailableError,
} from "@ticketing/reservation";
import { LIBRARY_PROBLEMS } from "../../src/http/library-errors.js";
import { classify } from "../../src/http/problem.js";

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
