import { randomUUID } from "node:crypto";
import { InvalidInputError, RESERVATION_LIMITS as LIMITS, ReservationEngine } from "@ticketing/reservation";
import { testDatabase, type TestDatabase } from "@ticketing/testing";
import {
  CreateEventSchema,
  createReservationSchema,
  IdempotencyKeySchema,
  ListEventsQuerySchema,
  UserIdSchema,
} from "../src/schemas.js";
import { servers } from "./support/api.js";

const inOneYear = () => new Date(Date.now() + 365 * 24 * 3600 * 1000);
const event = { eventName: "Limits", totalSeats: 10, eventDate: "2031-01-01T00:00:00Z" };

/** The field issues the engine raised for `path`, or none when it got past validation (whatever happened next). */
async function engineIssues(path: string, operation: () => Promise<unknown>): Promise<string[]> {
  try {
    await operation();
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) return [];
    return error.issues.filter((issue) => issue.path === path).map((issue) => issue.message);
  }
}

describe("the app's limits agree with @ticketing/reservation", () => {
  let db: TestDatabase;
  let engine: ReservationEngine;
  beforeAll(async () => {
    db = await testDatabase("api_limits", (await servers()).mysql);
    engine = await ReservationEngine.create({ database: { type: "mysql", url: db.url } });
  });
  afterAll(async () => {
    await engine?.close();
    await db?.drop();
  });

  const reserve = (patch: Record<string, unknown>) =>
    engine.reserve({ eventId: randomUUID(), userId: "limits-user", quantity: 1, ...patch } as never);
  const create = (patch: Record<string, unknown>) =>
    engine.createEvent({ eventName: "Limits", totalSeats: 10, eventDate: inOneYear(), ...patch } as never);

  // [limit, the largest value, the app's schema accepts it, the engine's issues for it]
  const cases: [string, number, (n: number) => boolean, (n: number) => Promise<string[]>][] = [
    [
      "user id length",
      LIMITS.userIdMaxLength,
      (n) => UserIdSchema.safeParse("u".repeat(n)).success,
      (n) => engineIssues("userId", () => reserve({ userId: "u".repeat(n) })),
    ],
    [
      "idempotency key length",
      LIMITS.userIdMaxLength,
      (n) => IdempotencyKeySchema.safeParse("k".repeat(n)).success,
      (n) => engineIssues("idempotencyKey", () => reserve({ idempotencyKey: "k".repeat(n) })),
    ],
    [
      "event name length",
      LIMITS.eventNameMaxLength,
      (n) => CreateEventSchema.safeParse({ ...event, eventName: "e".repeat(n) }).success,
      (n) => engineIssues("eventName", () => create({ eventName: "e".repeat(n) })),
    ],
    [
      "total seats",
      LIMITS.totalSeatsMax,
      (n) => CreateEventSchema.safeParse({ ...event, totalSeats: n }).success,
      (n) => engineIssues("totalSeats", () => create({ totalSeats: n })),
    ],
    [
      "seats per user",
      LIMITS.totalSeatsMax,
      (n) => CreateEventSchema.safeParse({ ...event, maxPerUser: n }).success,
      (n) => engineIssues("maxPerUser", () => create({ maxPerUser: n })),
    ],
    [
      "page size",
      LIMITS.pageLimitMax,
      (n) => ListEventsQuerySchema.safeParse({ limit: String(n) }).success,
      (n) => engineIssues("limit", () => engine.listEvents({ limit: n })),
    ],
    [
      "seats per reservation (the engine's default)",
      LIMITS.quantityMaxDefault,
      (n) =>
        createReservationSchema(LIMITS.quantityMaxDefault).safeParse({
          eventId: randomUUID(),
          quantity: n,
        }).success,
      (n) => engineIssues("quantity", () => reserve({ quantity: n })),
    ],
  ];

  test.each(cases)("%s: both accept %i and both refuse one more", async (_name, max, app, engineCheck) => {
    expect(app(max)).toBe(true);
    expect(await engineCheck(max)).toEqual([]);
    expect(app(max + 1)).toBe(false);
    expect(await engineCheck(max + 1)).toHaveLength(1);
  });

  test("cursor length: the engine checks the length the app allows before reading the cursor", async () => {
    const cursor = (n: number) => "c".repeat(n);
    expect(ListEventsQuerySchema.safeParse({ cursor: cursor(LIMITS.cursorMaxLength) }).success).toBe(true);
    expect(ListEventsQuerySchema.safeParse({ cursor: cursor(LIMITS.cursorMaxLength + 1) }).success).toBe(
      false,
    );
    const [atMax] = await engineIssues("cursor", () =>
      engine.listEvents({ cursor: cursor(LIMITS.cursorMaxLength) }),
    );
    const [over] = await engineIssues("cursor", () =>
      engine.listEvents({ cursor: cursor(LIMITS.cursorMaxLength + 1) }),
    );
    // Both are refused (neither is a real cursor), but only the longer one for its length.
    expect(atMax).not.toMatch(/at most/);
    expect(over).toMatch(new RegExp(`at most ${LIMITS.cursorMaxLength}`));
  });
});
