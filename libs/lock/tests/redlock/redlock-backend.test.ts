import { createClient } from "@redis/client";
import { startRedisNodes, type OwnedRedis } from "@ticketing/testing";
import { mutexKeys } from "../../src/redis/keys.js";
import { RedlockBackend } from "../../src/redlock/redlock-backend.js";

const newClient = (url: string) => createClient({ url });
const clients: ReturnType<typeof newClient>[] = [];
let nodes: OwnedRedis[] = [];

beforeAll(async () => {
  nodes = await startRedisNodes(3);
  for (const node of nodes) {
    const client = newClient(node.url);
    await client.connect();
    clients.push(client);
  }
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(nodes.map((node) => node.stop()));
});

describe("RedlockBackend", () => {
  test("grants a round only for as long as its quorum holds, when a node still held the token from an earlier round", async () => {
    const backend = new RedlockBackend({
      clients,
      prefix: "redlock-backend:",
      driftFactor: 0.01,
      retry: { delayMs: 10, jitterMs: 10 },
      timeoutMs: 1_000,
    });
    const [lock, fence] = mutexKeys("redlock-backend:", "seat-7");
    const [first, second, third] = clients as [(typeof clients)[0], (typeof clients)[0], (typeof clients)[0]];
    // An earlier round of this attempt was granted on the first node, and its undo never arrived: 1.5 s are left
    // there. The third node is held by someone else. Only the first two nodes can make the quorum.
    await first.set(lock, "token-a", { expiration: { type: "PX", value: 1_500 } });
    await first.set(fence, "40");
    await third.set(lock, "someone-else", { expiration: { type: "PX", value: 60_000 } });

    const reply = await backend.acquire("seat-7", "token-a", 30_000, 0, { limit: 1, permits: 1 }, "w1");

    expect(reply).toMatchObject({ acquired: true });
    // Once the first node lets the token go, only the second still holds it: the lock is no longer held there.
    expect(reply.acquired && reply.ttlMs).toBeLessThanOrEqual(1_500);
    expect(await first.pTTL(lock)).toBeLessThanOrEqual(1_500);
    expect(await second.get(lock)).toBe("token-a");
  });
});
