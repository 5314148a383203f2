import { redisServer, uniquePrefix } from "@ticketing/testing";
import {
  CacheInputError,
  createCache,
  type Cache,
  type CacheEvents,
  type CacheOptions,
} from "../src/index.js";
import { connect, gate, nextEvent, onStoppedClock, PATIENT_COMMAND_TIMEOUT, type Client } from "./support.js";

// One conformance suite: the memory-only cache and the two-tier cache over Redis (with fleet-wide single flight)
// must behave the same for a single instance.
describe.each([
  ["memory-only", false],
  ["two-tier over Redis", true],
])("createCache (%s)", (_mode, withRedis) => {
  const caches: Cache[] = [];
  let client: Client | undefined;
  let prefix = "";
  beforeAll(async () => {
    if (withRedis) client = await connect((await redisServer()).url);
  });
  beforeEach(() => {
    prefix = uniquePrefix("conformance");
  });
  afterEach(async () => {
    await Promise.all(caches.splice(0).map((cache) => cache.close()));
  });
  afterAll(() => client?.close());

  const make = (options: Partial<CacheOptions> = {}) => {
    const cache = createCache({
      namespace: "mem",
      prefix,
      jitter: 0,
      ...(client ? { redis: client, commandTimeout: PATIENT_COMMAND_TIMEOUT } : {}),
      ...options,
    });
    caches.push(cache);
    return cache;
  };

  test("loads once and then serves the stored value", async () => {
    const cache = make();
    const loader = jest.fn(async () => ({ id: "e1" }));
    await expect(cache.getOrLoad("event:e1", loader)).resolves.toEqual({ id: "e1" });
    await expect(cache.getOrLoad("event:e1", loader)).resolves.toEqual({ id: "e1" });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(cache.snapshot()).toMatchObject({
      namespace: "mem",
      hits: { l1: 1, l2: 0, total: 1 },
      misses: 1,
      hitRatio: 0.5,
    });
  });

  test("peeks at the fresh copy in memory without loading or waiting", async () => {
    const cache = make({ ttl: 60_000 });
    const hits: CacheEvents["cache:hit"][] = [];
    cache.on("cache:hit", (hit) => hits.push(hit));
    expect(cache.peek("event:e1")).toBeUndefined();
    await cache.getOrLoad("event:e1", async () => ({ id: "e1" }));
    expect(cache.peek("event:e1")).toEqual({ id: "e1" });
    expect(hits).toEqual([expect.objectContaining({ key: "event:e1", tier: "l1" })]);
    await cache.delete("event:e1");
    expect(cache.peek("event:e1")).toBeUndefined();
    expect(() => cache.peek("")).toThrow(CacheInputError);
  });

  test("shares one loader call between concurrent misses of a key", async () => {
    const cache = make();
    const { loader, release } = gate("v");
    const results = Array.from({ length: 100 }, () => cache.getOrLoad("k", loader));
    release();
    expect(await Promise.all(results)).toEqual(Array(100).fill("v"));
    expect(loader).toHaveBeenCalledTimes(1);
  });

  // Stopped clocks below: an entry turns stale or expires when the test moves the clock, not when a sleep on the
  // monotonic timer clock happens to have outrun deadlines taken from the wall clock.
  test(
    "serves the stale value within grace and refreshes it in the background",
    onStoppedClock(async (clock) => {
      const cache = make({ ttl: 60_000, grace: 60_000 });
      const stale: CacheEvents["cache:stale"][] = [];
      cache.on("cache:stale", (event) => stale.push(event));
      await cache.getOrLoad("k", async () => "v1", { ttl: 30 });
      clock.advance(40);
      const { loader, release } = gate("v2");
      const refreshed = nextEvent(cache, "cache:load:finished");
      await expect(cache.getOrLoad("k", loader)).resolves.toBe("v1");
      expect(stale).toEqual([{ namespace: "mem", key: "k", reason: "swr" }]);
      release();
      await refreshed;
      await expect(cache.getOrLoad("k", loader)).resolves.toBe("v2");
      expect(loader).toHaveBeenCalledTimes(1);
    }),
  );

  test(
    "reloads once grace is over",
    onStoppedClock(async (clock) => {
      const cache = make({ ttl: 20, grace: 20 });
      await cache.getOrLoad("k", async () => "v1");
      clock.advance(50);
      await expect(cache.getOrLoad("k", async () => "v2")).resolves.toBe("v2");
    }),
  );

  test(
    "serves stale after the soft timeout when the loader is slow",
    onStoppedClock(async (clock) => {
      const cache = make({ ttl: 60_000, grace: 60_000, staleWhileRevalidate: false, softTimeout: 30 });
      await cache.getOrLoad("k", async () => "v1", { ttl: 20 });
      clock.advance(30);
      const { loader, release } = gate("v2");
      const finished = nextEvent(cache, "cache:load:finished");
      await expect(cache.getOrLoad("k", loader)).resolves.toBe("v1");
      release();
      await finished;
      await expect(cache.get("k")).resolves.toBe("v2");
    }),
  );

  test(
    "serves stale when the loader fails within grace, and the loader's error otherwise",
    onStoppedClock(async (clock) => {
      const cache = make({ ttl: 20, grace: 60_000, staleWhileRevalidate: false });
      await cache.getOrLoad("k", async () => "v1");
      clock.advance(30);
      const boom = new Error("database down");
      await expect(cache.getOrLoad("k", () => Promise.reject(boom))).resolves.toBe("v1");
      await expect(cache.getOrLoad("other", () => Promise.reject(boom))).rejects.toBe(boom);
    }),
  );

  test("aborts a loader past the hard timeout with E_LOAD_TIMEOUT", async () => {
    const cache = make({ hardTimeout: 30 });
    let signal: AbortSignal | undefined;
    const error = await cache
      .getOrLoad("k", (s) => {
        signal = s;
        return new Promise(() => undefined);
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_LOAD_TIMEOUT", key: "k", timeoutMs: 30 });
    expect(signal?.aborted).toBe(true);
  });

  test(
    "caches a not-found result for negativeTtl only",
    onStoppedClock(async (clock) => {
      const cache = make({ ttl: 60_000, negativeTtl: 500 });
      const loader = jest.fn(async () => null);
      await expect(cache.getOrLoad("missing", loader)).resolves.toBeNull();
      await expect(cache.getOrLoad("missing", loader)).resolves.toBeNull();
      clock.advance(499);
      await expect(cache.getOrLoad("missing", loader)).resolves.toBeNull();
      expect(loader).toHaveBeenCalledTimes(1);
      clock.advance(1);
      await expect(cache.getOrLoad("missing", loader)).resolves.toBeNull();
      expect(loader).toHaveBeenCalledTimes(2);
    }),
  );

  test("does not cache not-found results when negativeTtl is false", async () => {
    const cache = make({ negativeTtl: false });
    const loader = jest.fn(async () => undefined);
    await cache.getOrLoad("missing", loader);
    await cache.getOrLoad("missing", loader);
    expect(loader).toHaveBeenCalledTimes(2);
  });

  test("does not let a loader that started before delete write its value back", async () => {
    const cache = make();
    const { loader, release } = gate("old");
    const started = nextEvent(cache, "cache:load:started");
    const pending = cache.getOrLoad("k", loader);
    await started;
    await cache.delete("k");
    const fresh = cache.getOrLoad("k", async () => "new");
    release();
    await expect(pending).resolves.toBe("old");
    await expect(fresh).resolves.toBe("new");
    await expect(cache.get("k")).resolves.toBe("new");
  });

  test("does not let a loader that started before deleteByTag write its value back", async () => {
    const cache = make();
    const { loader, release } = gate("old");
    const started = nextEvent(cache, "cache:load:started");
    const pending = cache.getOrLoad("k", loader, { tags: ["event:1"] });
    await started;
    await cache.deleteByTag("event:1");
    release();
    await pending;
    await expect(cache.get("k")).resolves.toBeUndefined();
  });

  test("removes tagged keys with deleteByTag and every key with clear", async () => {
    const cache = make();
    await cache.set("a", 1, { tags: ["t"] });
    await cache.set("b", 2, { tags: ["t", "u"] });
    await cache.set("c", 3);
    await cache.deleteByTag("t");
    expect([await cache.get("a"), await cache.get("b"), await cache.get("c")]).toEqual([
      undefined,
      undefined,
      3,
    ]);
    await cache.clear();
    await expect(cache.get("c")).resolves.toBeUndefined();
  });

  test("wraps a function, keyed by its arguments", async () => {
    const cache = make();
    const find = jest.fn(async (id: string, locale: string) => `${id}/${locale}`);
    const cached = cache.wrap(find, (id, locale) => `event:${id}:${locale}`);
    expect(await cached("1", "fr")).toBe("1/fr");
    expect(await cached("1", "fr")).toBe("1/fr");
    expect(await cached("2", "fr")).toBe("2/fr");
    expect(find).toHaveBeenCalledTimes(2);
  });

  test("emits load events with durations", async () => {
    const cache = make();
    const seen: string[] = [];
    cache.on("cache:miss", () => seen.push("miss"));
    cache.on("cache:load:started", () => seen.push("started"));
    cache.on("cache:load:finished", (e) => seen.push(`finished:${e.stored}:${e.durationMs >= 0}`));
    cache.on("cache:load:failed", (e) => seen.push(`failed:${(e.error as Error).message}`));
    cache.on("cache:hit", (e) => seen.push(`hit:${e.tier}`));
    await cache.getOrLoad("k", async () => 1);
    await cache.getOrLoad("k", async () => 1);
    await cache.getOrLoad("x", () => Promise.reject(new Error("nope"))).catch(() => undefined);
    expect(seen).toEqual([
      "miss",
      "started",
      "finished:true:true",
      "hit:l1",
      "miss",
      "started",
      "failed:nope",
    ]);
  });

  test("stops waiting when the caller's signal aborts, without failing other callers", async () => {
    const cache = make();
    const { loader, release } = gate("v");
    const controller = new AbortController();
    const first = cache.getOrLoad("k", loader, { signal: controller.signal });
    const second = cache.getOrLoad("k", loader);
    controller.abort(new Error("client went away"));
    await expect(first).rejects.toThrow("client went away");
    release();
    await expect(second).resolves.toBe("v");
  });

  test("refuses every call after close with E_CLOSED", async () => {
    const cache = make();
    await cache.close();
    await expect(cache.getOrLoad("k", async () => 1)).rejects.toMatchObject({ code: "E_CLOSED" });
    await expect(cache.set("k", 1)).rejects.toMatchObject({ code: "E_CLOSED" });
  });
});
