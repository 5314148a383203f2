import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { createWaitingRoom, type Ticket } from "@ticketing/waiting-room";
import { createInProcessRedis, type InProcessRedis } from "../../src/embedded/in-process-redis.js";

type Client = ReturnType<typeof createClient>;

/** Each script runs on the shared Redis and on the in-process one; the replies must be equal. */
const SCRIPTS: [name: string, source: string, keys: number][] = [
  [
    "hashes",
    `redis.call("HSET", KEYS[1], "a", "1", "b", "2")
    local n = redis.call("HSETNX", KEYS[1], "a", "9")
    local m = redis.call("HSETNX", KEYS[1], "c", "3")
    local got = redis.call("HMGET", KEYS[1], "a", "missing", "c")
    local incr = redis.call("HINCRBY", KEYS[1], "a", 41)
    local del = redis.call("HDEL", KEYS[1], "b", "nope")
    return { n, m, got[1], tostring(got[2]), got[3], incr, del, redis.call("HGET", KEYS[1], "zz") == false and 1 or 0,
      #redis.call("HGETALL", KEYS[1]) }`,
    1,
  ],
  [
    "sorted sets",
    `redis.call("ZADD", KEYS[1], "5", "e", "1", "a", "3", "c", "3", "b")
    local nx = redis.call("ZADD", KEYS[1], "NX", "0", "e", "9", "z")
    local rank = redis.call("ZRANK", KEYS[1], "c")
    local none = redis.call("ZRANK", KEYS[1], "nobody")
    local range = redis.call("ZRANGE", KEYS[1], "-inf", "3", "BYSCORE", "LIMIT", 0, 2)
    local excl = redis.call("ZRANGE", KEYS[1], "(1", "+inf", "BYSCORE", "LIMIT", 1, 10)
    local popped = redis.call("ZPOPMIN", KEYS[1], 2)
    local rem = redis.call("ZREM", KEYS[1], "c", "nobody")
    return { nx, rank, tostring(none), range, excl, popped, rem, redis.call("ZCARD", KEYS[1]),
      redis.call("ZPOPMIN", KEYS[2], 3) }`,
    2,
  ],
  [
    "big scores stay exact",
    `redis.call("ZADD", KEYS[1], "1780340400000000", "late", "-281474976710655", "early")
    return redis.call("ZPOPMIN", KEYS[1], 5)`,
    1,
  ],
  [
    "lists",
    `redis.call("LPUSH", KEYS[1], "1", "2")
    redis.call("LPUSH", KEYS[1], "3")
    redis.call("LTRIM", KEYS[1], 0, 1)
    return { redis.call("LINDEX", KEYS[1], -1), redis.call("LINDEX", KEYS[1], 0), tostring(redis.call("LINDEX", KEYS[1], 7)) }`,
    1,
  ],
  [
    "counters and expiry",
    `local a = redis.call("INCR", KEYS[1])
    local b = redis.call("INCR", KEYS[1])
    local c = redis.call("DECR", KEYS[1])
    local none = redis.call("PTTL", KEYS[2])
    local forever = redis.call("PTTL", KEYS[1])
    redis.call("PEXPIRE", KEYS[1], 60000)
    local ttl = redis.call("PTTL", KEYS[1])
    return { a, b, c, none, forever, ttl > 59000 and ttl <= 60000 and 1 or 0, redis.call("DEL", KEYS[1], KEYS[2]) }`,
    2,
  ],
  ["replies", `return { 3.9, -2.5, true, false, "x", {}, { "nested", 1 } }`, 0],
  ["an array reply ends at its first nil", `return { 1, 2, nil, 4 }`, 0],
  [
    "unpack as in Lua 5.1",
    `redis.call("HSET", KEYS[1], unpack({ "f", "v", "g", "w" }))
    return redis.call("HMGET", KEYS[1], unpack({ "g", "f" }))`,
    1,
  ],
];

describe("createInProcessRedis", () => {
  let redis: Client;
  let memory: InProcessRedis;
  beforeAll(async () => {
    redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    memory = await createInProcessRedis();
  });
  afterAll(async () => {
    memory?.close();
    await redis?.close();
  });

  test.each(SCRIPTS)("answers %s as Redis does", async (_name, source, count) => {
    const prefix = uniquePrefix("inproc");
    const keys = Array.from({ length: count }, (_, i) => `{${prefix}}:${i}`);
    const expected = await redis.eval(source, { keys, arguments: [] });
    await redis.del(keys.length ? keys : ["{x}"]);
    expect(await memory.eval(source, { keys, arguments: [] })).toEqual(expected);
  });

  test("answers NOSCRIPT for a script it has not seen, then runs it by its SHA once evaluated", async () => {
    const source = "return ARGV[1] .. KEYS[1]";
    const sha = "0".repeat(40);
    await expect(memory.evalSha(sha, { keys: ["k"], arguments: ["a"] })).rejects.toThrow(/^NOSCRIPT/);
    expect(await memory.eval(source, { keys: ["k"], arguments: ["a"] })).toBe("ak");
    const realSha = await redis.scriptLoad(source);
    expect(await memory.evalSha(realSha, { keys: ["k2"], arguments: ["b"] })).toBe("bk2");
  });

  test("raises a command's error in the script, as a rejected call", async () => {
    const source = `redis.call("HSET", KEYS[1], "f", "v"); return redis.call("INCR", KEYS[1])`;
    await expect(memory.eval(source, { keys: ["typed"], arguments: [] })).rejects.toThrow(/WRONGTYPE/);
    await expect(memory.eval(`return redis.call("FLUSHALL")`, { keys: [], arguments: [] })).rejects.toThrow(
      /unknown command/,
    );
  });
});

