import { nextEvent, sharedRedisFleet } from "./support.js";

describe("Invalidations across instances", () => {
  const shared = sharedRedisFleet();

  test("drops the key from every instance's L1 on delete", async () => {
    const [a, b, c] = await Promise.all([
      shared.fleet.instance(),
      shared.fleet.instance(),
      shared.fleet.instance(),
    ]);
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
    const [a, b] = await Promise.all([shared.fleet.instance(), shared.fleet.instance()]);
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

  test("with L2 turned off still invalidates other instances' L1 through Redis", async () => {
    const [a, b] = await Promise.all([
      shared.fleet.instance({ l2: false }),
      shared.fleet.instance({ l2: false }),
    ]);
    await a.set("k", 1);
    await b.set("k", 1);
    // The delete's notice, not a's write notice for its own set.
    const seen = nextEvent(b, "cache:invalidated", (e) => e.kind === "key");
    await a.delete("k");
    await seen;
    await expect(b.get("k")).resolves.toBeUndefined();
    expect(await shared.raw.exists(`${shared.prefix}{events}:v:k`)).toBe(0);
  });
});
