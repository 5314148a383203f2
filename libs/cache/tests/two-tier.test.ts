import { setTimeout as sleep } from "node:timers/promises";
import { redisServer, uniquePrefix, waitUntil } from "@ticketing/testing";
import type { Cache, CacheEvents } from "../src/index.js";
import { connect, Fleet, gate, nextEvent, onStoppedClock, type Client } from "./support.js";

describe("createCache over a shared Redis", () => {
  let fleet: Fleet;
  let raw: Client;
  let prefix: string;

  beforeAll(async () => {
    const { url } = await redisServer();
    raw = await connect(url);
    fleet = new Fleet(url, "");
  });
  beforeEach(() => {
    prefix = uniquePrefix("cache");
    fleet.prefix = prefix;
  });
  afterEach(() => fleet.close());
  afterAll(() => raw.close());

  test("serves another instance's value from L2 without calling the loader", async () => {
    const a = await fleet.instance();
    const b = await fleet.instance();
    await a.getOrLoad("event:1", async () => ({ id: "1", eventDate: new Date("2027-01-01T00:00:00Z") }));
    const loader = jest.fn(async () => ({ id: "other", eventDate: new Date(0) }));
    const hit = nextEvent(b, "cache:hit");
    await expect(b.getOrLoad("event:1", loader)).resolves.toEqual({
      id: "1",
      eventDate: new Date("2027-01-01T00:00:00Z"),
    });
    expect(await hit).toMatchObject({ tier: "l2" });
    expect(loader).not.toHaveBeenCalled();
  });

  test("runs exactly one loader for 1,000 concurrent misses spread over 4 instances", async () => {
    const waiting = new Set<number>();
    // fleetWait: no instance may give up on the holder and load itself while this test holds the loader back.
    const instances = await Promise.all(
      [0, 1, 2, 3].map((n) => fleet.instance({ fleetWait: 60_000 }, { onLockRefused: () => waiting.add(n) })),
    );
    const { loader, release } = gate({ seats: 100 });
    const calls = Array.from({ length: 1_000 }, (_, i) => instances[i % 4]!.getOrLoad("event:hot", loader));
    // The holder's loader runs until the three other instances were refused the lock and wait for its value.
    await waitUntil(async () => waiting.size === 3, 30_000, "three instances waiting for the lock holder");
    release();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.seats === 100)).toBe(true);
    expect(loader).toHaveBeenCalledTimes(1);
    const shared = instances.reduce((sum, cache) => sum + cache.snapshot().loads.shared, 0);
    expect(shared).toBe(3);
  });

  test("drops the key from every instance's L1 on delete", async () => {
    const [a, b, c] = await Promise.all([fleet.instance(), fleet.instance(), fleet.instance()]);
    for (const cache of [a, b, c]) await cache.getOrLoad("event:1", async () => "v1");
    // Only the delete's notice: a late write notice of the loads above must not stand in for it.
    const seenByB = nextEvent(b, "cache:invalidated", (e) => e.source === "remote" && e.kind === "key");
    const seenByC = nextEvent(c, "cache:invalidated", (e) => e.source === "remote" && e.kind === "key");
    await a.delete("event:1");
    expect(await seenByB).toEqual({ namespace: "events", kind: "key", target: "event:1", source: "remote" });
    await seenByC;
    await expect(b.get("event:1")).resolves.toBeUndefined();
    await expect(c.getOrLoad("event:1", async () => "v2")).resolves.toBe("v2");
  });

  test("replaces other instances' L1 copies when a value is set", async () => {
    const [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
    // b takes the notice of the first write before it reads, so that the notice awaited below is the second one's.
    const first = nextEvent(b, "cache:invalidated", (e) => e.kind === "write");
    await a.set("k", "v1");
    await first;
    await expect(b.get("k")).resolves.toBe("v1");
    const seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "write");
    await a.set("k", "v2");
    expect(await seen).toMatchObject({ kind: "write", target: "k" });
    await expect(b.get("k")).resolves.toBe("v2");
  });

  test("removes tagged keys from L2 and from every L1 with deleteByTag", async () => {
    const [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
    await a.getOrLoad("event:1", async () => 1, { tags: ["venue:9"] });
    await a.getOrLoad("event:2", async () => 2, { tags: ["venue:9", "city:lyon"] });
    await a.getOrLoad("event:3", async () => 3, { tags: ["city:lyon"] });
    for (const key of ["event:1", "event:2", "event:3"]) await b.get(key);
    const seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "tag");
    await a.deleteByTag("venue:9");
    await seen;
    expect([await b.get("event:1"), await b.get("event:2"), await b.get("event:3")]).toEqual([
      undefined,
      undefined,
      3,
    ]);
    expect(await raw.exists(`${prefix}{events}:v:event:1`)).toBe(0);
  });

  test("clears the namespace everywhere and leaves other namespaces alone", async () => {
    const [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
    const other = await fleet.instance({ namespace: "users" });
    await a.set("k1", 1);
    await a.set("k2", 2);
    await other.set("k1", "user");
    await b.get("k1");
    const seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "clear");
    await a.clear();
    await seen;
    expect([await b.get("k1"), await a.get("k2")]).toEqual([undefined, undefined]);
    await expect(other.get("k1")).resolves.toBe("user");
  });

  test.each([
    ["delete", (cache: Cache) => cache.delete("event:1")],
    ["deleteByTag", (cache: Cache) => cache.deleteByTag("event:1")],
    ["clear", (cache: Cache) => cache.clear()],
  ])(
    "never lets a loader that started before %s on another instance write its value back",
    async (_name, invalidate) => {
      const [a, b, observer] = await Promise.all([fleet.instance(), fleet.instance(), fleet.instance()]);
      const { loader, release } = gate("stale");
      const started = nextEvent(a, "cache:load:started");
      const finished = nextEvent(a, "cache:load:finished");
      const pending = a.getOrLoad("event:1", loader, { tags: ["event:1"] });
      await started;
      await invalidate(b);
      release();
      await expect(pending).resolves.toBe("stale");
      expect(await finished).toMatchObject({ stored: false });
      expect(await raw.exists(`${prefix}{events}:v:event:1`)).toBe(0);
      await expect(observer.getOrLoad("event:1", async () => "fresh")).resolves.toBe("fresh");
    },
  );

  test(
    "serves a stale L2 value within grace to a new instance and refreshes it once",
    // The value turns stale when the test moves the clock, not when a sleep happens to end.
    onStoppedClock(async (clock) => {
      const a = await fleet.instance({ grace: 60_000 });
      await a.getOrLoad("event:1", async () => "v1", { ttl: 30 });
      clock.advance(50);
      const b = await fleet.instance({ ttl: 60_000, grace: 60_000 });
      const refreshed = nextEvent(b, "cache:load:finished");
      const loader = jest.fn(async () => "v2");
      await expect(b.getOrLoad("event:1", loader)).resolves.toBe("v1");
      expect(await refreshed).toMatchObject({ stored: true });
      expect(loader).toHaveBeenCalledTimes(1);
      const c = await fleet.instance({ ttl: 60_000 });
      await expect(c.get("event:1")).resolves.toBe("v2");
    }),
  );

  test("lets keys written together expire at different times with jitter", async () => {
    const a = await fleet.instance({ jitter: 0.5, ttl: 100_000 });
    for (let i = 0; i < 20; i++) await a.set(`k${i}`, i);
    const ttls = await Promise.all(
      Array.from({ length: 20 }, (_, i) => raw.pTTL(`${prefix}{events}:v:k${i}`)),
    );
    expect(new Set(ttls.map((ttl) => Math.round(Number(ttl) / 1_000))).size).toBeGreaterThan(5);
    expect(ttls.every((ttl) => Number(ttl) > 49_000 && Number(ttl) <= 100_000)).toBe(true);
  });

  test("works with L1 turned off, reading Redis every time", async () => {
    const a = await fleet.instance({ l1: false });
    const loader = jest.fn(async () => "v");
    await a.getOrLoad("k", loader);
    await a.getOrLoad("k", loader);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(a.snapshot()).toMatchObject({ hits: { l1: 0, l2: 1 }, l1: false });
  });

  test("with L2 turned off still invalidates other instances' L1 through Redis", async () => {
    const [a, b] = await Promise.all([fleet.instance({ l2: false }), fleet.instance({ l2: false })]);
    await a.set("k", 1);
    await b.set("k", 1);
    // The delete's notice, not a's write notice for its own set.
    const seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "key");
    await a.delete("k");
    await seen;
    await expect(b.get("k")).resolves.toBeUndefined();
    expect(await raw.exists(`${prefix}{events}:v:k`)).toBe(0);
  });

  test("refreshes a hot key before expiry with earlyRefresh", async () => {
    // A load of about 20 ms and a large beta make nearly every hit draw an early refresh, while the 60 s ttl keeps
    // the value fresh far longer than the test runs: however slow the machine, expiry cannot come first.
    const a = await fleet.instance({ ttl: 60_000, earlyRefresh: 100_000 });
    let calls = 0;
    const loader = async () => {
      calls++;
      await sleep(20);
      return calls;
    };
    await a.getOrLoad("hot", loader);
    let refresh: CacheEvents["cache:load:started"] | undefined;
    a.on("cache:load:started", (event) => {
      if (event.background) refresh ??= event;
    });
    // A hit draws the refresh; it starts once this instance holds the fleet-wide lock of the key.
    await waitUntil(
      async () => {
        await a.getOrLoad("hot", loader);
        return refresh !== undefined;
      },
      30_000,
      "an early refresh of the hot key",
    );
    expect(refresh).toMatchObject({ key: "hot", background: true });
  });
});
