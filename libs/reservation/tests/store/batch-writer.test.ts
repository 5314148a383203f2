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
    }));
  const state = () =>
    database.read(async (sql) => {
      const [event] = await sql.rows<{ a: number }>(
        "SELECT available_seats AS a FROM events WHERE id = 'e1'",
      );
      const [count] = await sql.rows<{ n: number }>("SELECT COUNT(*) AS n FROM reservations");
      return { available: Number(event!.a), reservations: Number(count!.n) };
    });

  test("takes the seats and inserts every row of a batch that fits", async () => {
    expect(await writeBatch(database, "e1", rows("e1", [2, 3]))).toBe("ok");
    expect(await state()).toEqual({ available: 0, reservations: 2 });
  });

  test("answers guard and writes nothing when the batch needs one seat more than is left", async () => {
    expect(await writeBatch(database, "e1", rows("e1", [3, 3]))).toBe("guard");
    expect(await state()).toEqual({ available: 5, reservations: 0 });
  });

  test("answers guard and writes nothing for an event that does not exist", async () => {
    expect(await writeBatch(database, "missing", rows("missing", [1]))).toBe("guard");
    expect(await state()).toEqual({ available: 5, reservations: 0 });
  });

  test("throws a row's own failure and writes nothing", async () => {
    const duplicate = rows("e1", [1, 1]).map((row) => ({ ...row, id: "same-id" }));
    await expect(writeBatch(database, "e1", duplicate)).rejects.toThrow();
    expect(await state()).toEqual({ available: 5, reservations: 0 });
  });
});
