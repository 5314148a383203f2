import { createCluster } from "@redis/client";
import { startRedisCluster, testDatabase, type RedisCluster, type TestDatabase } from "@ticketing/testing";
import { ReservationEngine, type EngineRedisClient } from "../../src/index.js";
import { codeOf, dbState, future } from "../helpers/fixtures.js";

describe("RedisAdmission on a Redis Cluster", () => {
  let cluster: RedisCluster;
  let db: TestDatabase;
  let client: ReturnType<typeof createCluster>;
  let engine: ReservationEngine;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    db = await testDatabase("cluster");
    client = createCluster({ rootNodes: [...cluster.rootNodes] });
    client.on("error", () => {});
    await client.connect();
    engine = await ReservationEngine.create({
      database: { type: "mysql", url: db.url, poolSize: 6 },
      redis: client as unknown as EngineRedisClient,
      keyPrefix: "cluster-test:",
    });
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await client?.close();
    await db?.drop();
    await cluster?.stop();
  });

  test("admits on every node: each event's keys share one hash slot", async () => {
    const events = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        engine.createEvent({ eventName: `slot ${i}`, totalSeats: 30, eventDate: future() }),
      ),
    );
    const results = await Promise.allSettled(
      events.flatMap((event) =>
        Array.from({ length: 60 }, (_, i) =>
          engine.reserve({ eventId: event.id, userId: `u${i}`, quantity: 1 }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(120);
    expect(new Set(results.filter((r) => r.status === "rejected").map((r) => codeOf(r.reason)))).toEqual(
      new Set(["E_SOLD_OUT"]),
    );
    for (const event of events) {
      expect(await dbState(db.url, event.id)).toMatchObject({ available: 0, confirmed: 30 });
    }
  });
});
