import { codeOf, dbState, future, mysqlSetup, type MysqlSetup } from "./helpers/fixtures.js";
import type { ReserveResult } from "../src/index.js";

describe("ReservationEngine under concurrency (MariaDB + Redis)", () => {
  let setup: MysqlSetup;

  beforeAll(async () => {
    setup = await mysqlSetup("concurrency", { withReader: true });
  });
  afterAll(async () => {
    await setup.close();
  });

  test("sells exactly 100 seats to 1,000 concurrent callers and tells the other 900 it is sold out", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "IU", totalSeats: 100, eventDate: future() });
    const results = await Promise.allSettled(
      Array.from({ length: 1_000 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `fan-${i}`, quantity: 1 }),
      ),
    );
    const confirmed = results.filter(
      (r): r is PromiseFulfilledResult<ReserveResult> => r.status === "fulfilled",
    );
    const refused = results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => codeOf(r.reason));
    expect(confirmed).toHaveLength(100);
    expect(refused).toEqual(Array.from({ length: 900 }, () => "E_SOLD_OUT"));
    const state = await dbState(setup.db.url, event.id);
    expect(state).toMatchObject({ total: 100, available: 0, confirmed: 100 });
    expect(new Set(confirmed.map((r) => r.value.reservation.id))).toEqual(state.confirmedIds);
    expect((await engine.getEvent(event.id)).availableSeats).toBe(0);
    const listed = (await engine.listEvents({ limit: 100 })).items.find((e) => e.id === event.id);
    expect(listed).toMatchObject({ totalSeats: 100, availableSeats: 0 });
  });

  test("never reports contention as a failure: 300 concurrent callers for 300 seats all succeed", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "calm", totalSeats: 300, eventDate: future() });
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `u-${i}`, quantity: 1 }),
      ),
    );
    expect(
      results.filter((r) => r.status === "rejected").map((r) => codeOf((r as PromiseRejectedResult).reason)),
    ).toEqual([]);
    expect(await dbState(setup.db.url, event.id)).toMatchObject({ available: 0, confirmed: 300 });
  });

  test("gives every seat back exactly once when each reservation is cancelled the moment it is confirmed", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "regret", totalSeats: 50, eventDate: future() });
    const actor = (userId: string) => ({ userId, role: "user" as const });
    // Each cancel starts in the same turn as its confirmation, while the batch may still be updating the counters.
    const cancelled = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        engine
          .reserve({ eventId: event.id, userId: `r-${i}`, quantity: 1 })
          .then(({ reservation }) => engine.cancel(reservation.id, actor(`r-${i}`))),
      ),
    );
    expect(cancelled.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => "CANCELLED"));
    expect(await dbState(setup.db.url, event.id)).toMatchObject({ available: 50, confirmed: 0 });
    expect((await engine.getEvent(event.id)).availableSeats).toBe(50);
    // The counter agrees: all 50 seats can be sold again, and not one more.
    const again = await Promise.allSettled(
      Array.from({ length: 51 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `s-${i}`, quantity: 1 }),
      ),
    );
    expect(again.filter((r) => r.status === "fulfilled")).toHaveLength(50);
    expect(await dbState(setup.db.url, event.id)).toMatchObject({ available: 0, confirmed: 50 });
  });

  test("keeps invariants 1-5 through a storm of reserves, replays and cancels with per-user limits", async () => {
    const { engine } = setup;
    const maxPerUser = 5;
    const event = await engine.createEvent({
      eventName: "storm",
      totalSeats: 400,
      eventDate: future(),
      maxPerUser,
    });
    const users = Array.from({ length: 120 }, (_, i) => `storm-${i}`);
    const owned = new Map<string, { id: string; userId: string }>();
    const succeeded = new Map<string, number>();
    const cancelled = new Set<string>();
    let soldOut = 0;
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

    await Promise.all(
      Array.from({ length: 64 }, async (_, worker) => {
        for (let step = 0; step < 25; step++) {
          const userId = users[Math.floor(random() * users.length)]!;
          const roll = random();
          if (roll < 0.25 && owned.size > 0) {
            const ids = [...owned.keys()];
            const id = ids[Math.floor(random() * ids.length)]!;
            const target = owned.get(id)!;
            // Two concurrent cancels of the same reservation: seats must come back once.
            const [a, b] = await Promise.all([
              engine.cancel(id, { userId: target.userId, role: "user" }),
              engine.cancel(id, { userId: "admin", role: "admin" }),
            ]);
            expect(a.status).toBe("CANCELLED");
            expect(b.status).toBe("CANCELLED");
            cancelled.add(id);
            owned.delete(id);
            continue;
          }
          const quantity = 1 + Math.floor(random() * 3);
          const idempotencyKey = `w${worker}-s${step % 20}`;
          try {
            const first = await engine.reserve({ eventId: event.id, userId, quantity, idempotencyKey });
            const again = await engine.reserve({ eventId: event.id, userId, quantity, idempotencyKey });
            expect(again.reservation.id).toBe(first.reservation.id);
            expect(again.replayed).toBe(true);
            if (!first.replayed) succeeded.set(first.reservation.id, quantity);
            if (first.reservation.status === "CONFIRMED")
              owned.set(first.reservation.id, { id: first.reservation.id, userId });
          } catch (error) {
            const code = codeOf(error);
            if (code === "E_SOLD_OUT" || code === "E_INSUFFICIENT_SEATS") soldOut++;
            else expect(`${code} ${String(error)}`).toMatch(/^(E_PER_USER_LIMIT|E_IDEMPOTENCY_CONFLICT) /);
          }
        }
      }),
    );

    const state = await dbState(setup.db.url, event.id);
    // 1: never oversold, and available = total − confirmed.
    expect(state.confirmed).toBeLessThanOrEqual(state.total);
    expect(state.available).toBe(state.total - state.confirmed);
    for (const held of state.perUser.values()) expect(held).toBeLessThanOrEqual(maxPerUser);
    // 2: every success is a committed row (confirmed, or cancelled by the storm).
    for (const id of succeeded.keys()) expect(state.confirmedIds.has(id) || cancelled.has(id)).toBe(true);
    // 4: each cancellation restocked once.
    const stillConfirmed = [...succeeded].filter(([id]) => !cancelled.has(id)).reduce((s, [, q]) => s + q, 0);
    expect(state.confirmed).toBe(stillConfirmed);
    // 3 and 5: nothing is stranded: every remaining seat can still be bought, and then it is truly sold out.
    const counter = await engine.getEvent(event.id);
    expect(counter.availableSeats).toBe(state.available);
    let drained = 0;
    for (let i = 0; drained < state.available; i++) {
      await engine.reserve({ eventId: event.id, userId: `late-${i}`, quantity: 1 });
      drained++;
    }
    await expect(engine.reserve({ eventId: event.id, userId: "last", quantity: 1 })).rejects.toMatchObject({
      code: "E_SOLD_OUT",
    });
    expect(soldOut).toBeGreaterThanOrEqual(0);
  });
});
