import { Cluster, Redis } from "ioredis";
import { redisServer, startRedisCluster, uniquePrefix, type RedisCluster } from "@ticketing/testing";
import { RedisLocks } from "../../src/index.js";
import { fromIoredis } from "../../src/ioredis.js";
import { conformance } from "../conformance.js";
import { sleep } from "../helpers.js";

const connections: (Redis | Cluster)[] = [];
const instances: RedisLocks[] = [];
let prefix: string;

async function locksOn(client: Redis | Cluster): Promise<RedisLocks> {
  connections.push(client);
  const locks = new RedisLocks({ client: fromIoredis(client), prefix });
  instances.push(locks);
  return locks;
}

beforeAll(() => {
  prefix = uniquePrefix("ioredis");
});

afterAll(async () => {
  await Promise.all(instances.map((locks) => locks.close()));
  const [first] = connections;
  if (first instanceof Redis) {
    const keys = await first.keys(`${prefix}*`);
    if (keys.length > 0) await first.del(...keys);
  }
  for (const connection of connections) connection.disconnect();
});

conformance(
  "RedisLocks on ioredis",
  async () => {
    const { url } = await redisServer();
    return { locks: await locksOn(new Redis(url)), other: await locksOn(new Redis(url)) };
  },
  { fifo: true, semaphore: true },
);

describe("RedisLocks on an ioredis Cluster", () => {
  let cluster: RedisCluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);

  afterAll(async () => {
    await cluster.stop();
  });

  test("hands locks over between instances in slot order, with one hash slot per resource", async () => {
    const nodes = cluster.nodes.map((node) => ({ host: "127.0.0.1", port: node.port }));
    const [a, b] = [await locksOn(new Cluster(nodes)), await locksOn(new Cluster(nodes))];
    for (const name of ["event:42", "}x", "seat:7"]) {
      const held = await a!.acquire(name);
      const waiting = b!.acquire(name, { waitMs: 10_000 });
      await sleep(50);
      await held.release();
      const next = await waiting;
      expect(next.fence).toBeGreaterThan(held.fence);
      await next.release();
    }
    const permits = await Promise.all([a!.acquire("pool", { limit: 2 }), b!.acquire("pool", { limit: 2 })]);
    const queued = a!.acquire("pool", { limit: 2, waitMs: 10_000 });
    await sleep(50);
    await permits[0]!.release();
    await (await queued).release();
    await permits[1]!.release();
  });
});
