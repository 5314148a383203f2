import { setTimeout as sleep } from "node:timers/promises";
import { waitUntil } from "@ticketing/testing";
import type { CacheEvents } from "../src/index.js";
import { gate, nextEvent, onStoppedClock, sharedRedisFleet } from "./support.js";

describe("Loads across instances", () => {
  const shared = sharedRedisFleet();

  test("runs exactly one loader for 1,000 concurrent misses spread over 4 instances", async () => {
    const waiting = new Set<number>();
    // fleetWait: no instance may give up on the holder and load itself while this test holds the loader back.
    const instances = await Promise.all(
      [0, 1, 2, 3].map((n) =>
        shared.fleet.instance({ fleetWait: 60_000 }, { onLockRefused: () => waiting.add(n) }),
      ),
    );
    const { loader, release } = gate({ seats: 100 });
    const calls = Array.from({ length: 1_000 }, (_, i) => instances[i % 4]!.getOrLoad("event:hot", loader));
    // The holder's loader runs until the three other instances were refused the lock and wait for its value.
    await waitUntil(async () => waiting.size === 3, 30_000, "three instances waiting for the lock holder");
    release();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.seats === 100)).toBe(true);
    expect(loader).toHaveBeenCalledTimes(1);
    const answeredByAnother = instances.reduce((sum, cache) => sum + cache.snapshot().loads.shared, 0);
    expect(answeredByAnother).toBe(3);
  });

  test(
    "serves a stale L2 value within grace to a new instance and refreshes it once",
    // The value turns stale when the test moves the clock, not when a sleep happens to end.
    onStoppedClock(async (clock) => {
      const a = await shared.fleet.instance({ grace: 60_000 });
      await a.getOrLoad("event:1", async () => "v1", { ttl: 30 });
      clock.advance(50);
      const b = await shared.fleet.instance({ ttl: 60_000, grace: 60_000 });
      const refreshed = nextEvent(b, "cache:load:finished");
      const loader = jest.fn(async () => "v2");
      await expect(b.getOrLoad("event:1", loader)).resolves.toBe("v1");
      expect(await refreshed).toMatchObject({ stored: true });
      expect(loader).toHaveBeenCalledTimes(1);
      const c = await shared.fleet.instance({ ttl: 60_000 });
      await expect(c.get("event:1")).resolves.toBe("v2");
    }),
  );

  test("refreshes a hot key before expiry with earlyRefresh", async () => {
    // A load of about 20 ms and a large beta make nearly every hit draw an early refresh, while the 60 s ttl keeps
    // the value fresh far longer than the test runs: however slow the machine, expiry cannot come first.
    const a = await shared.fleet.instance({ ttl: 60_000, earlyRefresh: 100_000 });
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
