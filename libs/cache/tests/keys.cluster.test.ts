import { createCluster } from "@redis/client";
import { startRedisCluster, uniquePrefix, waitUntil, type RedisCluster } from "@ticketing/testing";
import { createCache, type Cache, type CacheOptions } from "../src/index.js";
import { gate, nextEvent, PATIENT_COMMAND_TIMEOUT, watchedLocks } from "./support.js";

describe("KeyLayout on a Redis Cluster: every key of a namespace in one slot", () => {
  let cluster: RedisCluster;
  const clients: { close(): Promise<void>; destroy(): void }[] = [];
  const caches: Cache[] = [];
  const locks: { close(): Promise<void> }[] = [];
  const prefix = uniquePrefix("cluster");

  /** With `onLockRefused`, the instance's fleet-wide locks report each refusal (see watchedLocks). */
  async function instance(options: Partial<CacheOptions> = {}, onLockRefused?: () => void): Promise<Cache> {
    const client = createCluster({ rootNodes: [...cluster.rootNodes] });
    client.on("error", () => undefined);
    await client.connect();
    clients.push(client);
    const watched = onLockRefused ? watchedLocks(client, onLockRefused) : undefined;
    if (watched) locks.push(watched);
    const cache = createCache({
      namespace: "events",
      prefix,
      redis: client,
      jitter: 0,
      commandTimeout: PATIENT_COMMAND_TIMEOUT,
      ...(watched ? { locks: watched } : {}),
      ...options,
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
    await Promise.all(locks.map((owned) => owned.close().catch(() => undefined)));
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
    const waiting = new Set<number>();
    // fleetWait: no instance may give up on the holder and load itself while this test holds the loader back.
    const instances: Cache[] = [];
    for (const n of [0, 1, 2]) instances.push(await instance({ fleetWait: 60_000 }, () => waiting.add(n)));
    const { loader, release } = gate("v");
    const calls = Array.from({ length: 90 }, (_, i) => instances[i % 3]!.getOrLoad("event:hot", loader));
    // The holder's loader runs until the two other instances were refused the lock and wait for its value.
    await waitUntil(async () => waiting.size === 2, 30_000, "two instances waiting for the lock holder");
    release();
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
