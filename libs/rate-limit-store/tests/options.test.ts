import {
  BatchedRedisStore,
  RATE_LIMIT_STORE_ERROR_CODES,
  RateLimitStoreError,
  RateLimitStoreOptionError,
  type BatchedRedisStoreOptions,
  type RateLimitRedis,
} from "../src/index.js";

/** A client that must never be called: construction sends nothing. */
const client = {
  evalSha: () => Promise.reject(new Error("nothing may be sent")),
  eval: () => Promise.reject(new Error("nothing may be sent")),
};
const redis: RateLimitRedis = { client, isReady: () => true, cluster: false };

function refusal(options: unknown): unknown {
  try {
    new BatchedRedisStore(options as BatchedRedisStoreOptions);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("BatchedRedisStore options", () => {
  test.each<[string, string, unknown]>([
    ["no options at all", "options", undefined],
    ["options that are not an object", "options", "rl:"],
    ["a missing redis", "redis", { prefix: "rl:" }],
    ["a client where redis belongs", "redis.client", { redis: client, prefix: "rl:" }],
    ["a missing client", "redis.client", { redis: { ...redis, client: undefined }, prefix: "rl:" }],
    [
      "a client without eval",
      "redis.client",
      { redis: { ...redis, client: { evalSha: () => {} } }, prefix: "rl:" },
    ],
    ["an isReady that is a boolean", "redis.isReady", { redis: { ...redis, isReady: true }, prefix: "rl:" }],
    ["a missing cluster flag", "redis.cluster", { redis: { ...redis, cluster: undefined }, prefix: "rl:" }],
    [
      "a cluster flag that is a string",
      "redis.cluster",
      { redis: { ...redis, cluster: "yes" }, prefix: "rl:" },
    ],
    ["a missing prefix", "prefix", { redis }],
    ["an empty prefix", "prefix", { redis, prefix: "" }],
    ["a prefix that is not a string", "prefix", { redis, prefix: 7 }],
  ])("refuses %s with E_RATE_LIMIT_INVALID_OPTION naming %s", (_case, field, options) => {
    const error = refusal(options);
    expect(error).toBeInstanceOf(RateLimitStoreOptionError);
    expect(error).toBeInstanceOf(RateLimitStoreError);
    expect(error).toMatchObject({
      code: "E_RATE_LIMIT_INVALID_OPTION",
      name: "RateLimitStoreOptionError",
      field,
    });
  });

  test("quotes the refused value in the message", () => {
    expect(refusal({ redis, prefix: "" })).toHaveProperty(
      "message",
      'prefix must be a non-empty string (got "")',
    );
    expect(refusal({ redis, prefix: "" })).toHaveProperty("value", "");
  });

  test("accepts a client, isReady, cluster flag and prefix, and keeps the prefix for express-rate-limit", () => {
    const store = new BatchedRedisStore({ redis, prefix: "rl:ip:" });
    expect(store.prefix).toBe("rl:ip:");
    expect(store.localKeys).toBe(false);
  });

  test("lists every code its errors carry", () => {
    expect([...RATE_LIMIT_STORE_ERROR_CODES].sort()).toEqual([
      "E_RATE_LIMIT_INVALID_OPTION",
      "E_RATE_LIMIT_UNAVAILABLE",
    ]);
  });
});
