import { createCluster } from "@redis/client";
import { startRedisCluster, uniquePrefix, type RedisCluster } from "@ticketing/testing";
import { createCache, type Cache } from "../src/index.js";
import { gate, nextEvent, PATIENT_COMMAND_TIMEOUT } from "./support.js";

describe("createCache on a Redis Cluster", () => {
  let cluster: RedisCluster;
  const clients: { close(): Promise<void>; destroy(): void }[] = [];
  const caches: Cache[] = [];
  const prefix = uniquePrefix("cluster");

  async function instance(): Promise<Cache> {
    const client = createCluster({ rootNodes: [...cluster.rootNodes] });
    client.on("error", () => undefined);
    await client.connect();
    clients.push(client);
    const cache = createCache({
      namespace: "events",
      prefix,
      redis: client,
      jitter: 0,
      commandTimeout: PATIENT_COMMAND_TIMEOUT,
    });
    caches.push(cache);
    await cache.ready();
    return cache;
  }

  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await Promise.all(caches.map((cache) => cache.close()));
    await Promise.all(clients.map((client) => client.close().catch(() => client.destroy())));
    await cluster?.stop();
  });

  test("loads, invalidates by key, tag and namespace across instances with multi-key scripts in one slot", async () => {
    const [a, b] = [await instance(), await instance()];
    await a.getOrLoad("event:1", async () => 1, { tags: ["venue:1"] });
    await a.getOrLoad("event:2", async () => 2, { tags: ["venue:1"] });
    await a.getOrLoad("event:3", async () => 3);
    const loader = jest.fn(async () => 0);
    expect(await b.getOrLoad("event:1", loader)).toBe(1);
    expect(await b.getOrLoad("event:3", loader)).toBe(3);
    expect(loader).not.toHaveBeenCalled();

    let seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "tag");
    await a.deleteByTag("venue:1");
    await seen;
    expect([await b.get("event:1"), await b.get("event:2"), await b.get("event:3")]).toEqual([
      undefined,
      undefined,
      3,
    ]);

    seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "key");
    await a.delete("event:3");
    await seen;
    await expect(b.get("event:3")).resolves.toBeUndefined();

    await a.set("event:4", 4);
    seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "clear");
    await a.clear();
    await seen;
    await expect(b.get("event:4")).resolves.toBeUndefined();
  });

  test("runs one loader for concurrent misses on several instances", async () => {
    const instances = [await instance(), await instance(), await instance()];
    const { loader, release } = gate("v");
    const calls = Array.from({ length: 90 }, (_, i) => instances[i % 3]!.getOrLoad("event:hot", loader));
    setTimeout(release, 50);
    expect(new Set(await Promise.all(calls))).toEqual(new Set(["v"]));
    expect(loader).toHaveBeenCalledTimes(1);
  });

  test("refuses a late write after a delete on a cluster", async () => {
    const [a, b] = [await instance(), await instance()];
    const { loader, release } = gate("stale");
    const started = nextEvent(a, "cache:load:started");
    const finished = nextEvent(a, "cache:load:finished");
    const pending = a.getOrLoad("event:9", loader);
    await started;
    await b.delete("event:9");
    release();
    await pending;
    expect(await finished).toMatchObject({ stored: false });
    await expect(b.get("event:9")).resolves.toBeUndefined();
  });
});
