import { createClient } from "@redis/client";
import { redisServer, uniquePrefix, waitUntil } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";
import { conformance } from "./conformance.js";
import { lost, rejection, sleep } from "./helpers.js";

const newClient = (url: string) => createClient({ url });
type Client = ReturnType<typeof newClient>;
const clients: Client[] = [];
const instances: RedisLocks[] = [];
let prefix: string;

async function connect(): Promise<Client> {
  const client = newClient((await redisServer()).url);
  client.on("error", () => {});
  await client.connect();
  clients.push(client);
  return client;
}

async function locksOn(client: Client): Promise<RedisLocks> {
  const locks = new RedisLocks({ client, prefix });
  instances.push(locks);
  return locks;
}

beforeAll(() => {
  prefix = uniquePrefix("lock");
});

afterAll(async () => {
  await Promise.all(instances.map((locks) => locks.close()));
  const [client] = clients;
  if (client) {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(keys);
  }
  await Promise.all(clients.map((client) => client.close()));
});

conformance(
  "RedisLocks",
  async () => ({ locks: await locksOn(await connect()), other: await locksOn(await connect()) }),
  { fifo: true, semaphore: true },
);

describe("RedisLocks", () => {
  test("keeps a non-atomic GET/SET counter in Redis exact across 64 contenders on 4 connections", async () => {
    const connections = await Promise.all([connect(), connect(), connect(), connect()]);
    const fleet = await Promise.all(connections.map(locksOn));
    const counter = `${prefix}counter`;
    const rounds = 5;
    await Promise.all(
      Array.from({ length: 64 }, async (_, i) => {
        const locks = fleet[i % fleet.length] as RedisLocks;
        const client = connections[i % connections.length] as Client;
        for (let round = 0; round < rounds; round++)
          await locks.withLock(
            "counter",
            async () => {
              const value = Number((await client.get(counter)) ?? "0");
              await client.set(counter, String(value + 1));
            },
            { waitMs: 60_000 },
          );
      }),
    );
    expect(Number(await connections[0]?.get(counter))).toBe(64 * rounds);
  });

  test("gives every key it writes a TTL, except the fence counter", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const other = await locksOn(await connect());
    const held = await locks.acquire("ttl", { ttlMs: 5_000 });
    const waiting = other.acquire("ttl", { waitMs: 5_000 });
    const base = `${prefix}{ttl}`;
    await waitUntil(async () => (await client.lLen(`${base}:queue`)) === 1, 10_000, "the wait to queue");
    for (const key of [base, `${base}:queue`, `${base}:waiters`])
      expect(await client.pTTL(key)).toBeGreaterThan(0);
    expect(await client.pTTL(`${base}:fence`)).toBe(-1);
    await held.release();
    await (await waiting).release();
  });

  test("leaves no queue entry or lock behind when a wait is aborted or times out", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const other = await locksOn(await connect());
    const held = await locks.acquire("residue");
    const controller = new AbortController();
    const aborted = other.acquire("residue", { waitMs: 30_000, signal: controller.signal });
    const timedOut = other.acquire("residue", { waitMs: 200 });
    await sleep(50);
    controller.abort();
    expect((await rejection(aborted)).code).toBe("E_LOCK_ABORTED");
    expect((await rejection(timedOut)).code).toBe("E_LOCK_TIMEOUT");
    const base = `${prefix}{residue}`;
    expect(await client.exists([`${base}:queue`, `${base}:waiters`])).toBe(0);
    await held.release();
    expect(await client.exists(base)).toBe(0);
  });

  test("skips queue entries of waiters that timed out or that nobody listens for any more", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const base = `${prefix}{ghosts}`;
    const other = await locksOn(await connect());
    const held = await locks.acquire("ghosts", { ttlMs: 3_000 });
    const now = Date.now();
    // A waiter whose deadline passed, then one still "waiting" whose process is gone (no one listens on its channel).
    await client.rPush(`${base}:queue`, ["expired-ghost", "dead-ghost"]);
    await client.hSet(`${base}:waiters`, {
      "expired-ghost": `${now - 1_000} 60000 g/0 ${prefix}wake:nobody`,
      "dead-ghost": `${now + 60_000} 60000 g/1 ${prefix}wake:nobody`,
    });
    const waiting = other.acquire("ghosts", { waitMs: 30_000 });
    await waitUntil(async () => (await client.lLen(`${base}:queue`)) === 3, 10_000, "the wait to queue");
    await held.release();
    const lock = await waiting;
    expect(await client.get(base)).toBe(lock.token);
    expect(lock.fence).toBeGreaterThan(held.fence);
    expect(await client.exists([`${base}:queue`, `${base}:waiters`])).toBe(0);
    await lock.release();
  });

  test("close() ends pending waits with E_LOCK_CLOSED and leaves nothing queued", async () => {
    const client = await connect();
    const holder = await locksOn(client);
    const closing = new RedisLocks({ client, prefix });
    const held = await holder.acquire("closing");
    const waiting = closing.acquire("closing", { waitMs: 30_000 });
    await sleep(50);
    await closing.close();
    expect((await rejection(waiting)).code).toBe("E_LOCK_CLOSED");
    expect(await client.exists([`${prefix}{closing}:queue`, `${prefix}{closing}:waiters`])).toBe(0);
    await held.release();
  });

  test("wakes a waiter of the releasing instance from the release reply and publishes only to other instances", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const other = await locksOn(await connect());
    const watcher = (await connect()).duplicate();
    await watcher.connect();
    const published: string[] = [];
    await watcher.pSubscribe(`${prefix}wake:*`, (message) => published.push(message));
    try {
      const held = await locks.acquire("reply-wake");
      // A multi-resource wait queues at the store even behind a holder of its own instance.
      const sameInstance = locks.acquire(["reply-wake", "reply-wake-2"], { waitMs: 30_000 });
      const queue = `${prefix}{reply-wake}:queue`;
      await waitUntil(async () => (await client.lLen(queue)) === 1, 10_000, "the wait to queue");
      await held.release();
      const next = await sameInstance;
      expect(next.fence).toBeGreaterThan(held.fence);
      const otherInstance = other.acquire("reply-wake", { waitMs: 30_000 });
      await waitUntil(async () => (await client.lLen(queue)) === 1, 10_000, "the other wait to queue");
      await next.release();
      const last = await otherInstance;
      expect(last.fence).toBeGreaterThan(next.fence);
      await last.release();
      await waitUntil(async () => published.length > 0, 10_000, "the published wake-up");
      expect(published).toEqual([expect.stringMatching(new RegExp(`^\\S+ ${last.fence} \\d+ \\d+ \\d+$`))]);
    } finally {
      await watcher.close();
    }
  });

  test("records a lock passed within the instance at the store, under the new holder's token", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const base = `${prefix}{passed}`;
    const held = await locks.acquire("passed");
    const waiting = locks.acquire("passed", { waitMs: 10_000 });
    await held.release();
    const next = await waiting;
    expect(next.fence).toBe(held.fence + 1);
    await waitUntil(async () => (await client.get(base)) === next.token, 10_000, "the pass at the store");
    expect(await client.get(`${base}:fence`)).toBe(String(next.fence));
    await next.release();
    expect(await client.exists(base)).toBe(0);
  });

  test("with localPass: false, hands a lock to a caller of its own instance through the store, recorded before it runs", async () => {
    const client = await connect();
    const locks = new RedisLocks({ client, prefix, localPass: false });
    instances.push(locks);
    const base = `${prefix}{through-store}`;
    const held = await locks.acquire("through-store", { ttlMs: 60_000 });
    const waiting = locks.acquire("through-store", { waitMs: 30_000 });
    // With passes on, the caller would wait in this instance's line and the store's queue would stay empty.
    await waitUntil(
      async () => (await client.lLen(`${base}:queue`)) === 1,
      3_000,
      "the wait to queue at the store",
    );
    await held.release();
    const next = await waiting;
    expect(next.fence).toBeGreaterThan(held.fence);
    expect(await client.get(base)).toBe(next.token);
    expect(await client.get(`${base}:fence`)).toBe(String(next.fence));
    await next.release();
  });

  test("aborts the signal of a caller passed a lock that the store no longer gave to its holder", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const held = await locks.acquire("gone");
    const waiting = locks.acquire("gone", { waitMs: 10_000 });
    await client.del(`${prefix}{gone}`);
    await held.release();
    const next = await waiting;
    expect(await lost(next)).toMatchObject({ code: "E_LOCK_LOST", reason: "not-owner" });
    const fresh = await locks.acquire("gone", { waitMs: 10_000 });
    expect(fresh.fence).toBeGreaterThan(next.fence);
    await fresh.release();
  });

  test("voids a pass whose promised fence another acquisition took, and frees the lock for the next caller", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const base = `${prefix}{moved}`;
    const held = await locks.acquire("moved");
    const waiting = locks.acquire("moved", { waitMs: 10_000 });
    // A semaphore on the same name shares the fence counter and can move it while the mutex is held.
    await client.incr(`${base}:fence`);
    await held.release();
    const next = await waiting;
    expect(await lost(next)).toMatchObject({ code: "E_LOCK_LOST", reason: "not-owner" });
    await waitUntil(
      async () => (await client.exists(base)) === 0,
      10_000,
      "the voided pass to free the lock",
    );
    const fresh = await locks.acquire("moved", { waitMs: 10_000 });
    expect(fresh.fence).toBeGreaterThan(next.fence);
    await fresh.release();
  });

  test("lets a waiter of another instance in after at most the passes its holder made before hearing of it", async () => {
    const client = await connect();
    const mine = await locksOn(client);
    const theirs = await locksOn(await connect());
    const base = `${prefix}{fair}`;
    const order: string[] = [];
    const held = await mine.acquire("fair");
    const remote = theirs.acquire("fair", { waitMs: 30_000 }).then(async (lock) => {
      order.push("remote");
      await lock.release();
    });
    await waitUntil(async () => (await client.lLen(`${base}:queue`)) === 1, 10_000, "the remote wait");
    const locals = [1, 2, 3].map((i) =>
      mine.acquire("fair", { waitMs: 30_000 }).then(async (lock) => {
        order.push(`local${i}`);
        if (i === 1) {
          // The pass's reply, which reports the remote waiter, has reached this instance.
          await waitUntil(async () => (await client.get(base)) === lock.token, 10_000, "the pass");
          await client.ping();
          await new Promise((resolve) => setImmediate(resolve));
        }
        await lock.release();
      }),
    );
    await held.release();
    await Promise.all([remote, ...locals]);
    expect(order).toEqual(["local1", "remote", "local2", "local3"]);
  });

  test("close fails the callers queued behind a holder of the same instance, and releases the holder", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    await locks.acquire("closing");
    const queued = locks.acquire("closing", { waitMs: 30_000 });
    await locks.close();
    expect((await rejection(queued)).code).toBe("E_LOCK_CLOSED");
    expect(await client.exists(`${prefix}{closing}`)).toBe(0);
  });

  test("opens one more connection once concurrent calls form batches, and closes what it opened on close()", async () => {
    const opened = async (secondConnection: boolean) => {
      const client = await connect();
      const duplicates: { isOpen: boolean }[] = [];
      const duplicate = client.duplicate.bind(client);
      (client as { duplicate: () => unknown }).duplicate = () => {
        const connection = duplicate();
        duplicates.push(connection);
        return connection;
      };
      const locks = new RedisLocks({ client, prefix, secondConnection });
      for (let round = 0; round < 3; round++) {
        const held = await Promise.all(Array.from({ length: 32 }, (_, i) => locks.acquire(`batch-${i}`)));
        await Promise.all(held.map((lock) => lock.release()));
      }
      const count = duplicates.length;
      await locks.close();
      expect(duplicates.every((connection) => !connection.isOpen)).toBe(true);
      expect(client.isOpen).toBe(true);
      return count;
    };
    // One subscriber for wake-ups, plus the batch connection when asked for.
    expect(await opened(true)).toBe(2);
    expect(await opened(false)).toBe(1);
  });

  test("refuses a client that is not a Redis client", () => {
    expect(() => new RedisLocks({ client: {} as never })).toThrow(
      expect.objectContaining({ code: "E_LOCK_INVALID_ARGUMENT" }),
    );
  });
});
