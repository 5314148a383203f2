import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";
import { conformance } from "./conformance.js";
import { rejection, sleep } from "./helpers.js";

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
  { fifo: true },
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
    const held = await locks.acquire("ttl", { ttlMs: 5_000 });
    const waiting = locks.acquire("ttl", { waitMs: 5_000 });
    await sleep(100);
    const base = `${prefix}{ttl}`;
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

  test("skips queue entries of waiters that died and recovers a lock handed to one", async () => {
    const client = await connect();
    const locks = await locksOn(client);
    const base = `${prefix}{ghosts}`;
    const held = await locks.acquire("ghosts", { ttlMs: 1_000 });
    const now = Date.now();
    // A waiter whose deadline passed, then one that is still "waiting" but whose process is gone.
    await client.rPush(`${base}:queue`, ["expired-ghost", "live-ghost"]);
    await client.hSet(`${base}:waiters`, {
      "expired-ghost": `${now - 1_000} 60000 g/0 ${prefix}wake:nobody`,
      "live-ghost": `${now + 60_000} 300 g/1 ${prefix}wake:nobody`,
    });
    const waiting = locks.acquire("ghosts", { waitMs: 30_000 });
    await sleep(50);
    await held.release();
    expect(await client.get(base)).toBe("live-ghost");
    const lock = await waiting;
    expect(lock.fence).toBe(held.fence + 2);
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
      const sameInstance = locks.acquire("reply-wake", { waitMs: 30_000 });
      await sleep(50);
      await held.release();
      const next = await sameInstance;
      expect(next.fence).toBe(held.fence + 1);
      const otherInstance = other.acquire("reply-wake", { waitMs: 30_000 });
      await sleep(50);
      await next.release();
      const last = await otherInstance;
      expect(last.fence).toBe(next.fence + 1);
      await last.release();
      await sleep(50);
      expect(published).toEqual([expect.stringMatching(new RegExp(`^\\S+ ${last.fence} \\d+ \\d+$`))]);
    } finally {
      await watcher.close();
    }
  });

  test("refuses a client that is not a Redis client", () => {
    expect(() => new RedisLocks({ client: {} as never })).toThrow(
      expect.objectContaining({ code: "E_LOCK_INVALID_ARGUMENT" }),
    );
  });
});
