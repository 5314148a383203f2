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
  ["0 permits", { limit: 3, permits: 0 }],
  ["a fractional number of permits", { limit: 3, permits: 1.5 }],
  ["more permits than the limit", { limit: 3, permits: 4 }],
  ["permits on a mutex", { permits: 2 }],
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

describe("RedlockLocks semaphores", () => {
  test("are refused with E_LOCK_INVALID_ARGUMENT before any I/O: independent nodes cannot bound their count", async () => {
    const redlock = new RedlockLocks({ clients: [offline, offline, offline] });
    await expect(redlock.acquire("a", { limit: 2 })).rejects.toMatchObject({
      code: "E_LOCK_INVALID_ARGUMENT",
      argument: "limit",
    });
    await expect(redlock.inspect("a", { limit: 2 })).rejects.toMatchObject({ argument: "limit" });
  });
});

const token = "0123456789abcdef.1";
const badHandOvers: [string, unknown][] = [
  ["nothing", undefined],
  ["no resources", { resources: [], token, fences: [], limit: 1, permits: 1 }],
  ["unsorted resources", { resources: ["b", "a"], token, fences: [1, 2], limit: 1, permits: 1 }],
  ["a made-up token", { resources: ["a"], token: "me", fences: [1], limit: 1, permits: 1 }],
  ["a fence missing", { resources: ["a", "b"], token, fences: [1], limit: 1, permits: 1 }],
  ["a fence that is not a positive integer", { resources: ["a"], token, fences: [0], limit: 1, permits: 1 }],
  ["more permits than the limit", { resources: ["a"], token, fences: [1], limit: 2, permits: 3 }],
];

describe.each(implementations)("%s resume validation", (_, locks) => {
  test.each(badHandOvers)(
    "rejects a hand-over with %s with E_LOCK_INVALID_ARGUMENT",
    async (_case, handOver) => {
      await expect(locks.resume(handOver as never)).rejects.toMatchObject({
        code: "E_LOCK_INVALID_ARGUMENT",
      });
    },
  );

  test.each(badResources)("rejects %s as the resource to inspect", async (_case, resource) => {
    await expect(locks.inspect(resource as string)).rejects.toMatchObject({
      code: "E_LOCK_INVALID_ARGUMENT",
    });
  });
});
