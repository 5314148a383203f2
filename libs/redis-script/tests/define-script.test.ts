import { createClient, createCluster } from "@redis/client";
import { redisServer, startRedisCluster, uniquePrefix, type RedisCluster } from "@ticketing/testing";
import {
  defineScript,
  integerReply,
  ScriptKeysError,
  ScriptReplyError,
  type ScriptClient,
} from "../src/index.js";

const incrBy = defineScript({
  name: "incr-by",
  source: "local counter = KEYS[1]\nlocal by = ARGV[1]\nreturn redis.call('INCRBY', counter, by)",
  keys: ["counter"],
  reply: integerReply,
});

const sumAll = defineScript({
  name: "sum-all",
  source: [
    "-- every pair of KEYS is (counter, weight); returns sum(counter * weight)",
    "local total = 0",
    "for i = 1, #KEYS, 2 do",
    "  total = total + tonumber(redis.call('GET', KEYS[i]) or '0') * tonumber(redis.call('GET', KEYS[i + 1]) or '1')",
    "end",
    "return total",
  ].join("\n"),
  keys: ["counter", "weight"],
  repeatKeys: true,
  reply: integerReply,
});

let client: ReturnType<typeof createClient>;
let prefix: string;

beforeAll(async () => {
  client = createClient({ url: (await redisServer()).url });
  await client.connect();
});

beforeEach(() => {
  prefix = uniquePrefix("redis-script");
});

afterAll(async () => {
  await client.close();
});

/** A client that records the commands a script sends. */
function recording(inner: ScriptClient): ScriptClient & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    evalSha: (sha, options) => (sent.push("EVALSHA"), inner.evalSha(sha, options)),
    eval: (source, options) => (sent.push("EVAL"), inner.eval(source, options)),
  };
}

describe("defineScript", () => {
  test("runs a script by EVALSHA once the server knows it, loading it with EVAL the first time", async () => {
    const script = defineScript({
      name: "fresh",
      source: `return redis.call('INCR', KEYS[1]) -- ${prefix}`,
      keys: ["counter"],
      reply: integerReply,
    });
    const spy = recording(client);
    expect(await script.run(spy, [`${prefix}n`], [])).toBe(1);
    expect(await script.run(spy, [`${prefix}n`], [])).toBe(2);
    expect(spy.sent).toEqual(["EVALSHA", "EVAL", "EVALSHA"]);
  });

  test("reloads the script after the server forgot it (SCRIPT FLUSH, as after a restart)", async () => {
    await incrBy.run(client, [`${prefix}n`], [1]);
    await client.scriptFlush();
    const spy = recording(client);
    expect(await incrBy.run(spy, [`${prefix}n`], [4])).toBe(5);
    expect(spy.sent).toEqual(["EVALSHA", "EVAL"]);
  });

  test("passes numeric arguments as strings and returns the parsed reply", async () => {
    expect(await incrBy.run(client, [`${prefix}n`], [41])).toBe(41);
    expect(await incrBy.run(client, [`${prefix}n`], ["1"])).toBe(42);
  });

  test("takes whole groups of repeated keys", async () => {
    await client.mSet([`${prefix}a`, "2", `${prefix}wa`, "3", `${prefix}b`, "5", `${prefix}wb`, "7"]);
    const keys = [`${prefix}a`, `${prefix}wa`, `${prefix}b`, `${prefix}wb`];
    expect(await sumAll.run(client, keys, [])).toBe(2 * 3 + 5 * 7);
  });

  test.each([
    ["no keys for a one-key script", incrBy, [], "1"],
    ["two keys for a one-key script", incrBy, ["a", "b"], "1"],
    ["no group at all", sumAll, [], "a positive multiple of 2"],
    ["half a group", sumAll, ["a", "wa", "b"], "a positive multiple of 2"],
  ])("refuses %s before sending anything", async (_, script, keys, expected) => {
    const spy = recording(client);
    const error = await script.run(spy, keys, [1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptKeysError);
    expect(error).toMatchObject({ code: "E_SCRIPT_KEYS", script: script.name, expected });
    expect(spy.sent).toEqual([]);
  });

  test("reports a reply its parser refuses as E_SCRIPT_REPLY with the raw reply", async () => {
    const script = defineScript({
      name: "says-hello",
      source: "return 'hello'",
      keys: [],
      reply: integerReply,
    });
    const error = await script.run(client, [], []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScriptReplyError);
    expect(error).toMatchObject({ code: "E_SCRIPT_REPLY", script: "says-hello", reply: "hello" });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  test("passes a script's own error through unchanged, without a second attempt", async () => {
    const script = defineScript({
      name: "fails",
      source: "return redis.error_reply('E_MINE boom')",
      keys: [],
      reply: integerReply,
    });
    const spy = recording(client);
    await script.run(spy, [], []).catch(() => {});
    const error = await script.run(spy, [], []).catch((e: unknown) => e);
    expect((error as Error).message).toBe("E_MINE boom");
    expect(spy.sent).toEqual(["EVALSHA", "EVAL", "EVALSHA"]);
  });

  test("refuses repeatKeys on a script with no named keys", () => {
    expect(() =>
      defineScript({ name: "odd", source: "return 1", keys: [], repeatKeys: true, reply: integerReply }),
    ).toThrow(TypeError);
  });
});

describe("defineScript on Redis Cluster", () => {
  let cluster: RedisCluster;
  let clusterClient: ReturnType<typeof createCluster>;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    clusterClient = createCluster({ rootNodes: [...cluster.rootNodes] });
    clusterClient.on("error", () => {});
    await clusterClient.connect();
  }, 60_000);

  afterAll(async () => {
    await clusterClient.close();
    await cluster.stop();
  });

  test("routes by the first key and loads the script on whichever primary owns the slot", async () => {
    const counts = await Promise.all(
      ["{a}n", "{b}n", "{c}n", "{d}n"].map((key) => incrBy.run(clusterClient, [`${prefix}${key}`], [3])),
    );
    expect(counts).toEqual([3, 3, 3, 3]);
  });
});
