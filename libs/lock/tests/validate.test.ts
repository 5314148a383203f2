import { createClient } from "@redis/client";
import { MemoryLocks, RedisLocks, RedlockLocks, type AcquireOptions, type Locks } from "../src/index.js";
import { MAX_RESOURCE_LENGTH } from "../src/validate.js";

// Never connected: any command it were sent would fail with ClientClosedError, so an E_LOCK_INVALID_ARGUMENT
// proves that validation ran before any I/O.
const offline = createClient({ url: "redis://127.0.0.1:1" });
const implementations: [string, Locks][] = [
  ["MemoryLocks", new MemoryLocks()],
  ["RedisLocks", new RedisLocks({ client: offline })],
  ["RedlockLocks", new RedlockLocks({ clients: [offline, offline, offline] })],
];

const badResources: [string, unknown][] = [
  ["an empty name", ""],
  ["an oversized name", "x".repeat(MAX_RESOURCE_LENGTH + 1)],
  ["an empty list", []],
  ["a list with an empty name", ["a", ""]],
  ["a non-string", 42],
  ["undefined", undefined],
];

const badOptions: [string, AcquireOptions][] = [
  ["ttl 0", { ttlMs: 0 }],
  ["a negative ttl", { ttlMs: -1 }],
  ["a NaN ttl", { ttlMs: Number.NaN }],
  ["an infinite ttl", { ttlMs: Number.POSITIVE_INFINITY }],
  ["a negative wait", { waitMs: -5 }],
  ["a NaN wait", { waitMs: Number.NaN }],
  ["limit 0", { limit: 0 }],
  ["a fractional limit", { limit: 1.5 }],
  ["a signal that is not an AbortSignal", { signal: {} as AbortSignal }],
];

describe.each(implementations)("%s input validation", (_, locks) => {
  test.each(badResources)("rejects %s as resource with E_LOCK_INVALID_ARGUMENT", async (_case, resource) => {
    const name = resource as string;
    await expect(locks.acquire(name)).rejects.toMatchObject({
      code: "E_LOCK_INVALID_ARGUMENT",
      argument: "resource",
    });
    await expect(locks.tryAcquire(name)).rejects.toMatchObject({ code: "E_LOCK_INVALID_ARGUMENT" });
    await expect(locks.withLock(name, async () => 1)).rejects.toMatchObject({
      code: "E_LOCK_INVALID_ARGUMENT",
    });
  });

  test.each(badOptions)("rejects %s with E_LOCK_INVALID_ARGUMENT", async (_case, options) => {
    await expect(locks.acquire("a", options)).rejects.toMatchObject({ code: "E_LOCK_INVALID_ARGUMENT" });
    await expect(locks.tryAcquire("a", options)).rejects.toMatchObject({ code: "E_LOCK_INVALID_ARGUMENT" });
    await expect(locks.withLock("a", async () => 1, options)).rejects.toMatchObject({
      code: "E_LOCK_INVALID_ARGUMENT",
    });
  });
});

describe("constructor validation", () => {
  test.each([
    ["RedisLocks without a client", () => new RedisLocks({ client: undefined as never })],
    ["a prefix with a hash-tag brace", () => new RedisLocks({ client: offline, prefix: "a{b" })],
    ["a drift factor of 1", () => new RedisLocks({ client: offline, driftFactor: 1 })],
    ["a default ttl of 0", () => new MemoryLocks({ ttlMs: 0 })],
    ["a negative default wait", () => new MemoryLocks({ waitMs: -1 })],
    [
      "a localPass that is not a boolean",
      () => new RedisLocks({ client: offline, localPass: "no" as never }),
    ],
    ["Redlock without nodes", () => new RedlockLocks({ clients: [] })],
    ["a negative Redlock retry delay", () => new RedlockLocks({ clients: [offline], retryDelayMs: -1 })],
  ])("refuses %s with E_LOCK_INVALID_ARGUMENT", (_case, build) => {
    expect(build).toThrow(expect.objectContaining({ code: "E_LOCK_INVALID_ARGUMENT" }));
  });
});