describe("@ticketing/waiting-room on the in-process Redis", () => {
  const OPENS_AT = Date.UTC(2030, 5, 1, 19, 0, 0);
  const SECRET = "a-test-secret-of-at-least-32-bytes-012345";
  let redis: Client;
  let memory: InProcessRedis;
  beforeAll(async () => {
    redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    memory = await createInProcessRedis();
  });
  afterAll(async () => {
    memory?.close();
    await redis?.close();
  });

  const roomOn = (client: Client | InProcessRedis, clock: () => number, inventory: () => number) =>
    createWaitingRoom({
      redis: client,
      secret: SECRET,
      inventory,
      prefix: `${uniquePrefix("wr")}:`,
      tickMs: 0,
      clock,
      joinsPerIp: { limit: 3, windowMs: 60_000 },
      admissionTtlMs: 5_000,
      settleGraceMs: 1_000,
    });
  const shown = (ticket: Ticket) => ({ ...ticket, admission: ticket.admission?.expiresAt ?? null });

  /** One opening, step by step; returns what the buyers and the operator saw (tokens are checked by verify). */
  async function opening(client: Client | InProcessRedis) {
    let now = OPENS_AT + 1;
    let seats = 3;
    const room = roomOn(
      client,
      () => now,
      () => seats,
    );
    const seen: unknown[] = [];
    try {
      await room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 2, burst: 2 });
      for (const user of ["a", "b", "c"])
        seen.push(shown(await room.join("e1", user, { ip: "198.51.100.1" })));
      await expect(room.join("e1", "d", { ip: "198.51.100.1" })).rejects.toMatchObject({
        code: "E_JOIN_LIMIT",
      });
      for (const user of ["d", "e"]) seen.push(shown(await room.join("e1", user, { ip: "198.51.100.2" })));
      seen.push(shown(await room.join("e1", "a", { ip: "198.51.100.3" })));
      for (let step = 0; step < 3; step++) {
        now += 1_000;
        seen.push(await room.tick("e1"));
      }
      const admission = await room.verify((await room.status("e1", "a")).admission!.token, {
        eventId: "e1",
        identity: "a",
      });
      seats -= 1;
      seen.push(await room.settle(admission, { outcome: "reserved", seats: 1 }));
      seen.push(await room.settle(admission, { outcome: "reserved", seats: 1 }));
      seats = 0;
      now += 1_000;
      seen.push(await room.tick("e1"));
      for (const user of ["a", "b", "c", "d", "e"]) seen.push(shown(await room.status("e1", user)));
      now += 10_000;
      seats = 2;
      seen.push(await room.tick("e1"));
      seen.push(await room.info("e1"));
      for (const user of ["a", "b", "c", "d", "e"]) seen.push(shown(await room.status("e1", user)));
    } finally {
      await room.remove("e1");
      await room.close();
    }
    return JSON.parse(JSON.stringify(seen)) as unknown;
  }

  test("an opening on the in-process Redis goes exactly as on Redis", async () => {
    expect(await opening(memory)).toEqual(await opening(redis));
  });

  test("the pre-queue draws a random order there too: every early buyer gets a place before the later ones", async () => {
    let now = OPENS_AT - 5_000;
    const room = roomOn(
      memory,
      () => now,
      () => 100,
    );
    try {
      await room.configure("e2", { opensAt: OPENS_AT, admitPerSecond: 100 });
      const early = await Promise.all(["p1", "p2", "p3"].map((user) => room.join("e2", user)));
      expect(early.map((ticket) => [ticket.status, ticket.position])).toEqual([
        ["pre_queue", null],
        ["pre_queue", null],
        ["pre_queue", null],
      ]);
      now = OPENS_AT + 1;
      expect((await room.join("e2", "late")).position).toBe(4);
      const places = await Promise.all(
        ["p1", "p2", "p3"].map(async (user) => (await room.status("e2", user)).position),
      );
      expect(places.sort()).toEqual([1, 2, 3]);
    } finally {
      await room.remove("e2");
      await room.close();
    }
  });
});
