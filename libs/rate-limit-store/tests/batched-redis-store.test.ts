import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createClient, createCluster } from "@redis/client";
import type { ScriptClient } from "@ticketing/redis-script";
import {
  redisServer,
  startRedis,
  startRedisCluster,
  uniquePrefix,
  waitUntil,
  type OwnedRedis,
  type RedisCluster,
} from "@ticketing/testing";
import express from "express";
import { rateLimit, type Options } from "express-rate-limit";
import { BatchedRedisStore, RateLimitStoreUnavailableError, type RateLimitRedis } from "../src/index.js";

const WINDOW_MS = 60_000;

/** The real client, with the script calls it sends counted. */
function counting(client: ScriptClient) {
  const counted = {
    calls: 0,
    evalSha: (sha: string, options: { keys: string[]; arguments: string[] }) => {
      counted.calls++;
      return client.evalSha(sha, options);
    },
    eval: (source: string, options: { keys: string[]; arguments: string[] }) => {
      counted.calls++;
      return client.eval(source, options);
    },
  };
  return counted;
}

/** Runs `app` on a free port of this host for `use`, then closes it. */
async function serving(app: express.Express, use: (url: string) => Promise<void>): Promise<void> {
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function storeOn(redis: RateLimitRedis, prefix: string) {
  const store = new BatchedRedisStore({ redis, prefix });
  store.init({ windowMs: WINDOW_MS } as Options);
  return store;
}

describe("BatchedRedisStore on a real Redis", () => {
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    client = createClient({ url: (await redisServer()).url });
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
  });

  test("counts the requests of one turn in one script call, each with its own place in the window", async () => {
    const prefix = uniquePrefix("rl-batch");
    const counted = counting(client);
    const store = storeOn({ client: counted, isReady: () => true, cluster: false }, prefix);
    await store.increment("warm-up"); // loads the script (EVALSHA answered NOSCRIPT, then EVAL)
    counted.calls = 0;
    const answers = await Promise.all([
      ...Array.from({ length: 100 }, () => store.increment("10.0.0.1")),
      ...Array.from({ length: 5 }, () => store.increment("10.0.0.2")),
    ]);
    expect(counted.calls).toBe(1);
    expect(answers.slice(0, 100).map((a) => a.totalHits)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(answers.slice(100).map((a) => a.totalHits)).toEqual([1, 2, 3, 4, 5]);
    expect(await client.get(`${prefix}10.0.0.1`)).toBe("100");
    const ttl = await client.pTTL(`${prefix}10.0.0.1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(WINDOW_MS);
    for (const answer of answers) expect(answer.resetTime).toBeInstanceOf(Date);
  });

  test("shares the count between instances exactly, turn after turn", async () => {
    const prefix = uniquePrefix("rl-shared");
    const redis = { client, isReady: () => true, cluster: false };
    const [a, b] = [storeOn(redis, prefix), storeOn(redis, prefix)];
    const seen: number[] = [];
    for (let turn = 0; turn < 5; turn++) {
      const answers = await Promise.all([a.increment("k"), b.increment("k"), a.increment("k")]);
      seen.push(...answers.map((answer) => answer.totalHits));
    }
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  test("takes a hit back, and starts a new window after a reset or a counter without expiry", async () => {
    const prefix = uniquePrefix("rl-reset");
    const store = storeOn({ client, isReady: () => true, cluster: false }, prefix);
    await Promise.all([store.increment("k"), store.increment("k"), store.increment("k")]);
    await store.decrement("k");
    expect((await store.increment("k")).totalHits).toBe(3);
    await store.resetKey("k");
    expect((await store.increment("k")).totalHits).toBe(1);
    await client.persist(`${prefix}k`);
    expect((await store.increment("k")).totalHits).toBe(1);
    expect(await client.pTTL(`${prefix}k`)).toBeGreaterThan(0);
  });

  test("fails every count of the turn at once while Redis is not ready, sending nothing", async () => {
    const prefix = uniquePrefix("rl-down");
    const counted = counting(client);
    const store = storeOn({ client: counted, isReady: () => false, cluster: false }, prefix);
    const results = await Promise.allSettled([
      store.increment("a"),
      store.increment("b"),
      store.increment("a"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    const reason = (results[0] as PromiseRejectedResult).reason as unknown;
    expect(reason).toBeInstanceOf(RateLimitStoreUnavailableError);
    expect(reason).toMatchObject({ code: "E_RATE_LIMIT_UNAVAILABLE", prefix, hits: 3 });
    expect(counted.calls).toBe(0);
    expect(await client.exists([`${prefix}a`, `${prefix}b`])).toBe(0);
  });

  test("counts with the window express-rate-limit gives it, and answers 429 past the limit", async () => {
    const prefix = uniquePrefix("rl-express");
    const app = express();
    app.use(
      rateLimit({
        windowMs: 5_000,
        limit: 2,
        keyGenerator: () => "one-client",
        store: new BatchedRedisStore({ redis: { client, isReady: () => true, cluster: false }, prefix }),
      }),
    );
    app.get("/", (_req, res) => {
      res.send("ok");
    });
    await serving(app, async (url) => {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const ttl = await client.pTTL(`${prefix}one-client`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5_000);
    });
  });
});

describe("BatchedRedisStore while its Redis is down", () => {
  let redis: OwnedRedis;
  let client: ReturnType<typeof createClient>;
  beforeAll(async () => {
    redis = await startRedis();
    client = createClient({ url: redis.url });
    client.on("error", () => {});
    await client.connect();
  });
  afterAll(async () => {
    await client?.close().catch(() => client.destroy());
    await redis?.stop();
  });

  test("lets requests through with passOnStoreError, sending nothing, and counts again once Redis is back", async () => {
    const prefix = uniquePrefix("rl-outage");
    const counted = counting(client);
    const storeErrors: unknown[] = [];
    const app = express();
    app.use(
      rateLimit({
        windowMs: WINDOW_MS,
        limit: 1,
        keyGenerator: () => "one-client",
        store: new BatchedRedisStore({
          redis: { client: counted, isReady: () => client.isReady, cluster: false },
          prefix,
        }),
        passOnStoreError: true,
        logger: { error: (error: unknown) => storeErrors.push(error), warn: () => {} },
      }),
    );
    app.get("/", (_req, res) => {
      res.send("ok");
    });
    await serving(app, async (url) => {
      expect((await fetch(url)).status).toBe(200);

      await redis.kill("SIGKILL");
      await waitUntil(async () => !client.isReady, 5_000, "the client to notice");
      counted.calls = 0;
      const during = [];
      for (let i = 0; i < 3; i++) during.push((await fetch(url)).status);
      expect(during).toEqual([200, 200, 200]);
      expect(counted.calls).toBe(0);
      expect(storeErrors).toHaveLength(3);
      for (const error of storeErrors) expect(error).toBeInstanceOf(RateLimitStoreUnavailableError);

      await redis.start();
      await waitUntil(async () => client.isReady, 10_000, "the client to reconnect");
      // The restarted server kept nothing: the client starts a new window, and is limited within it.
      expect([(await fetch(url)).status, (await fetch(url)).status]).toEqual([200, 429]);
    });
  });
});

describe("BatchedRedisStore on a Redis Cluster", () => {
  let cluster: RedisCluster;
  let client: ReturnType<typeof createCluster>;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = createCluster({ rootNodes: [...cluster.rootNodes] });
    client.on("error", () => {});
    await client.connect();
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  test("sends one call per counter, as counters of different clients live in different slots", async () => {
    const prefix = uniquePrefix("rl-cluster");
    const counted = counting(client);
    const store = storeOn({ client: counted, isReady: () => true, cluster: true }, prefix);
    const clients = Array.from({ length: 12 }, (_, i) => `10.1.0.${i}`);
    // A first count of each loads the script on its primary (EVALSHA answered NOSCRIPT, then EVAL).
    await Promise.all(clients.map((ip) => store.increment(ip)));
    counted.calls = 0;
    const answers = await Promise.all(clients.flatMap((ip) => [store.increment(ip), store.increment(ip)]));
    expect(counted.calls).toBe(clients.length);
    expect(answers.map((a) => a.totalHits)).toEqual(clients.flatMap(() => [2, 3]));
    for (const ip of clients) expect(await client.get(`${prefix}${ip}`)).toBe("3");
  });
});
