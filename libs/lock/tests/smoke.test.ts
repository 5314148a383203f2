import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { RedisLocks } from "../src/index.js";

test("smoke", async () => {
  const { url } = await redisServer();
  const client = createClient({ url });
  await client.connect();
  const locks = new RedisLocks({ client, prefix: uniquePrefix("smoke") });
  {
    await using lock = await locks.acquire("a");
    expect(lock.fence).toBeGreaterThan(0);
    const second = locks.acquire("a", { waitMs: 2000 });
    await new Promise((r) => setTimeout(r, 50));
    await lock.release();
    const l2 = await second;
    expect(l2.fence).toBe(lock.fence + 1);
    await l2.release();
  }
  let counter = 0;
  await Promise.all(
    Array.from({ length: 64 }, () =>
      locks.withLock("c", async () => {
        const v = counter;
        await new Promise((r) => setImmediate(r));
        counter = v + 1;
      }),
    ),
  );
  expect(counter).toBe(64);
  await locks.close();
  await client.close();
});
