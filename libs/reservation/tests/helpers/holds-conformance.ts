import { waitUntil } from "@ticketing/testing";
import {
  RESERVATION_LIMITS,
  type ReservationEngine,
  type ReservationEngineOptions,
  type ReservationEvents,
} from "../../src/index.js";
import { codeOf, future } from "./fixtures.js";

export interface EngineSetup {
  engine: ReservationEngine;
  close(): Promise<void>;
}

/** A new engine over the implementation's database and admission, with the options of the test. */
export type MakeEngine = (options?: Partial<ReservationEngineOptions>) => Promise<EngineSetup>;

const owner = (userId: string) => ({ userId, role: "user" as const });

/** Records the reservation changes the engine reports, by event name, as reservation ids. */
function recordChanges(engine: ReservationEngine): Record<string, string[]> {
  const seen: Record<string, string[]> = { held: [], confirmed: [], cancelled: [], expired: [] };
  for (const change of ["held", "confirmed", "cancelled", "expired"] as const) {
    engine.on(`reservation:${change}`, ({ reservation }: ReservationEvents["reservation:held"]) =>
      seen[change]!.push(reservation.id),
    );
  }
  return seen;
}

/**
 * Seat holds behave the same on every implementation: sql.js with in-process admission, MariaDB with Redis. Short
 * holds (1-2 s) and a fast sweep keep the suite quick; expiry is awaited by polling the reservation, never by timing.
 */
