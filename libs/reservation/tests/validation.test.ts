import { createConnection } from "mysql2/promise";
import type { EventRecord } from "../src/index.js";
import { uuidv7 } from "../src/uuid.js";
import { dbState, future, mysqlSetup, type MysqlSetup } from "./helpers/fixtures.js";

describe("ReservationEngine input validation (MariaDB + Redis)", () => {
  let setup: MysqlSetup;
  let event: EventRecord;
  let pastEventId: string;

  async function counts(): Promise<{ events: number; reservations: number }> {
    const connection = await createConnection(setup.db.url);
    try {
      const [[e]] = (await connection.query("SELECT COUNT(*) AS n FROM events")) as unknown as [
        { n: number }[],
      ];
      const [[r]] = (await connection.query("SELECT COUNT(*) AS n FROM reservations")) as unknown as [
        { n: number }[],
      ];
      return { events: Number(e!.n), reservations: Number(r!.n) };
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    setup = await mysqlSetup("validation");
    event = await setup.engine.createEvent({ eventName: "valid", totalSeats: 20, eventDate: future() });
    await setup.engine.reserve({ eventId: event.id, userId: "someone", quantity: 1 });
    // An event that already took place cannot be created through the API, so it is written directly.
    pastEventId = uuidv7();
    const connection = await createConnection(setup.db.url);
    try {
      await connection.query(
        "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES (?, 'old', 5, 5, '2020-01-01 19:00:00.000', '2019-12-01 00:00:00.000')",
        [pastEventId],
      );
    } finally {
      await connection.end();
    }
  });
  afterAll(async () => {
    await setup.close();
  });

  const reserveCases: [string, (id: string, past: string) => unknown, string][] = [
    ["quantity 0", (id) => ({ eventId: id, userId: "u", quantity: 0 }), "E_INVALID_INPUT"],
    ["a negative quantity", (id) => ({ eventId: id, userId: "u", quantity: -1 }), "E_INVALID_INPUT"],
    ["a fractional quantity", (id) => ({ eventId: id, userId: "u", quantity: 1.5 }), "E_INVALID_INPUT"],
    [
      "a quantity above the per-request maximum",
      (id) => ({ eventId: id, userId: "u", quantity: 11 }),
      "E_INVALID_INPUT",
    ],
    ["a huge quantity", (id) => ({ eventId: id, userId: "u", quantity: 1e15 }), "E_INVALID_INPUT"],
    ["NaN", (id) => ({ eventId: id, userId: "u", quantity: Number.NaN }), "E_INVALID_INPUT"],
    [
      "Infinity",
      (id) => ({ eventId: id, userId: "u", quantity: Number.POSITIVE_INFINITY }),
      "E_INVALID_INPUT",
    ],
    [
      "a quantity given as a string",
      (id) => ({ eventId: id, userId: "u", quantity: "2" }),
      "E_INVALID_INPUT",
    ],
    ["a missing quantity", (id) => ({ eventId: id, userId: "u" }), "E_INVALID_INPUT"],
    ["a numeric event id", () => ({ eventId: 42, userId: "u", quantity: 1 }), "E_INVALID_INPUT"],
    ["an empty event id", () => ({ eventId: "", userId: "u", quantity: 1 }), "E_INVALID_INPUT"],
    [
      "an oversized user id",
      (id) => ({ eventId: id, userId: "x".repeat(192), quantity: 1 }),
      "E_INVALID_INPUT",
    ],
    ["a blank user id", (id) => ({ eventId: id, userId: "   ", quantity: 1 }), "E_INVALID_INPUT"],
    ["a numeric user id", (id) => ({ eventId: id, userId: 7, quantity: 1 }), "E_INVALID_INPUT"],
    [
      "an empty idempotency key",
      (id) => ({ eventId: id, userId: "u", quantity: 1, idempotencyKey: "" }),
      "E_INVALID_INPUT",
    ],
    ["null instead of a request", () => null, "E_INVALID_INPUT"],
    ["an unknown event", () => ({ eventId: uuidv7(), userId: "u", quantity: 1 }), "E_EVENT_NOT_FOUND"],
    ["an event id that is no UUID", () => ({ eventId: "42", userId: "u", quantity: 1 }), "E_EVENT_NOT_FOUND"],
    [
      "an event that already took place",
      (_, past) => ({ eventId: past, userId: "u", quantity: 1 }),
      "E_EVENT_PAST",
    ],
  ];

  test.each(reserveCases)("reserve refuses %s with %s and writes nothing", async (_name, build, code) => {
    const before = await counts();
    const seats = await dbState(setup.db.url, event.id);
    const error = await setup.engine.reserve(build(event.id, pastEventId) as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ code });
    if (code === "E_INVALID_INPUT") expect((error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
    expect((await dbState(setup.db.url, event.id)).available).toBe(seats.available);
    expect((await setup.engine.getEvent(event.id)).availableSeats).toBe(seats.available);
  });

  const createCases: [string, unknown][] = [
    ["an empty name", { eventName: "", totalSeats: 10, eventDate: future() }],
    ["an oversized name", { eventName: "x".repeat(201), totalSeats: 10, eventDate: future() }],
    ["zero seats", { eventName: "a", totalSeats: 0, eventDate: future() }],
    ["negative seats", { eventName: "a", totalSeats: -5, eventDate: future() }],
    ["fractional seats", { eventName: "a", totalSeats: 2.5, eventDate: future() }],
    ["seats as a string", { eventName: "a", totalSeats: "10", eventDate: future() }],
    ["absurdly many seats", { eventName: "a", totalSeats: 1e12, eventDate: future() }],
    ["a past date", { eventName: "a", totalSeats: 10, eventDate: new Date("2020-01-01") }],
    ["an invalid date", { eventName: "a", totalSeats: 10, eventDate: new Date("nope") }],
    ["a date as a string", { eventName: "a", totalSeats: 10, eventDate: "2030-01-01" }],
    ["a per-user limit of 0", { eventName: "a", totalSeats: 10, eventDate: future(), maxPerUser: 0 }],
  ];

  test.each(createCases)(
    "createEvent refuses %s with E_INVALID_INPUT and writes nothing",
    async (_name, input) => {
      const before = await counts();
      await expect(setup.engine.createEvent(input as never)).rejects.toMatchObject({
        code: "E_INVALID_INPUT",
      });
      expect(await counts()).toEqual(before);
    },
  );

  test.each([
    ["an unknown role", "01939a6e-0000-7000-8000-000000000000", { userId: "u", role: "root" }],
    ["an empty reservation id", "", { userId: "u", role: "user" }],
    ["a missing actor", "01939a6e-0000-7000-8000-000000000000", undefined],
  ])("cancel refuses %s with E_INVALID_INPUT", async (_name, id, actor) => {
    await expect(setup.engine.cancel(id, actor as never)).rejects.toMatchObject({ code: "E_INVALID_INPUT" });
  });

  test.each([[{ limit: 0 }], [{ limit: 101 }], [{ limit: "5" }], [{ cursor: 12 }]])(
    "listEvents refuses the page %j with E_INVALID_INPUT",
    async (page) => {
      await expect(setup.engine.listEvents(page as never)).rejects.toMatchObject({ code: "E_INVALID_INPUT" });
    },
  );

  describe("user ids that differ from another user's only by whitespace", () => {
    const actor = (userId: string) => ({ userId, role: "user" as const });

    test('does not let "carol " read carol\'s reservations', async () => {
      const { engine } = setup;
      await engine.reserve({ eventId: event.id, userId: "carol", quantity: 1 });
      const error = await engine.listByUser("carol ", actor("carol ")).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "E_INVALID_INPUT" });
    });

    test('does not let "frank " take seats beyond the per-user limit frank already reached', async () => {
      const { engine } = setup;
      const limited = await engine.createEvent({
        eventName: "limited",
        totalSeats: 10,
        eventDate: future(),
        maxPerUser: 2,
      });
      await engine.reserve({ eventId: limited.id, userId: "frank", quantity: 2 });
      const error = await engine
        .reserve({ eventId: limited.id, userId: "frank ", quantity: 2 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "E_INVALID_INPUT" });
      expect((await dbState(setup.db.url, limited.id)).confirmed).toBe(2);
    });

    test("does not match \"frank \"'s idempotency key to frank's reservation", async () => {
      const { engine } = setup;
      const { reservation } = await engine.reserve({
        eventId: event.id,
        userId: "frank",
        quantity: 1,
        idempotencyKey: "checkout-1",
      });
      const error = await engine
        .reserve({ eventId: event.id, userId: "frank ", quantity: 2, idempotencyKey: "checkout-1" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "E_INVALID_INPUT" });
      expect(String((error as Error).message)).not.toContain(reservation.id);
    });

    test.each([
      ["a leading space", " dave"],
      ["a trailing tab", "dave\t"],
      ["a trailing newline", "dave\n"],
      ["a trailing no-break space", "dave\u00a0"],
      ["only spaces", "   "],
    ])("refuses a user id with %s with E_INVALID_INPUT in every call", async (_name, userId) => {
      const { engine } = setup;
      const calls = [
        engine.reserve({ eventId: event.id, userId, quantity: 1 }),
        engine.listByUser(userId, actor(userId)),
        engine.listByUser("dave", actor(userId)),
        engine.cancel("01939a6e-0000-7000-8000-000000000000", actor(userId)),
      ];
      for (const call of calls) await expect(call).rejects.toMatchObject({ code: "E_INVALID_INPUT" });
    });
  });
});
