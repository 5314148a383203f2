import { testDatabase, type TestDatabase } from "@ticketing/testing";
import type { Database } from "../../src/store/database.js";
import { openDatabase } from "../../src/store/open-database.js";

describe("Database.transactionInOneTrip on MySQL", () => {
  let db: TestDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await testDatabase("database-one-trip");
    database = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
  });
  afterEach(async () => {
    await database.close();
    await db.drop();
  });

  const insertEvent = (id: string, available: number) => ({
    sql: "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES (?, 'e', 10, ?, '2031-01-01', '2026-01-01')",
    params: [id, available],
  });

  const affected = (results: { affected: number }[]) => results.map((r) => r.affected);

  test("commits every statement and returns the rows each affected", async () => {
    const results = await database.transactionInOneTrip([
      insertEvent("a", 10),
      insertEvent("b", 10),
      {
        sql: "UPDATE events SET available_seats = available_seats - ? WHERE id IN (?, ?)",
        params: [3, "a", "b"],
      },
    ]);
    expect(affected(results)).toEqual([1, 1, 2]);
    const rows = await database.read((sql) =>
      sql.rows<{ id: string; available_seats: number }>("SELECT id, available_seats FROM events ORDER BY id"),
    );
    expect(rows.map((r) => [r.id, Number(r.available_seats)])).toEqual([
      ["a", 7],
      ["b", 7],
    ]);
  });

  test("writes nothing when a later statement fails, and its connection serves the next transaction", async () => {
    await expect(
      database.transactionInOneTrip([insertEvent("a", 10), insertEvent("b", -1), insertEvent("c", 10)]),
    ).rejects.toThrow(/chk_events_available/);
    // poolSize 1: the same connection, rolled back rather than left inside the failed transaction.
    expect(affected(await database.transactionInOneTrip([insertEvent("d", 10)]))).toEqual([1]);
    const rows = await database.read((sql) => sql.rows<{ id: string }>("SELECT id FROM events ORDER BY id"));
    expect(rows.map((r) => r.id)).toEqual(["d"]);
  });

  test("returns the rows of a query among the statements, as the transaction sees them", async () => {
    const [, read] = await database.transactionInOneTrip([
      insertEvent("a", 10),
      { sql: "SELECT id, available_seats FROM events WHERE id = ? FOR UPDATE", params: ["a"], query: true },
    ]);
    expect(read!.rows).toEqual([{ id: "a", available_seats: 10 }]);
  });

  test("sends parameters escaped, so a value cannot add a statement", async () => {
    const hostile = "x'); DELETE FROM events; --";
    await database.transactionInOneTrip([insertEvent("keep", 10)]);
    await database.transactionInOneTrip([{ ...insertEvent("y", 10), params: [hostile, 10] }]);
    const rows = await database.read((sql) => sql.rows<{ id: string }>("SELECT id FROM events ORDER BY id"));
    expect(rows.map((r) => r.id).sort()).toEqual(["keep", hostile].sort());
  });
});
