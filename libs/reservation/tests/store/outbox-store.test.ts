import { redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { OutboxRelay, ReservationEngine } from "../../src/index.js";
import { SqsPublisher } from "../../src/sqs.js";
import { buildChild, ChildEngine } from "../helpers/child-engines.js";
import { audit } from "../helpers/db-audit.js";
import { fakeQueue } from "../helpers/fake-queue.js";
import { connectRedis, future, type RedisClient } from "../helpers/fixtures.js";

describe("the outbox through app instances killed with SIGKILL mid-batch (shared MariaDB and Redis)", () => {
  let db: TestDatabase;
  let client: RedisClient;
  let engine: ReservationEngine;
  let script: string;
  let redisUrl: string;
  const prefix = uniquePrefix("outbox-crash");
  const children: ChildEngine[] = [];

  beforeAll(async () => {
    script = buildChild();
    db = await testDatabase("outbox_crash");
    redisUrl = (await redisServer()).url;
    client = await connectRedis(redisUrl);
    engine = await ReservationEngine.create({
      database: { type: "mysql", url: db.url, poolSize: 4 },
      redis: client,
      keyPrefix: prefix,
      outbox: true,
    });
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map((child) => child.exited));
    await engine.close();
    client.destroy();
    await db.drop();
  });

  test("loses no outbox row of a committed reservation and keeps none of a rolled-back one; the relay publishes exactly those", async () => {
    const event = await engine.createEvent({
      eventName: "storm",
      totalSeats: 1_000_000,
      eventDate: future(),
    });
    for (const round of [1, 2, 3]) {
      const child = new ChildEngine(script, {
        DB_URL: db.url,
        REDIS_URL: redisUrl,
        KEY_PREFIX: prefix,
        EVENT_ID: event.id,
        WORKER: `storm${round}`,
        MODE: "storm",
      });
      children.push(child);
      await child.progress(150, `in round ${round}`);
      // Batches are in flight all the time under this load: the kill lands between two of them or inside one.
      child.kill("SIGKILL");
      await child.exited;
    }
    const end = await audit(db.url, event.id);
    expect(end.problems).toEqual([]);
    expect(end.byStatus.CONFIRMED).toBeGreaterThan(450);
    expect(end.available).toBe(end.total - end.seats.CONFIRMED!);

    const queue = fakeQueue();
    try {
      const relay = new OutboxRelay({
        outbox: engine.outbox,
        publisher: new SqsPublisher({
          client: queue.client,
          queueUrl: "https://sqs.eu-west-1.amazonaws.com/1/r.fifo",
        }),
        concurrency: 8,
      });
      while ((await relay.runOnce()).published > 0) {
        // until every committed change is published
      }
      expect(queue.delivered.map((d) => d.id).sort()).toEqual([...end.outboxIds].sort());
    } finally {
      queue.restore();
    }
  });
});
