import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { Database } from "../../src/store/database.js";

describe("Database.open on MySQL", () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await testDatabase("database-open");
  });
  afterEach(async () => {
    await db.drop();
  });

  test("instances starting together on a fresh database all open it, and each migration runs once", async () => {
    const opened = await Promise.allSettled(
      Array.from({ length: 4 }, () => Database.open({ type: "mysql", url: db.url, poolSize: 2 })),
    );
    const databases = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    try {
      expect(opened.filter((r) => r.status === "rejected")).toEqual([]);
      const connection = await createConnection(db.url);
      try {
        const [migrations] = (await connection.query(
          "SELECT name, COUNT(*) AS n FROM reservation_migrations GROUP BY name",
        )) as unknown as [{ name: string; n: number }[]];
        expect(migrations.length).toBeGreaterThan(0);
        expect(migrations.filter((m) => Number(m.n) !== 1)).toEqual([]);
      } finally {
        await connection.end();
      }
      await Promise.all(databases.map(async (d) => expect(await d.ping()).toBe(true)));
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });
});

test("Database.open works with a pool of one connection (the migration lock is held outside the pool)", async () => {
  const db = await testDatabase("database-pool-one");
  try {
    const database = await Database.open({ type: "mysql", url: db.url, poolSize: 1 });
    try {
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
    }
  } finally {
    await db.drop();
  }
});

describe("Database.transactionInOneTrip on MySQL", () => {
  let db: TestDatabase;
  let database: Database;

  beforeEach(async () => {
    db = await testDatabase("database-one-trip");
    database = await Database.open({ type: "mysql", url: db.url, poolSize: 1 });
  });
  afterEach(async () => {
    await database.close();
    await db.drop();
  });

  const insertEvent = (id: string, available: number) => ({
    sql: "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES (?, 'e', 10, ?, '2031-01-01', '2026-01-01')",
    params: [id, available],
  });

  test("commits every statement and returns the rows each affected", async () => {
    const affected = await database.transactionInOneTrip([
      insertEvent("a", 10),
      insertEvent("b", 10),
      {
        sql: "UPDATE events SET available_seats = available_seats - ? WHERE id IN (?, ?)",
        params: [3, "a", "b"],
      },
    ]);
    expect(affected).toEqual([1, 1, 2]);
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
    expect(await database.transactionInOneTrip([insertEvent("d", 10)])).toEqual([1]);
    const rows = await database.read((sql) => sql.rows<{ id: string }>("SELECT id FROM events ORDER BY id"));
    expect(rows.map((r) => r.id)).toEqual(["d"]);
  });

  test("sends parameters escaped, so a value cannot add a statement", async () => {
    const hostile = "x'); DELETE FROM events; --";
    await database.transactionInOneTrip([insertEvent("keep", 10)]);
    await database.transactionInOneTrip([{ ...insertEvent("y", 10), params: [hostile, 10] }]);
    const rows = await database.read((sql) => sql.rows<{ id: string }>("SELECT id FROM events ORDER BY id"));
    expect(rows.map((r) => r.id).sort()).toEqual(["keep", hostile].sort());
  });
});

describe("Database.open seat guard probe", () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await testDatabase("database-guard");
  });
  afterEach(async () => {
    await db.drop();
  });

  test("refuses a database whose events table lets available_seats go below zero", async () => {
    const first = await Database.open({ type: "mysql", url: db.url, poolSize: 1 });
    await first.close();
    const connection = await createConnection(db.url);
    try {
      await connection.query("ALTER TABLE events DROP CONSTRAINT chk_events_available");
    } finally {
      await connection.end();
    }
    await expect(Database.open({ type: "mysql", url: db.url, poolSize: 1 })).rejects.toThrow(
      /does not enforce CHECK \(available_seats >= 0\)/,
    );
    const check = await createConnection(db.url);
    try {
      const [rows] = (await check.query("SELECT COUNT(*) AS n FROM events")) as unknown as [{ n: number }[]];
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await check.end();
    }
  });
});
