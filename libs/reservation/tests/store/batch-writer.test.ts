import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { writeBatch, type PendingRow } from "../../src/store/batch-writer.js";
import { sqljs } from "../../src/sqljs.js";
import type { Database } from "../../src/store/database.js";
import { openDatabase } from "../../src/store/open-database.js";

describe.each(["mysql", "sqljs"] as const)("writeBatch on %s", (type) => {
  let db: TestDatabase | undefined;
  let database: Database;

  beforeEach(async () => {
    if (type === "mysql") {
      db = await testDatabase("batch-writer");
      database = await openDatabase({ type: "mysql", url: db.url, poolSize: 2 });
    } else {
      database = await openDatabase(sqljs());
    }
    await database.write((sql) =>
      sql.exec(
        "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('e1', 'e', 10, 5, '2031-01-01 00:00:00.000', '2026-01-01 00:00:00.000')",
      ),
    );
  });
  afterEach(async () => {
    await database.close();
    await db?.drop();
  });

  const rows = (eventId: string, quantities: number[]): PendingRow[] =>
    quantities.map((quantity, i) => ({
      id: `${eventId}-r${i}-${quantity}`,
      eventId,
      userId: `u${i}`,
      quantity,
      createdAt: new Date("2026-06-01T00:00:00Z"),
      idempotencyKey: null,
      expiresAt: null,
    }));
  const state = () =>
    database.read(async (sql) => {
      const [event] = await sql.rows<{ a: number }>(
        "SELECT available_seats AS a FROM events WHERE id = 'e1'",
      );
      const [count] = await sql.rows<{ n: number }>("SELECT COUNT(*) AS n FROM reservations");
      const [outbox] = await sql.rows<{ n: number }>("SELECT COUNT(*) AS n FROM reservation_outbox");
      return { available: Number(event!.a), reservations: Number(count!.n), outbox: Number(outbox!.n) };
    });

  const withOutbox = { outbox: true };

  test("takes the seats and inserts every row of a batch that fits", async () => {
    expect(await writeBatch(database, "e1", rows("e1", [2, 3]), { outbox: false })).toBe("ok");
    expect(await state()).toEqual({ available: 0, reservations: 2, outbox: 0 });
  });

  test("takes the seats of holds like those of confirmed reservations, with each one's first outbox row", async () => {
    const held = rows("e1", [2, 1]).map((row, i) => ({
      ...row,
      expiresAt: i === 0 ? new Date("2026-06-01T00:10:00Z") : null,
    }));
    expect(await writeBatch(database, "e1", held, withOutbox)).toBe("ok");
    expect(await state()).toEqual({ available: 2, reservations: 2, outbox: 2 });
    const written = await database.read((sql) =>
      sql.rows<{ id: string; status: string; expires_at: string | null; confirmed_at: string | null }>(
        "SELECT id, status, expires_at, confirmed_at FROM reservations ORDER BY id",
      ),
    );
    expect(written).toEqual([
      { id: "e1-r0-2", status: "HELD", expires_at: "2026-06-01 00:10:00.000", confirmed_at: null },
      { id: "e1-r1-1", status: "CONFIRMED", expires_at: null, confirmed_at: "2026-06-01 00:00:00.000" },
    ]);
    const outbox = await database.read((sql) =>
      sql.rows<{ reservation_id: string; seq: number; type: string; status: string }>(
        "SELECT reservation_id, seq, type, status FROM reservation_outbox ORDER BY reservation_id",
      ),
    );
    expect(outbox.map((o) => ({ ...o, seq: Number(o.seq) }))).toEqual([
      { reservation_id: "e1-r0-2", seq: 1, type: "held", status: "HELD" },
      { reservation_id: "e1-r1-1", seq: 1, type: "confirmed", status: "CONFIRMED" },
    ]);
  });

  test("answers guard and writes nothing, outbox rows included, when the batch needs one seat more than is left", async () => {
    expect(await writeBatch(database, "e1", rows("e1", [3, 3]), withOutbox)).toBe("guard");
    expect(await state()).toEqual({ available: 5, reservations: 0, outbox: 0 });
  });

  test("answers guard and writes nothing for an event that does not exist", async () => {
    expect(await writeBatch(database, "missing", rows("missing", [1]), withOutbox)).toBe("guard");
    expect(await state()).toEqual({ available: 5, reservations: 0, outbox: 0 });
  });

  test("throws a row's own failure and writes nothing", async () => {
    const duplicate = rows("e1", [1, 1]).map((row) => ({ ...row, id: "same-id" }));
    await expect(writeBatch(database, "e1", duplicate, withOutbox)).rejects.toThrow();
    expect(await state()).toEqual({ available: 5, reservations: 0, outbox: 0 });
  });
});
