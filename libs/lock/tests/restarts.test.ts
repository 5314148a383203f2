import { createClient } from "@redis/client";
import { startRedis, type OwnedRedis } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";

// A Redis without persistence (a restart loses every key), as many caches run, and one restored from a snapshot.
const newClient = (url: string) => createClient({ url, socket: { reconnectStrategy: () => 50 } });
type Client = ReturnType<typeof newClient>;

let redis: OwnedRedis;
let client: Client;
let locks: RedisLocks;

beforeAll(async () => {
  redis = await startRedis();
  client = newClient(redis.url);
  client.on("error", () => {});
  await client.connect();
  locks = new RedisLocks({ client });
});

afterAll(async () => {
  await locks.close();
  client.destroy();
  await redis.stop();
});

async function fenceOf(resource: string): Promise<number> {
  const lock = await locks.acquire(resource, { waitMs: 10_000 });
  await lock.release();
  return lock.fence;
}

describe("fences across a Redis restart", () => {
  test("hands out a larger fence after a kill -9 and restart that lost the counter", async () => {
    const before = [await fenceOf("no-persistence"), await fenceOf("no-persistence")];
    await redis.kill("SIGKILL");
    await redis.start();
    const after = await fenceOf("no-persistence");
    expect(after).toBeGreaterThan(Math.max(...before));
  });

  test("hands out a larger fence after a restart from an older snapshot", async () => {
    await fenceOf("restored");
    await client.sendCommand(["SAVE"]);
    const later = [await fenceOf("restored"), await fenceOf("restored"), await fenceOf("restored")];
    await redis.kill("SIGKILL");
    // The server loads the snapshot, whose counter is behind the fences handed out since.
    await redis.start();
    const after = await fenceOf("restored");
    expect(after).toBeGreaterThan(Math.max(...later));
  });
});
