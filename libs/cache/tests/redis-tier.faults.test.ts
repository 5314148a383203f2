import { startRedis, uniquePrefix, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { createCache, type Cache, type CacheEvents } from "../src/index.js";
import { connect, nextEvent, type Client } from "./support.js";

describe("RedisTier when Redis dies and comes back", () => {
  let redis: OwnedRedis;
  let client: Client;
  let peerClient: Client;
  let cache: Cache;
  let peer: Cache;
  let prefix: string;
  const errors: CacheEvents["cache:error"][] = [];

  beforeAll(async () => {
    redis = await startRedis();
    client = await connect(redis.url);
    peerClient = await connect(redis.url);
    prefix = uniquePrefix("fail-open");
    cache = createCache({ namespace: "events", prefix, redis: client, commandTimeout: 200, jitter: 0 });
    peer = createCache({ namespace: "events", prefix, redis: peerClient, commandTimeout: 200, jitter: 0 });
    cache.on("cache:error", (event) => errors.push(event));
    await Promise.all([cache.ready(), peer.ready()]);
  });
  afterAll(async () => {
    await Promise.all([cache?.close(), peer?.close()]);
    await Promise.all([client, peerClient].map((c) => c?.close().catch(() => c.destroy())));
    await redis?.stop();
  });

  test("keeps answering with the loader's result while Redis is down, then resumes the shared tier", async () => {
    await expect(cache.getOrLoad("before", async () => "cached")).resolves.toBe("cached");

    await redis.kill("SIGKILL");
    await waitUntil(async () => !client.isReady, 5_000, "the client to notice");

    const loader = jest.fn(async () => "from the database");
    await expect(cache.getOrLoad("during", loader)).resolves.toBe("from the database");
    await expect(cache.getOrLoad("during", loader)).resolves.toBe("from the database");
    expect(loader).toHaveBeenCalledTimes(1);
    await expect(cache.getOrLoad("before", async () => "reloaded")).resolves.toBe("cached");
    await expect(cache.get("nothing")).resolves.toBeUndefined();
    await expect(cache.set("set-during", 1)).resolves.toBeUndefined();
    await expect(cache.delete("before")).resolves.toBeUndefined();
    await expect(cache.deleteByTag("t")).resolves.toBeUndefined();
    await expect(cache.getOrLoad("failing", () => Promise.reject(new Error("db down")))).rejects.toThrow(
      "db down",
    );
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.operation)).toEqual(expect.arrayContaining(["get", "delete", "deleteByTag"]));

    await redis.start();
    await waitUntil(async () => client.isReady && peerClient.isReady, 10_000, "the clients to reconnect");
    // Both caches' invalidation subscribers are back too: a notice published before would be lost.
    await waitUntil(
      async () => {
        const [, subscribers] = (await client.sendCommand(["PUBSUB", "NUMSUB", `${prefix}{events}:bus`])) as [
          string,
          number,
        ];
        return subscribers === 2;
      },
      10_000,
      "both subscribers to resubscribe",
    );
    await waitUntil(
      async () =>
        (await cache.getOrLoad("after", async () => "stored")) === "stored" &&
        (await peer.get("after")) === "stored",
      10_000,
      "the shared tier to work again",
    );
    const reloaded = jest.fn(async () => "x");
    await expect(peer.getOrLoad("after", reloaded)).resolves.toBe("stored");
    expect(reloaded).not.toHaveBeenCalled();

    // Invalidations still reach the other instance after the reconnect.
    await peer.get("after");
    const seen = nextEvent(peer, "cache:invalidated", (e) => e.source === "remote" && e.target === "after");
    await cache.delete("after");
    await seen;
    await expect(peer.get("after")).resolves.toBeUndefined();
  });
});

describe("RedisTier when Redis stalls", () => {
  let redis: OwnedRedis;
  let client: Client;
  let cache: Cache;

  beforeAll(async () => {
    redis = await startRedis();
    client = await connect(redis.url);
    cache = createCache({
      namespace: "events",
      prefix: uniquePrefix("stall"),
      redis: client,
      commandTimeout: 100,
      locks: false,
    });
    await cache.ready();
  });
  afterAll(async () => {
    await cache?.close();
    await client?.close().catch(() => client.destroy());
    await redis?.stop();
  });

  test("gives up on Redis calls after commandTimeout and answers with the loader's result", async () => {
    const errors: CacheEvents["cache:error"][] = [];
    cache.on("cache:error", (event) => errors.push(event));
    // Redis stops answering (its connections stay open) until the test lets it go on, however long the steps take;
    // a timed pause could end before a slow machine has run them.
    process.kill(redis.pid!, "SIGSTOP");
    try {
      await expect(cache.getOrLoad("k", async () => "from the loader")).resolves.toBe("from the loader");
      expect(errors[0]).toMatchObject({ operation: "get", key: "k", error: { name: "RedisTimeoutError" } });
      expect(errors.every((e) => (e.error as Error).name === "RedisTimeoutError")).toBe(true);
      await expect(cache.delete("k")).resolves.toBeUndefined();
      expect(errors.at(-1)).toMatchObject({ operation: "delete", error: { name: "RedisTimeoutError" } });
    } finally {
      process.kill(redis.pid!, "SIGCONT");
    }
  });
});
