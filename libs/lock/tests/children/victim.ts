// A process that holds a lock with waiters queued behind it, then is killed -9 by the test that spawned it. It has two
// RedisLocks instances, as a process with two libraries on one Redis does: one holds, the other waits.
// argv[2]: JSON { url, prefix, resource, limit, localPass, waiters }. Prints "holding" once the lock is held and
// every waiter has been started.
import { createClient } from "@redis/client";
import { RedisLocks } from "../../src/index.js";

const { url, prefix, resource, limit, localPass, waiters } = JSON.parse(process.argv[2] ?? "{}") as {
  url: string;
  prefix: string;
  resource: string;
  limit: number;
  localPass: boolean;
  waiters: number;
};
const client = createClient({ url });
await client.connect();
const holding = new RedisLocks({ client, prefix, localPass });
const waiting = new RedisLocks({ client, prefix, localPass });
for (let i = 0; i < limit; i++) await holding.acquire(resource, { ttlMs: 1_000, limit });
for (let i = 0; i < waiters; i++)
  // Each waiter, once handed the lock, would hold it for a minute: a dead one must not be handed it.
  waiting.acquire(resource, { ttlMs: 60_000, waitMs: 120_000, limit }).catch(() => {});
process.stdout.write("holding\n");
setInterval(() => {}, 60_000);
