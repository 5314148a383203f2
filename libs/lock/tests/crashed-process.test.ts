import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createClient } from "@redis/client";
import { redisServer, uniquePrefix, waitUntil } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";

const newClient = (url: string) => createClient({ url });
let client: ReturnType<typeof newClient>;
let prefix: string;
let url: string;
const instances: RedisLocks[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  url = (await redisServer()).url;
  client = newClient(url);
  await client.connect();
  prefix = uniquePrefix("crash");
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(instances.map((locks) => locks.close()));
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(keys);
  await client.close();
});

/** Starts a victim process (tests/children/victim.ts) and resolves once it holds the lock. */
async function victim(config: { resource: string; limit: number; localPass: boolean; waiters: number }) {
  const child = spawn(
    process.execPath,
    [
      "--import",
      join(__dirname, "children/register.mjs"),
      join(__dirname, "children/victim.ts"),
      JSON.stringify({ url, prefix, ...config }),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`victim exited with ${code}`)));
    child.stdout!.on("data", (data: Buffer) => {
      if (data.toString().includes("holding")) resolve();
    });
  });
  return child;
}

describe("a process that crashes while holding a lock with waiters queued", () => {
  test.each([
    ["a mutex whose waiters all queue at the store (localPass: false)", 1, false, 10, 10],
    ["a mutex with default options (one waiter of the instance queues at the store)", 1, true, 10, 1],
    ["a semaphore of 2 with default options", 2, true, 10, 10],
  ])(
    "delays a survivor by about one TTL, not one per dead waiter: %s",
    async (_case, limit, localPass, waiters, queuedAtStore) => {
      const resource = `victim:${limit}:${localPass}`;
      const child = await victim({ resource, limit, localPass, waiters });
      const queue = `${prefix}{${resource}}:${limit === 1 ? "queue" : "sem-queue"}`;
      await waitUntil(
        async () => (await client.lLen(queue)) === queuedAtStore,
        10_000,
        "the waiters to queue",
      );
      const survivor = new RedisLocks({ client, prefix });
      instances.push(survivor);
      const waiting = survivor.acquire(resource, { ttlMs: 1_000, waitMs: 15_000, limit });
      child.kill("SIGKILL");
      // The victim's lock expires after its 1 s TTL; each dead waiter handed the lock would hold it for a minute.
      const lock = await waiting;
      expect(lock.fence).toBeGreaterThan(0);
      await lock.release();
    },
  );
});