export function holdsConformance(name: string, make: MakeEngine): void {
  describe(`seat holds on ${name}`, () => {
    let setup: EngineSetup;
    let engine: ReservationEngine;

    beforeAll(async () => {
      setup = await make({ holds: { sweepIntervalMs: 50 }, outbox: true });
      engine = setup.engine;
    });
    afterAll(async () => {
      await setup.close();
    });

    const holdEvent = (totalSeats: number, holdSeconds: number, maxPerUser?: number) =>
      engine.createEvent({
        eventName: "holds",
        totalSeats,
        eventDate: future(),
        holdSeconds,
        ...(maxPerUser === undefined ? {} : { maxPerUser }),
      });
    const statusOf = async (id: string, userId: string) =>
      (await engine.getReservation(id, owner(userId))).status;

    test("answers HELD with an expiry holdSeconds ahead, and counts the seats as held, not sold", async () => {
      const event = await holdEvent(10, 600);
      expect(event.holdSeconds).toBe(600);
      const before = Date.now();
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "ann", quantity: 3 });
      expect(reservation).toMatchObject({ status: "HELD", confirmedAt: null, paymentReference: null });
      // The expiry is on the database's clock, which is this machine's: within the test's own span.
      expect(reservation.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 600_000 - 1_000);
      expect(reservation.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 600_000 + 1_000);
      expect(await engine.getReservation(reservation.id, owner("ann"))).toEqual(reservation);
      expect(await engine.getSeatCounts(event.id)).toEqual({
        eventId: event.id,
        totalSeats: 10,
        confirmedSeats: 0,
        heldSeats: 3,
        availableSeats: 7,
        nextExpiry: reservation.expiresAt,
      });
      expect((await engine.getEvent(event.id)).availableSeats).toBe(7);
    });

    test("confirms a hold once: the same reference again returns it, another is E_ALREADY_CONFIRMED", async () => {
      const event = await holdEvent(10, 600);
      const seen = recordChanges(engine);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "bea", quantity: 2 });
      const confirmed = await engine.confirm(reservation.id, { paymentReference: "pay-1" }, owner("bea"));
      expect(confirmed).toMatchObject({ id: reservation.id, status: "CONFIRMED", paymentReference: "pay-1" });
      expect(confirmed.confirmedAt!.getTime()).toBeLessThan(reservation.expiresAt!.getTime());
      expect(await engine.confirm(reservation.id, { paymentReference: "pay-1" }, owner("bea"))).toEqual(
        confirmed,
      );
      await expect(
        engine.confirm(reservation.id, { paymentReference: "pay-2" }, owner("bea")),
      ).rejects.toMatchObject({ code: "E_ALREADY_CONFIRMED", reservationId: reservation.id });
      expect(await engine.getSeatCounts(event.id)).toMatchObject({
        confirmedSeats: 2,
        heldSeats: 0,
        availableSeats: 8,
      });
      expect(seen).toMatchObject({ held: [reservation.id], confirmed: [reservation.id] });
    });

    test("confirms one of two concurrent confirms with different references and refuses the other", async () => {
      const event = await holdEvent(5, 600);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "cat", quantity: 1 });
      const outcomes = await Promise.allSettled(
        ["a", "b"].map((ref) => engine.confirm(reservation.id, { paymentReference: ref }, owner("cat"))),
      );
      const codes = outcomes.map((o) => (o.status === "fulfilled" ? "OK" : codeOf(o.reason))).sort();
      expect(codes).toEqual(["E_ALREADY_CONFIRMED", "OK"]);
    });

    test("gives an unconfirmed hold's seats back once when it expires, and then refuses to confirm it", async () => {
      const event = await holdEvent(4, 1);
      const seen = recordChanges(engine);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "dan", quantity: 4 });
      await waitUntil(
        async () => (await statusOf(reservation.id, "dan")) === "EXPIRED",
        20_000,
        "the hold to expire",
      );
      expect(await engine.getSeatCounts(event.id)).toMatchObject({
        heldSeats: 0,
        availableSeats: 4,
        confirmedSeats: 0,
      });
      await expect(
        engine.confirm(reservation.id, { paymentReference: "late" }, owner("dan")),
      ).rejects.toMatchObject({ code: "E_HOLD_EXPIRED", expiresAt: reservation.expiresAt });
      expect(seen.expired).toEqual([reservation.id]);
      // The seats are on sale again, all four, and not one more.
      await engine.reserve({ eventId: event.id, userId: "eve", quantity: 4 });
      await expect(engine.reserve({ eventId: event.id, userId: "fay", quantity: 1 })).rejects.toMatchObject({
        code: "E_SEATS_HELD",
      });
    });

    test("tells E_SEATS_HELD with the earliest expiry while held seats may come back, and sells them after", async () => {
      const event = await holdEvent(3, 2);
      const first = await engine.reserve({ eventId: event.id, userId: "gus", quantity: 2 });
      await engine.reserve({ eventId: event.id, userId: "hal", quantity: 1 });
      const refusal = await engine
        .reserve({ eventId: event.id, userId: "ivy", quantity: 2 })
        .catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: "E_SEATS_HELD", available: 0, held: 3, requested: 2 });
      expect((refusal as { retryAt: Date }).retryAt).toEqual(first.reservation.expiresAt);
      await waitUntil(
        async () => (await engine.getSeatCounts(event.id)).availableSeats === 3,
        20_000,
        "the holds to expire",
      );
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "ivy", quantity: 2 });
      expect(reservation.status).toBe("HELD");
    });

    test("says sold out, not held, when the seats asked for exceed those free and held together", async () => {
      const event = await holdEvent(3, 600);
      await engine.reserve({ eventId: event.id, userId: "jon", quantity: 2 });
      await expect(engine.reserve({ eventId: event.id, userId: "kay", quantity: 4 })).rejects.toMatchObject({
        code: "E_INSUFFICIENT_SEATS",
      });
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "kay", quantity: 1 });
      await engine.confirm(reservation.id, { paymentReference: "p" }, owner("kay"));
      const other = await engine
        .reserve({ eventId: event.id, userId: "lee", quantity: 1 })
        .catch((e: unknown) => e);
      expect(other).toMatchObject({ code: "E_SEATS_HELD", held: 2 });
    });

    test("counts holds and confirmations together against the per-user limit; an expired hold frees the allowance", async () => {
      const event = await holdEvent(20, 1, 3);
      const held = await engine.reserve({ eventId: event.id, userId: "max", quantity: 2 });
      await expect(engine.reserve({ eventId: event.id, userId: "max", quantity: 2 })).rejects.toMatchObject({
        code: "E_PER_USER_LIMIT",
        held: 2,
      });
      await waitUntil(
        async () => (await statusOf(held.reservation.id, "max")) === "EXPIRED",
        20_000,
        "expiry",
      );
      const again = await engine.reserve({ eventId: event.id, userId: "max", quantity: 3 });
      await engine.confirm(again.reservation.id, { paymentReference: "p" }, owner("max"));
      await expect(engine.reserve({ eventId: event.id, userId: "max", quantity: 1 })).rejects.toMatchObject({
        code: "E_PER_USER_LIMIT",
        held: 3,
      });
    });

    test("returns the same hold for the same idempotency key, in its current status", async () => {
      const event = await holdEvent(10, 600);
      const request = { eventId: event.id, userId: "ned", quantity: 1, idempotencyKey: "checkout-1" };
      const [a, b] = await Promise.all([engine.reserve(request), engine.reserve(request)]);
      expect(b.reservation.id).toBe(a.reservation.id);
      await engine.confirm(a.reservation.id, { paymentReference: "p" }, owner("ned"));
      const replay = await engine.reserve(request);
      expect(replay).toMatchObject({
        replayed: true,
        reservation: { id: a.reservation.id, status: "CONFIRMED" },
      });
      expect((await engine.getSeatCounts(event.id)).confirmedSeats).toBe(1);
    });

    test("cancels a hold and gives its seats back once; confirming it then is E_RESERVATION_CANCELLED", async () => {
      const event = await holdEvent(5, 600);
      const seen = recordChanges(engine);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "oli", quantity: 5 });
      const [first, second] = await Promise.all([
        engine.cancel(reservation.id, owner("oli")),
        engine.cancel(reservation.id, { userId: "root", role: "admin" }),
      ]);
      expect(first.status).toBe("CANCELLED");
      expect(second).toEqual(first);
      expect(seen.cancelled).toEqual([reservation.id]);
      expect(await engine.getSeatCounts(event.id)).toMatchObject({ heldSeats: 0, availableSeats: 5 });
      await expect(
        engine.confirm(reservation.id, { paymentReference: "p" }, owner("oli")),
      ).rejects.toMatchObject({ code: "E_RESERVATION_CANCELLED" });
      await engine.reserve({ eventId: event.id, userId: "pam", quantity: 5 });
    });

    test("cancels a confirmed hold and gives its seats back", async () => {
      const event = await holdEvent(2, 600);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "quin", quantity: 2 });
      await engine.confirm(reservation.id, { paymentReference: "p" }, owner("quin"));
      expect((await engine.cancel(reservation.id, owner("quin"))).status).toBe("CANCELLED");
      expect(await engine.getSeatCounts(event.id)).toMatchObject({ confirmedSeats: 0, availableSeats: 2 });
    });

    test("keeps one-step reservations for events without holdSeconds, which confirm refuses with E_NOT_A_HOLD", async () => {
      const event = await engine.createEvent({ eventName: "one step", totalSeats: 5, eventDate: future() });
      expect(event.holdSeconds).toBeNull();
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "ray", quantity: 1 });
      expect(reservation).toMatchObject({ status: "CONFIRMED", expiresAt: null, paymentReference: null });
      expect(reservation.confirmedAt).toEqual(reservation.createdAt);
      await expect(
        engine.confirm(reservation.id, { paymentReference: "p" }, owner("ray")),
      ).rejects.toMatchObject({ code: "E_NOT_A_HOLD" });
    });

    test("lets only the owner or an admin confirm or read a reservation", async () => {
      const event = await holdEvent(5, 600);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "sam", quantity: 1 });
      await expect(
        engine.confirm(reservation.id, { paymentReference: "p" }, owner("mallory")),
      ).rejects.toMatchObject({ code: "E_FORBIDDEN" });
      await expect(engine.getReservation(reservation.id, owner("mallory"))).rejects.toMatchObject({
        code: "E_FORBIDDEN",
      });
      const byAdmin = await engine.confirm(
        reservation.id,
        { paymentReference: "p" },
        { userId: "root", role: "admin" },
      );
      expect(byAdmin.status).toBe("CONFIRMED");
      await expect(
        engine.confirm("01939a6e-0000-7000-8000-000000000000", { paymentReference: "p" }, owner("sam")),
      ).rejects.toMatchObject({ code: "E_RESERVATION_NOT_FOUND" });
    });

    test("applies a changed holdSeconds to reservations made from then on", async () => {
      const event = await engine.createEvent({
        eventName: "later holds",
        totalSeats: 5,
        eventDate: future(),
      });
      const updated = await engine.updateEvent(event.id, { holdSeconds: 300 });
      expect(updated.holdSeconds).toBe(300);
      expect(
        (await engine.reserve({ eventId: event.id, userId: "tim", quantity: 1 })).reservation.status,
      ).toBe("HELD");
      await engine.updateEvent(event.id, { holdSeconds: null });
      expect(
        (await engine.reserve({ eventId: event.id, userId: "tim", quantity: 1 })).reservation.status,
      ).toBe("CONFIRMED");
    });

    test("writes each change to the outbox with the reservation's sequence: held, confirmed, cancelled", async () => {
      const event = await holdEvent(5, 600);
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "uma", quantity: 1 });
      await engine.confirm(reservation.id, { paymentReference: "pay-9" }, owner("uma"));
      await engine.cancel(reservation.id, owner("uma"));
      const published: string[] = [];
      // Claimable one change at a time per reservation: each claim holds the next one only after the last is published.
      for (let round = 0; round < 20; round++) {
        const messages = (await engine.outbox.claim({ limit: 1_000, leaseMs: 60_000 })).filter(
          (m) => m.reservation.id === reservation.id,
        );
        expect(messages.length).toBeLessThanOrEqual(1);
        if (messages.length === 0 && published.length === 3) break;
        for (const m of messages) published.push(`${m.id} ${m.type} ${m.reservation.status}`);
        await engine.outbox.published(messages.map((m) => m.id));
      }
      expect(published).toEqual([
        `${reservation.id}:1 reservation.held HELD`,
        `${reservation.id}:2 reservation.confirmed CONFIRMED`,
        `${reservation.id}:3 reservation.cancelled CANCELLED`,
      ]);
    });

    test.each([
      ["zero", 0],
      ["above the longest hold", RESERVATION_LIMITS.holdSecondsMax + 1],
      ["fractional", 1.5],
      ["a string", "60"],
    ])("refuses a holdSeconds that is %s with E_INVALID_INPUT", async (_what, holdSeconds) => {
      await expect(
        engine.createEvent({
          eventName: "bad",
          totalSeats: 1,
          eventDate: future(),
          holdSeconds: holdSeconds as number,
        }),
      ).rejects.toMatchObject({
        code: "E_INVALID_INPUT",
        issues: [expect.objectContaining({ path: "holdSeconds" })],
      });
    });

    test.each([
      ["empty", ""],
      ["too long", "x".repeat(RESERVATION_LIMITS.paymentReferenceMaxLength + 1)],
      ["not a string", 42],
    ])("refuses a payment reference that is %s with E_INVALID_INPUT", async (_what, paymentReference) => {
      await expect(
        engine.confirm(
          "01939a6e-0000-7000-8000-000000000000",
          { paymentReference: paymentReference as string },
          owner("x"),
        ),
      ).rejects.toMatchObject({
        code: "E_INVALID_INPUT",
        issues: [expect.objectContaining({ path: "paymentReference" })],
      });
    });
  });

  describe(`the expiry of holds on ${name}, when no sweep has run yet`, () => {
    let setup: EngineSetup;

    beforeAll(async () => {
      // A sweep that never comes in this test: only the engine's own reactions expire holds.
      setup = await make({ holds: { sweepIntervalMs: 3_600_000 } });
    });
    afterAll(async () => {
      await setup.close();
    });

    test("expires a hold past its time when its confirm arrives, and answers E_HOLD_EXPIRED", async () => {
      const { engine } = setup;
      const event = await engine.createEvent({
        eventName: "late",
        totalSeats: 2,
        eventDate: future(),
        holdSeconds: 1,
      });
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "vic", quantity: 2 });
      await waitUntil(
        async () => (await engine.getSeatCounts(event.id)).nextExpiry!.getTime() <= Date.now() - 50,
        20_000,
        "the expiry to pass",
      );
      await expect(
        engine.confirm(reservation.id, { paymentReference: "p" }, owner("vic")),
      ).rejects.toMatchObject({ code: "E_HOLD_EXPIRED" });
      expect((await engine.getReservation(reservation.id, owner("vic"))).status).toBe("EXPIRED");
      expect(await engine.getSeatCounts(event.id)).toMatchObject({ heldSeats: 0, availableSeats: 2 });
    });

    test("expires holds past their time before telling a buyer the seats are held, and sells them", async () => {
      const { engine } = setup;
      const event = await engine.createEvent({
        eventName: "due",
        totalSeats: 2,
        eventDate: future(),
        holdSeconds: 1,
      });
      await engine.reserve({ eventId: event.id, userId: "wes", quantity: 2 });
      await waitUntil(
        async () => (await engine.getSeatCounts(event.id)).nextExpiry!.getTime() <= Date.now() - 50,
        20_000,
        "the expiry to pass",
      );
      const { reservation } = await engine.reserve({ eventId: event.id, userId: "xia", quantity: 2 });
      expect(reservation.status).toBe("HELD");
    });
  });
}
