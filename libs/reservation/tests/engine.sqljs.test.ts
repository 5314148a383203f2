import { ReservationEngine, type ReserveResult } from "../src/index.js";
import { sqljs } from "../src/sqljs.js";
import { codeOf, future } from "./helpers/fixtures.js";

describe("ReservationEngine on sql.js with in-process admission", () => {
  let engine: ReservationEngine;

  beforeAll(async () => {
    engine = await ReservationEngine.create({ database: sqljs() });
  });
  afterAll(async () => {
    await engine.close();
  });

  test("reports an embedded database and admission in health", async () => {
    expect(await engine.health()).toEqual({ database: "embedded", redis: "embedded" });
  });

  test("creates an event and reads it back with all seats available", async () => {
    const eventDate = future(10);
    const event = await engine.createEvent({
      eventName: " IU concert ",
      totalSeats: 50,
      eventDate,
      maxPerUser: 4,
    });
    expect(event).toMatchObject({
      eventName: "IU concert",
      totalSeats: 50,
      availableSeats: 50,
      maxPerUser: 4,
    });
    expect(event.eventDate.toISOString()).toBe(eventDate.toISOString());
    expect(await engine.getEvent(event.id)).toEqual(event);
  });

  test("sells exactly the seats there are to 300 concurrent callers", async () => {
    const event = await engine.createEvent({ eventName: "small", totalSeats: 40, eventDate: future() });
    const results = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `u${i}`, quantity: 1 }),
      ),
    );
    const confirmed = results.filter(
      (r): r is PromiseFulfilledResult<ReserveResult> => r.status === "fulfilled",
    );
    expect(confirmed).toHaveLength(40);
    expect(new Set(results.filter((r) => r.status === "rejected").map((r) => codeOf(r.reason)))).toEqual(
      new Set(["E_SOLD_OUT"]),
    );
    expect((await engine.getEvent(event.id)).availableSeats).toBe(0);
    expect(
      (await engine.listEvents({ limit: 100 })).items.find((e) => e.id === event.id)?.availableSeats,
    ).toBe(0);
  });

  test("returns the same reservation for the same idempotency key, and refuses the key for another request", async () => {
    const event = await engine.createEvent({ eventName: "idem", totalSeats: 10, eventDate: future() });
    const request = { eventId: event.id, userId: "alice", quantity: 2, idempotencyKey: "order-1" };
    const [a, b] = await Promise.all([engine.reserve(request), engine.reserve(request)]);
    const c = await engine.reserve(request);
    expect(b.reservation.id).toBe(a.reservation.id);
    expect(c).toEqual({ reservation: a.reservation, replayed: true });
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    await expect(engine.reserve({ ...request, quantity: 3 })).rejects.toMatchObject({
      code: "E_IDEMPOTENCY_CONFLICT",
    });
    expect((await engine.getEvent(event.id)).availableSeats).toBe(8);
  });

  test("finds the replay of an idempotency key without reserving, and nothing for a key never used", async () => {
    const event = await engine.createEvent({ eventName: "replay", totalSeats: 10, eventDate: future() });
    const request = { eventId: event.id, userId: "bob", quantity: 1, idempotencyKey: "order-7" };
    expect(await engine.findReplay(request)).toBeNull();
    expect((await engine.getEvent(event.id)).availableSeats).toBe(10);
    const [made, found] = await Promise.all([engine.reserve(request), engine.findReplay(request)]);
    expect(found).toEqual({ reservation: made.reservation, replayed: true });
    expect(await engine.findReplay(request)).toEqual({ reservation: made.reservation, replayed: true });
    expect(await engine.findReplay({ ...request, userId: "carl" })).toBeNull();
    await expect(engine.findReplay({ ...request, quantity: 2 })).rejects.toMatchObject({
      code: "E_IDEMPOTENCY_CONFLICT",
    });
    const withoutKey = { eventId: event.id, userId: "bob", quantity: 1 } as Parameters<
      typeof engine.findReplay
    >[0];
    await expect(engine.findReplay(withoutKey)).rejects.toMatchObject({ code: "E_INVALID_INPUT" });
    expect((await engine.getEvent(event.id)).availableSeats).toBe(9);
  });

  test("restocks once when a reservation is cancelled twice", async () => {
    const event = await engine.createEvent({ eventName: "cancel", totalSeats: 5, eventDate: future() });
    const { reservation } = await engine.reserve({ eventId: event.id, userId: "bob", quantity: 3 });
    const [first, second] = await Promise.all([
      engine.cancel(reservation.id, { userId: "bob", role: "user" }),
      engine.cancel(reservation.id, { userId: "root", role: "admin" }),
    ]);
    expect(first.status).toBe("CANCELLED");
    expect(second).toEqual(first);
    expect(first.cancelledAt).toBeInstanceOf(Date);
    expect((await engine.getEvent(event.id)).availableSeats).toBe(5);
    await engine.reserve({ eventId: event.id, userId: "carol", quantity: 5 });
    await expect(engine.reserve({ eventId: event.id, userId: "dave", quantity: 1 })).rejects.toMatchObject({
      code: "E_SOLD_OUT",
    });
  });

  test("refuses to cancel or list another user's reservations unless the actor is an admin", async () => {
    const event = await engine.createEvent({ eventName: "owner", totalSeats: 5, eventDate: future() });
    const { reservation } = await engine.reserve({ eventId: event.id, userId: "erin", quantity: 1 });
    await expect(engine.cancel(reservation.id, { userId: "mallory", role: "user" })).rejects.toMatchObject({
      code: "E_FORBIDDEN",
    });
    await expect(engine.listByUser("erin", { userId: "mallory", role: "user" })).rejects.toMatchObject({
      code: "E_FORBIDDEN",
    });
    expect(await engine.listByUser("erin", { userId: "root", role: "admin" })).toHaveLength(1);
    await expect(
      engine.cancel("01939a6e-0000-7000-8000-000000000000", { userId: "erin", role: "user" }),
    ).rejects.toMatchObject({ code: "E_RESERVATION_NOT_FOUND" });
  });

  test("lists a user's reservations newest first", async () => {
    const event = await engine.createEvent({ eventName: "history", totalSeats: 10, eventDate: future() });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await engine.reserve({ eventId: event.id, userId: "frank", quantity: 1 })).reservation.id);
    }
    const list = await engine.listByUser("frank", { userId: "frank", role: "user" });
    expect(list.map((r) => r.id)).toEqual(ids.reverse());
  });

  test("enforces the per-user limit across requests", async () => {
    const event = await engine.createEvent({
      eventName: "limit",
      totalSeats: 10,
      eventDate: future(),
      maxPerUser: 3,
    });
    await engine.reserve({ eventId: event.id, userId: "gina", quantity: 2 });
    await expect(engine.reserve({ eventId: event.id, userId: "gina", quantity: 2 })).rejects.toMatchObject({
      code: "E_PER_USER_LIMIT",
      limit: 3,
      held: 2,
    });
    await engine.reserve({ eventId: event.id, userId: "gina", quantity: 1 });
    expect((await engine.getEvent(event.id)).availableSeats).toBe(7);
  });

  test("pages through upcoming events soonest first with a cursor", async () => {
    const fresh = await ReservationEngine.create({ database: sqljs() });
    try {
      const created = [];
      for (const days of [5, 1, 3, 2, 4]) {
        created.push(
          await fresh.createEvent({ eventName: `in ${days} days`, totalSeats: 1, eventDate: future(days) }),
        );
      }
      const first = await fresh.listEvents({ limit: 2 });
      const second = await fresh.listEvents({ limit: 2, cursor: first.nextCursor });
      const third = await fresh.listEvents({ limit: 2, cursor: second.nextCursor });
      expect([...first.items, ...second.items, ...third.items].map((e) => e.eventName)).toEqual([
        "in 1 days",
        "in 2 days",
        "in 3 days",
        "in 4 days",
        "in 5 days",
      ]);
      expect(third.nextCursor).toBeNull();
      await expect(fresh.listEvents({ cursor: "not-a-cursor" })).rejects.toMatchObject({
        code: "E_INVALID_INPUT",
      });
    } finally {
      await fresh.close();
    }
  });

  test("changes an event under its lock and moves the seats with the total", async () => {
    const event = await engine.createEvent({ eventName: "resize", totalSeats: 10, eventDate: future() });
    await engine.reserve({ eventId: event.id, userId: "hank", quantity: 4 });
    const bigger = await engine.updateEvent(event.id, { totalSeats: 12, eventName: "resized" });
    expect(bigger).toMatchObject({ eventName: "resized", totalSeats: 12, availableSeats: 8 });
    await expect(engine.updateEvent(event.id, { totalSeats: 3 })).rejects.toMatchObject({
      code: "E_INSUFFICIENT_SEATS",
    });
    await engine.reserve({ eventId: event.id, userId: "ivy", quantity: 8 });
    await expect(engine.reserve({ eventId: event.id, userId: "jay", quantity: 1 })).rejects.toMatchObject({
      code: "E_SOLD_OUT",
    });
  });
});
