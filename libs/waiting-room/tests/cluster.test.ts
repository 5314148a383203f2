import { createClient, createCluster } from "@redis/client";
import { startRedisCluster, type RedisCluster } from "@ticketing/testing";
import { createWaitingRoom } from "../src/index.js";
import { ManualClock, OPENS_AT, SECRET } from "./support.js";

let cluster: RedisCluster;
let client: ReturnType<typeof createCluster>;

beforeAll(async () => {
  cluster = await startRedisCluster({ primaries: 3 });
  client = createCluster({ rootNodes: [...cluster.rootNodes] });
  client.on("error", () => {});
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.close();
  await cluster?.stop();
});

describe("on a 3-primary Redis Cluster", () => {
  test("runs every operation of events whose rooms live on different nodes", async () => {
    const clock = new ManualClock(OPENS_AT);
    const room = createWaitingRoom({
      redis: client,
      secret: SECRET,
      inventory: () => 2,
      tickMs: 0,
      clock: clock.read,
    });
    const events = Array.from({ length: 12 }, (_, i) => `event-${i}`);
    for (const eventId of events) {
      await room.configure(eventId, { opensAt: OPENS_AT, admitPerSecond: 100 });
      for (const identity of ["a", "b", "c"]) await room.join(eventId, identity, { ip: "203.0.113.9" });
    }
    clock.advance(1_000);
    for (const eventId of events) {
      expect((await room.tick(eventId)).admitted).toEqual(["a", "b"]);
      const ticket = await room.status(eventId, "a");
      const admission = await room.verify(ticket.admission!.token, { eventId, identity: "a" });
      await room.settle(admission, { outcome: "reserved", seats: 1 });
      expect((await room.status(eventId, "c")).status).toBe("waiting");
    }

    // Each room's keys sit in one slot, and the rooms spread over the nodes.
    const nodesOf = new Map<string, Set<number>>();
    for (const [index, node] of cluster.nodes.entries()) {
      const probe = createClient({ url: node.url });
      await probe.connect();
      for (const key of await probe.keys("wr:*")) {
        const eventId = /^wr:\{([^}]+)\}:/.exec(key)![1]!;
        expect(await probe.clusterKeySlot(key)).toBe(await probe.clusterKeySlot(`{${eventId}}`));
        nodesOf.set(eventId, (nodesOf.get(eventId) ?? new Set()).add(index));
      }
      await probe.close();
    }
    expect([...nodesOf.keys()].sort()).toEqual([...events].sort());
    expect([...nodesOf.values()].every((nodes) => nodes.size === 1)).toBe(true);
    expect(new Set([...nodesOf.values()].flatMap((nodes) => [...nodes])).size).toBeGreaterThan(1);
    await room.close();
  });
});
