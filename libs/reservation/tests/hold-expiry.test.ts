import {
  startRedis,
  testDatabase,
  uniquePrefix,
  waitUntil,
  type OwnedRedis,
  type TestDatabase,
} from "@ticketing/testing";
import { ReservationEngine } from "../src/index.js";
import { buildChild, ChildEngine } from "./helpers/child-engines.js";
import { audit } from "./helpers/db-audit.js";
import { codeOf, connectRedis, future, type RedisClient } from "./helpers/fixtures.js";

describe("HoldExpiry across app instances killed with SIGKILL and a Redis restarted empty (owned Redis, shared MariaDB)", () => {
  let redis: OwnedRedis;
  let db: TestDatabase;
  let client: RedisClient;
  let engine: ReservationEngine;
  let script: string;
  const prefix = uniquePrefix("hold-expiry");
  const children: ChildEngine[] = [];

  beforeAll(async () => {
    script = buildChild();
    redis = await startRedis({ persistence: "none" });
    db = await testDatabase("hold_expiry");
    client = await connectRedis(redis.url);
    // This test's own instance: it makes the event and checks the end; its sweep never runs during the test.
    engine = await ReservationEngine.create({
      database: { type: "mysql", url: db.url, poolSize: 4 },
      redis: client,
      keyPrefix: prefix,
      outbox: true,
      holds: { sweepIntervalMs: 3_600_000 },
      redisTimeoutMs: 500,
    });
  });
  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await Promise.all(children.map((child) => child.exited));
    await engine.close();
    client.destroy();
    await redis.stop();
    await db.drop();
  });

  test("expires every unconfirmed hold exactly once and strands no seat", async () => {
    const event = await engine.createEvent({
      eventName: "opening",
      totalSeats: 600,
      eventDate: future(),
      holdSeconds: 2,
    });
    const spawnChild = (worker: string) => {
      const child = new ChildEngine(script, {
        DB_URL: db.url,
        REDIS_URL: redis.url,
        KEY_PREFIX: prefix,
        EVENT_ID: event.id,
        WORKER: worker,
        MODE: "holds",
      });
      children.push(child);
      return child;
    };
    const [a, b, c] = ["a", "b", "c"].map(spawnChild) as [ChildEngine, ChildEngine, ChildEngine];
    await Promise.all([a.progress(20, "by a"), b.progress(20, "by b"), c.progress(20, "by c")]);
    // An instance dies mid-flight: its holds in the database, its admissions in Redis, maybe a batch or an expiry.
    a.kill("SIGKILL");
    await Promise.all([b.progress(20, "after a died"), c.progress(20, "after a died")]);
    // Redis loses everything: counters are rebuilt from the database, which holds the holds.
    await redis.kill("SIGKILL");
    await redis.start();
    await Promise.all([b.progress(20, "after the Redis restart"), c.progress(20, "after the Redis restart")]);
    b.kill("SIGKILL");
    await c.progress(20, "after b died");
    // c stops buying but stays alive: its sweep alone expires what a, b and c left unconfirmed.
    c.kill("SIGUSR2");
    await waitUntil(
      async () => (await audit(db.url, event.id)).byStatus.HELD === undefined,
      60_000,
      "no hold left",
    );
    c.kill("SIGTERM");
    expect(await c.exited).toBe(0);

    const end = await audit(db.url, event.id);
    expect(end.problems).toEqual([]);
    expect(end.byStatus.EXPIRED).toBeGreaterThan(0);
    expect(end.byStatus.CONFIRMED).toBeGreaterThan(0);
    // Every expired hold's seats came back once: the seats free are exactly those not confirmed.
    expect(end.available).toBe(end.total - (end.seats.CONFIRMED ?? 0));

    // Nothing is stranded: every free seat can be sold, and then it is sold out, not held.
    let sold = 0;
    for (let i = 0; sold < end.available; i++) {
      const userId = `late-${i}`;
      const quantity = Math.min(2, end.available - sold);
      const { reservation } = await engine.reserve({ eventId: event.id, userId, quantity });
      await engine.confirm(reservation.id, { paymentReference: `p-${i}` }, { userId, role: "user" });
      sold += quantity;
    }
    const last = await engine.reserve({ eventId: event.id, userId: "last", quantity: 1 }).catch(codeOf);
    expect(last).toBe("E_SOLD_OUT");
    expect(await engine.getSeatCounts(event.id)).toMatchObject({
      confirmedSeats: 600,
      heldSeats: 0,
      availableSeats: 0,
    });
  });
});
