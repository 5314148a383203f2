import { testDatabase, uniquePrefix, waitUntil, type TestDatabase } from "@ticketing/testing";
import { ReservationEngine, type ReservationRecord } from "../../src/index.js";
import { audit } from "../helpers/db-audit.js";
import { codeOf, connectRedis, future, pool, type RedisClient } from "../helpers/fixtures.js";

describe("Transitions: a confirm racing the expiry of its hold (two instances sweeping, shared MariaDB and Redis)", () => {
  let db: TestDatabase;
  let redis: RedisClient;
  let engines: ReservationEngine[];

  beforeAll(async () => {
    db = await testDatabase("transitions");
    redis = await connectRedis();
    const keyPrefix = uniquePrefix("transitions");
    engines = await Promise.all(
      [0, 1].map(() =>
        ReservationEngine.create({
          database: { type: "mysql", url: db.url, poolSize: 6 },
          redis,
          keyPrefix,
          outbox: true,
          holds: { sweepIntervalMs: 10 },
        }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    redis.destroy();
    await db.drop();
  });

  test("ends each hold either confirmed or expired, as its confirm was told, with the seats counted once", async () => {
    const [first, second] = engines as [ReservationEngine, ReservationEngine];
    const event = await first.createEvent({
      eventName: "race",
      totalSeats: 300,
      eventDate: future(),
      holdSeconds: 1,
    });
    const holds: ReservationRecord[] = await pool(150, 16, async (i) => {
      const { reservation } = await first.reserve({ eventId: event.id, userId: `u${i}`, quantity: 2 });
      return reservation;
    });
    // Confirms arrive from shortly before the expiry to shortly after it, through both instances, while both sweep.
    const earliest = Math.min(...holds.map((h) => h.expiresAt!.getTime()));
    await waitUntil(async () => Date.now() >= earliest - 150, 10_000, "the expiry to come near");
    const told = await pool(holds.length, 32, async (i) => {
      const hold = holds[i]!;
      const engine = i % 2 === 0 ? first : second;
      return engine
        .confirm(hold.id, { paymentReference: `pay-${i}` }, { userId: hold.userId, role: "user" })
        .then((r) => r.status, codeOf);
    });
    await waitUntil(
      async () => (await audit(db.url, event.id)).byStatus.HELD === undefined,
      20_000,
      "no hold left",
    );
    const end = await audit(db.url, event.id);
    expect(end.problems).toEqual([]);
    const final = await Promise.all(
      holds.map(async (h) => (await first.getReservation(h.id, { userId: h.userId, role: "user" })).status),
    );
    holds.forEach((_, i) => {
      // Told CONFIRMED: it is confirmed. Told E_HOLD_EXPIRED: it expired. Never both, never neither.
      expect([told[i], final[i]]).toEqual(
        told[i] === "CONFIRMED" ? ["CONFIRMED", "CONFIRMED"] : ["E_HOLD_EXPIRED", "EXPIRED"],
      );
    });
    expect(end.available).toBe(300 - (end.seats.CONFIRMED ?? 0));
    expect(await first.getSeatCounts(event.id)).toMatchObject({
      confirmedSeats: end.seats.CONFIRMED ?? 0,
      heldSeats: 0,
      availableSeats: end.available,
    });
  });
});
