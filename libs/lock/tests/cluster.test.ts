import { createCluster } from "@redis/client";
import { startRedisCluster, type RedisCluster } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";
import { sleep } from "./helpers.js";

const newCluster = (rootNodes: { url: string }[]) => createCluster({ rootNodes });
let cluster: RedisCluster;
let clients: ReturnType<typeof newCluster>[];
let locks: RedisLocks[];

beforeAll(async () => {
  cluster = await startRedisCluster();
  clients = [newCluster([...cluster.rootNodes]), newCluster([...cluster.rootNodes])];
  for (const client of clients) {
    client.on("error", () => {});
    await client.connect();
  }
  locks = clients.map((client) => new RedisLocks({ client }));
}, 60_000);

afterAll(async () => {
  await Promise.all(locks.map((instance) => instance.close()));
  await Promise.all(clients.map((client) => client.close()));
  await cluster.stop();
});

describe("RedisLocks on Redis Cluster", () => {
  test("keeps a GET/SET counter exact across 64 contenders on two cluster clients, waking waiters across nodes", async () => {
    const [a, b] = locks as [RedisLocks, RedisLocks];
    const [ca, cb] = clients as [ReturnType<typeof newCluster>, ReturnType<typeof newCluster>];
    await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        (i % 2 ? a : b).withLock(
          "counter",
          async () => {
            const client = i % 2 ? ca : cb;
            const value = Number((await client.get("cluster-counter")) ?? "0");
            await client.set("cluster-counter", String(value + 1));
          },
          { waitMs: 60_000 },
        ),
      ),
    );
    expect(Number(await ca.get("cluster-counter"))).toBe(64);
  });

  test("acquires resources that live in different slots all-or-nothing, in sorted order", async () => {
    const [a, b] = locks as [RedisLocks, RedisLocks];
    // Different hash tags: these land on different slots and, with three primaries, mostly on different nodes.
    const seats = ["seat:1", "seat:2", "seat:3", "seat:4", "seat:5", "seat:6"];
    const blocker = await b.acquire("seat:4");
    expect(await a.tryAcquire(seats)).toBeNull();
    const free = await b.tryAcquire(["seat:1", "seat:2", "seat:3"]);
    expect(free?.resources).toEqual(["seat:1", "seat:2", "seat:3"]);
    await free?.release();
    const waiting = a.acquire([...seats].reverse(), { waitMs: 10_000 });
    await sleep(50);
    await blocker.release();
    const all = await waiting;
    expect(all.resources).toEqual(seats);
    expect(all.fences.every((fence) => fence > 0)).toBe(true);
    await all.release();
  });

  test("runs every script of one resource on one slot (no CROSSSLOT) and hands it over in order", async () => {
    const [a] = locks as [RedisLocks];
    const held = await a.acquire("event:42");
    const waiting = a.acquire("event:42", { waitMs: 5_000 });
    await sleep(50);
    await held.release();
    const lock = await waiting;
    expect(lock.fence).toBeGreaterThan(held.fence);
    await lock.release();
  });
});

describe("resource names on Redis Cluster", () => {
  test.each(["}x", "}", "}}", "}{x}", "a}b", "{x}", "x{", "{"])(
    "locks %j with every key in one slot, and hands it over between instances",
    async (name) => {
      const [a, b] = locks as [RedisLocks, RedisLocks];
      const held = await a.acquire(name);
      const waiting = b.acquire(name, { waitMs: 10_000 });
      await sleep(50);
      await held.release();
      const next = await waiting;
      expect(next.fence).toBeGreaterThan(held.fence);
      await next.release();
      const semaphore = await a.acquire(name, { limit: 2 });
      await semaphore.release();
    },
  );
});
