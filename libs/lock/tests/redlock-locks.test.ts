import { createClient } from "@redis/client";
import { startRedisNodes, type OwnedRedis } from "@ticketing/testing";
import { RedlockLocks } from "../src/index.js";
import { conformance } from "./conformance.js";
import { rejection } from "./helpers.js";

const newClient = (url: string) =>
  createClient({ url, socket: { reconnectStrategy: () => 100, connectTimeout: 1_000 } });
type Client = ReturnType<typeof newClient>;

const servers: OwnedRedis[] = [];
const clients: Client[] = [];
const instances: RedlockLocks[] = [];

/** One connected client per node. */
function connectAll(nodes: readonly OwnedRedis[]): Promise<Client[]> {
  return Promise.all(
    nodes.map(async (node) => {
      const client = newClient(node.url);
      client.on("error", () => {});
      await client.connect();
      clients.push(client);
      return client;
    }),
  );
}

/** Three fresh independent nodes and one client per node for each Redlock instance asked for. */
async function quorum(instancesWanted: number) {
  const nodes = await startRedisNodes(3);
  servers.push(...nodes);
  const built: { locks: RedlockLocks; clients: Client[] }[] = [];
  for (let i = 0; i < instancesWanted; i++) {
    const own = await connectAll(nodes);
    const locks = new RedlockLocks({ clients: own, retryDelayMs: 10, retryJitterMs: 20 });
    instances.push(locks);
    built.push({ locks, clients: own });
  }
  return { nodes, built };
}

afterAll(async () => {
  await Promise.all(instances.map((locks) => locks.close()));
  for (const client of clients) client.destroy();
  await Promise.all(servers.map((server) => server.stop()));
});

conformance(
  "RedlockLocks",
  async () => {
    const { built } = await quorum(2);
    return { locks: built[0]!.locks, other: built[1]!.locks };
  },
  { fifo: false, semaphore: false },
);

describe("RedlockLocks faults", () => {
  test("a lock stays held, extendable and releasable when one of three nodes is killed -9, and new acquisitions still work", async () => {
    const { nodes, built } = await quorum(2);
    const [a, b] = [built[0]!.locks, built[1]!.locks];
    const lock = await a.acquire("seat", { ttlMs: 5_000 });
    await nodes[0]!.kill("SIGKILL");
    expect(await b.tryAcquire("seat")).toBeNull();
    await lock.extend(5_000);
    expect(lock.signal.aborted).toBe(false);
    await lock.release();
    const next = await b.acquire("seat", { waitMs: 5_000 });
    expect(next.fence).toBeGreaterThan(lock.fence);
    await next.release();
    const other = await a.acquire("another", { waitMs: 5_000 });
    expect(other.fence).toBeGreaterThan(0);
    await other.release();
  });

  test("fails with E_LOCK_QUORUM when a majority of nodes is down", async () => {
    const { nodes, built } = await quorum(1);
    const locks = built[0]!.locks;
    await Promise.all([nodes[0]!.kill("SIGKILL"), nodes[1]!.kill("SIGKILL")]);
    const tried = await rejection(locks.tryAcquire("seat"));
    expect(tried).toMatchObject({ code: "E_LOCK_QUORUM", quorum: 2, nodes: 3 });
    const waited = await rejection(locks.acquire("seat", { waitMs: 2_000 }));
    expect(waited.code).toBe("E_LOCK_QUORUM");
  });

  test("hands out the largest fence of its quorum and lifts lagging nodes, so fences keep increasing after a node dies", async () => {
    const { nodes, built } = await quorum(1);
    const [locks, clientsOfLocks] = [built[0]!.locks, built[0]!.clients];
    const first = await locks.acquire("seat");
    await first.release();
    // Node 0 ran ahead (for instance, it saw acquisitions the others missed, or its clock runs fast).
    const ahead = first.fence * 2;
    await clientsOfLocks[0]!.set("lock:{seat}:fence", String(ahead));
    const second = await locks.acquire("seat");
    expect(second.fence).toBe(ahead + 1);
    await second.release();
    await nodes[0]!.kill("SIGKILL");
    const third = await locks.acquire("seat", { waitMs: 5_000 });
    expect(third.fence).toBeGreaterThan(second.fence);
    await third.release();
  });
});

describe("RedlockLocks semaphores", () => {
  test("never admits more than `limit` holders when nodes are partitioned from some holders", async () => {
    const nodes = await startRedisNodes(3);
    servers.push(...nodes);
    const reachable = await connectAll(nodes);
    // A client that was never connected fails every command at once: that node is cut off from this holder.
    const cutOff = newClient(nodes[0]!.url);
    const holderCutFrom = (node: number) => {
      const own = reachable.map((client, i) => (i === node ? cutOff : client));
      const locks = new RedlockLocks({ clients: own, retryDelayMs: 10, retryJitterMs: 10 });
      instances.push(locks);
      return locks;
    };
    const outcomes = [];
    // Three holders, each cut off from a different node: each sees a majority with a free permit.
    for (const node of [2, 0, 1])
      outcomes.push(
        await holderCutFrom(node)
          .tryAcquire("exports", { limit: 2, ttlMs: 30_000 })
          .then(
            (lock) => ({ lock }),
            (error: { code?: string }) => ({ code: error.code }),
          ),
      );
    const held = outcomes.filter((outcome) => "lock" in outcome && outcome.lock !== null);
    expect(held.length).toBeLessThanOrEqual(2);
    // Redlock cannot bound a count above one over independent nodes, so it refuses semaphores outright.
    expect(outcomes).toEqual([
      { code: "E_LOCK_INVALID_ARGUMENT" },
      { code: "E_LOCK_INVALID_ARGUMENT" },
      { code: "E_LOCK_INVALID_ARGUMENT" },
    ]);
  });
});
