import { createClient } from "@redis/client";
import { startRedis, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";

const newClient = (url: string) => createClient({ url });
let redis: OwnedRedis;
let client: ReturnType<typeof newClient>;
let locks: RedisLocks;

beforeAll(async () => {
  redis = await startRedis();
  client = newClient(redis.url);
  await client.connect();
  locks = new RedisLocks({ client });
});

afterAll(async () => {
  await locks.close();
  await client.close();
  await redis.stop();
});

async function scriptCalls(): Promise<number> {
  const stats = await client.info("commandstats");
  const count = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
  return count("evalsha") + count("eval");
}

describe("group commit of concurrent acquisitions and releases", () => {
  test("sends acquisitions made in the same tick as one script call, each decided on its own", async () => {
    const warm = await locks.acquire("warm-up");
    await warm.release();
    const before = await scriptCalls();
    const held = await locks.tryAcquire("taken");
    const grabbed = await Promise.all(
      Array.from({ length: 32 }, (_, i) => locks.tryAcquire(i === 7 ? "taken" : `seat:${i}`)),
    );
    const acquiring = (await scriptCalls()) - before;
    expect(grabbed[7]).toBeNull();
    expect(grabbed.filter((lock) => lock !== null)).toHaveLength(31);
    // One call for "taken", one for the 32 concurrent ones (plus at most one for a straggler).
    expect(acquiring).toBeLessThanOrEqual(3);
    const releasedBefore = await scriptCalls();
    await Promise.all(grabbed.map((lock) => lock?.release()));
    expect((await scriptCalls()) - releasedBefore).toBeLessThanOrEqual(2);
    for (let i = 0; i < 32; i++) if (i !== 7) expect(await client.exists(`lock:{seat:${i}}`)).toBe(0);
    await held?.release();
  });

  test("decides a batch that mixes ttls and waits with each acquisition's own ttl and wait", async () => {
    const other = new RedisLocks({ client });
    const taken = await other.acquire("mixed:taken");
    const awaited = await other.acquire("mixed:awaited");
    const ttls = [10_000, 20_000, 30_000];
    const before = await scriptCalls();
    const batch = Promise.all([
      ...Array.from({ length: 9 }, (_, i) =>
        locks.acquire(`mixed:${i}`, { ttlMs: ttls[i % 3], waitMs: 1_000 * (1 + (i % 2)) }),
      ),
      locks.tryAcquire("mixed:taken", { ttlMs: 20_000 }),
      locks.acquire("mixed:awaited", { ttlMs: 30_000, waitMs: 10_000 }),
    ]);
    await waitUntil(
      async () => (await client.lLen("lock:{mixed:awaited}:queue")) === 1,
      10_000,
      "the wait to queue",
    );
    // The nine free ones, the refused one and the queued one: one call (plus at most one for a straggler).
    expect((await scriptCalls()) - before).toBeLessThanOrEqual(2);
    await awaited.release();
    const locked = await batch;
    for (let i = 0; i < 9; i++) {
      const ttl = await client.pTTL(`lock:{mixed:${i}}`);
      expect(ttl).toBeGreaterThan((ttls[i % 3] as number) - 10_000);
      expect(ttl).toBeLessThanOrEqual(ttls[i % 3] as number);
    }
    expect(locked[9]).toBeNull();
    expect(locked[10]?.fence).toBeGreaterThan(awaited.fence);
    expect(await client.pTTL("lock:{mixed:awaited}")).toBeGreaterThan(20_000);
    await Promise.all([...locked.map((lock) => lock?.release()), taken.release()]);
    await other.close();
  });
});
