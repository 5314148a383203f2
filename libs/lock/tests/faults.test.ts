import { createClient } from "@redis/client";
import { startRedis, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { RedisLocks, type Lock } from "../src/index.js";
import { lost, sleep } from "./helpers.js";

const newClient = (url: string) => createClient({ url, socket: { reconnectStrategy: () => 50 } });
type Client = ReturnType<typeof newClient>;

let redis: OwnedRedis;
const clients: Client[] = [];
const instances: RedisLocks[] = [];

async function locks(): Promise<RedisLocks> {
  const client = newClient(redis.url);
  client.on("error", () => {});
  await client.connect();
  clients.push(client);
  const instance = new RedisLocks({ client });
  instances.push(instance);
  return instance;
}

beforeAll(async () => {
  redis = await startRedis({ persistence: "aof" });
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.close()));
  for (const client of clients) client.destroy();
  await redis.stop();
});

describe("RedisLocks on a Redis that is killed and restarted", () => {
  test("keeps fences strictly increasing across expiry and a kill -9 + restart with AOF", async () => {
    const a = await locks();
    const fences: number[] = [];
    const first = await a.acquire("seat", { ttlMs: 100 });
    fences.push(first.fence);
    await lost(first);
    const second = await a.acquire("seat", { waitMs: 5_000 });
    fences.push(second.fence);
    await second.release();
    await redis.kill("SIGKILL");
    await redis.start();
    const third = await a.acquire("seat", { waitMs: 10_000 });
    fences.push(third.fence);
    await third.release();
    expect(fences[1]).toBeGreaterThan(fences[0]!);
    expect(fences[2]).toBeGreaterThan(fences[1]!);
  });

  test("a wait across a kill -9 and restart ends in a clear error or a lock, never two owners", async () => {
    const [a, b] = [await locks(), await locks()];
    const holder = await a.acquire("mid-wait", { ttlMs: 1_500 });
    let holderReleased = false;
    const waiting = b.acquire("mid-wait", { waitMs: 15_000 }).then(
      (lock: Lock) => ({ lock, at: Date.now() }),
      (error: { code?: string }) => ({ error }),
    );
    await sleep(100);
    await redis.kill("SIGKILL");
    await sleep(300);
    await redis.start();
    const outcome = await waiting;
    if ("lock" in outcome) {
      // The holder's lock had expired (or was released) before the waiter got it.
      expect(holderReleased || outcome.at >= holder.expiresAt).toBe(true);
      await outcome.lock.release();
    } else {
      expect(["E_LOCK_TIMEOUT", "E_LOCK_UNAVAILABLE"]).toContain(outcome.error.code);
    }
    holderReleased = true;
    await holder.release();
  });

  test("aborts an auto-extended lock's signal once Redis stays unreachable past the validity", async () => {
    const a = await locks();
    const lock = await a.acquire("unreachable", { ttlMs: 600, autoExtend: true });
    await redis.kill("SIGKILL");
    const reason = await lost(lock);
    expect(reason).toMatchObject({ code: "E_LOCK_LOST", reason: "unreachable" });
    // Releasing a lost lock does not wait for the store: this returns while Redis is still down.
    await lock.release();
    expect(lock.signal.aborted).toBe(true);
    await redis.start();
  });

  test("returns from release once the lock would have expired when Redis does not answer", async () => {
    const a = await locks();
    const lock = await a.acquire("stalled-release", { ttlMs: 600 });
    // Redis stops answering (its connections stay open) until the release has returned, however long that takes.
    process.kill(redis.pid!, "SIGSTOP");
    try {
      await lock.release();
      expect(Date.now()).toBeGreaterThanOrEqual(lock.expiresAt);
    } finally {
      process.kill(redis.pid!, "SIGCONT");
    }
  });
});

describe("RedisLocks while Redis does not answer", () => {
  test.each([
    ["the client's command timeout off", { commandOptions: { timeout: 0 } }],
    ["a client command timeout longer than the wait", { commandOptions: { timeout: 30_000 } }],
  ])(
    "settles acquire by its waitMs while Redis is stopped, with %s, and never with a lock",
    async (_case, options) => {
      const connect = async () => {
        const client = createClient({ url: redis.url, ...options, socket: { reconnectStrategy: () => 50 } });
        client.on("error", () => {});
        await client.connect();
        clients.push(client as unknown as Client);
        const instance = new RedisLocks({ client });
        instances.push(instance);
        return instance;
      };
      const holder = await locks();
      const [warm, fresh] = [await connect(), await connect()];
      const resource = `stopped:${options.commandOptions.timeout}`;
      const held = await holder.acquire(resource, { ttlMs: 60_000 });
      // `warm` has waited before (its subscriber is open); `fresh` has to open one while Redis is stopped. The wait is
      // long enough for a loaded machine to load the scripts and open the subscriber within it (with 50 ms, a busy CI
      // run once saw the first call still in flight at the deadline: E_LOCK_UNAVAILABLE).
      await expect(warm.acquire(resource, { waitMs: 2_000 })).rejects.toMatchObject({
        code: "E_LOCK_TIMEOUT",
      });
      process.kill(redis.pid!, "SIGSTOP");
      let settled: { code?: string; lock?: Lock }[] | undefined;
      try {
        const waits = Promise.all(
          [warm, fresh].map((instance) =>
            instance.acquire(resource, { waitMs: 300 }).then(
              (lock) => ({ lock }),
              (error: { code?: string }) => ({ code: error.code }),
            ),
          ),
        );
        // Redis stays stopped until both waits have settled, or for 20 s if they do not.
        settled = await Promise.race([waits, sleep(20_000).then(() => undefined)]);
      } finally {
        process.kill(redis.pid!, "SIGCONT");
      }
      expect(settled).toEqual([
        { code: expect.stringMatching(/^E_LOCK_(TIMEOUT|UNAVAILABLE)$/) },
        { code: expect.stringMatching(/^E_LOCK_(TIMEOUT|UNAVAILABLE)$/) },
      ]);
      await held.release();
      // What the abandoned waits left at Redis (a queue entry, a lock handed to them) is undone once it answers.
      await waitUntil(
        async () => {
          const lock = await holder.tryAcquire(resource);
          await lock?.release();
          return lock !== null;
        },
        20_000,
        "the resource to be free again",
      );
    },
  );
});
