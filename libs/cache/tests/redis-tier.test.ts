import { redisServer } from "@ticketing/testing";
import { createCache, type Cache } from "../src/index.js";
import {
  connect,
  gate,
  nextEvent,
  PATIENT_COMMAND_TIMEOUT,
  sharedRedisFleet,
  type Client,
} from "./support.js";

describe("RedisTier (the shared L2) through createCache", () => {
  const shared = sharedRedisFleet();

  test("serves another instance's value from L2 without calling the loader", async () => {
    const a = await shared.fleet.instance();
    const b = await shared.fleet.instance();
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

  test("removes tagged keys from L2 and from every L1 with deleteByTag", async () => {
    const [a, b] = await Promise.all([shared.fleet.instance(), shared.fleet.instance()]);
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
    expect(await shared.raw.exists(`${shared.prefix}{events}:v:event:1`)).toBe(0);
  });

  test("removes a tagged key that another instance wrote between reading the tag's members and deleting them", async () => {
    const writer = await shared.fleet.instance();
    const client = await connect((await redisServer()).url);
    const deleter = createCache({
      namespace: "events",
      prefix: shared.prefix,
      redis: afterFirstMembersRead(client, () => writer.set("event:late", "late", { tags: ["venue:9"] })),
      commandTimeout: PATIENT_COMMAND_TIMEOUT,
    });
    try {
      await writer.set("event:1", 1, { tags: ["venue:9"] });
      await deleter.deleteByTag("venue:9");
      expect(await shared.raw.exists(`${shared.prefix}{events}:v:event:late`)).toBe(0);
      expect(await shared.raw.exists(`${shared.prefix}{events}:v:event:1`)).toBe(0);
      expect(await shared.raw.exists(`${shared.prefix}{events}:t:venue:9`)).toBe(0);
    } finally {
      await deleter.close();
      await client.close();
    }
  });

  test("clears the namespace everywhere and leaves other namespaces alone", async () => {
    const [a, b] = await Promise.all([shared.fleet.instance(), shared.fleet.instance()]);
    const other = await shared.fleet.instance({ namespace: "users" });
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
      const [a, b, observer] = await Promise.all([
        shared.fleet.instance(),
        shared.fleet.instance(),
        shared.fleet.instance(),
      ]);
      const { loader, release } = gate("stale");
      const started = nextEvent(a, "cache:load:started");
      const finished = nextEvent(a, "cache:load:finished");
      const pending = a.getOrLoad("event:1", loader, { tags: ["event:1"] });
      await started;
      await invalidate(b);
      release();
      await expect(pending).resolves.toBe("stale");
      expect(await finished).toMatchObject({ stored: false });
      expect(await shared.raw.exists(`${shared.prefix}{events}:v:event:1`)).toBe(0);
      await expect(observer.getOrLoad("event:1", async () => "fresh")).resolves.toBe("fresh");
    },
  );

  test("lets keys written together expire at different times with jitter", async () => {
    const a = await shared.fleet.instance({ jitter: 0.5, ttl: 100_000 });
    for (let i = 0; i < 20; i++) await a.set(`k${i}`, i);
    const ttls = await Promise.all(
      Array.from({ length: 20 }, (_, i) => shared.raw.pTTL(`${shared.prefix}{events}:v:k${i}`)),
    );
    expect(new Set(ttls.map((ttl) => Math.round(Number(ttl) / 1_000))).size).toBeGreaterThan(5);
    expect(ttls.every((ttl) => Number(ttl) > 49_000 && Number(ttl) <= 100_000)).toBe(true);
  });

  test("works with L1 turned off, reading Redis every time", async () => {
    const a = await shared.fleet.instance({ l1: false });
    const loader = jest.fn(async () => "v");
    await a.getOrLoad("k", loader);
    await a.getOrLoad("k", loader);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(a.snapshot()).toMatchObject({ hits: { l1: 0, l2: 1 }, l1: false });
  });
});

/** The real client, running `between` once, after the first SMEMBERS reply and before the caller sees it. */
function afterFirstMembersRead(client: Client, between: () => Promise<void>): Client {
  let pending: (() => Promise<void>) | undefined = between;
  const wrap = (target: Client): Client =>
    new Proxy(target, {
      get(inner, property) {
        if (property === "withCommandOptions") {
          return (options: object) => wrap(inner.withCommandOptions(options) as unknown as Client);
        }
        if (property === "sMembers") {
          return async (key: string) => {
            const reply = await inner.sMembers(key);
            const run = pending;
            pending = undefined;
            await run?.();
            return reply;
          };
        }
        const value: unknown = Reflect.get(inner, property, inner);
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
      },
    });
  return wrap(client);
}
