import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { createConnection, type Connection } from "mysql2/promise";
import { DataSource } from "typeorm";
import {
  ExactUserIds1765000000000,
  InitialSchema1764000000000,
  MIGRATIONS_TABLE,
  ReservationEngine,
  SeatHolds1766000000000,
} from "../../../src/index.js";
import { openDatabase } from "../../../src/store/open-database.js";

/** A TypeORM data source with the migrations up to the release before seat holds. */
function beforeHolds(
  url: string,
  migrations: unknown[] = [InitialSchema1764000000000, ExactUserIds1765000000000],
) {
  return new DataSource({
    type: "mysql",
    url,
    migrations: migrations as never,
    migrationsTableName: MIGRATIONS_TABLE,
  });
}

describe("SeatHolds migration on MariaDB", () => {
  let db: TestDatabase;
  let connection: Connection;

  beforeEach(async () => {
    db = await testDatabase("seat-holds");
    connection = await createConnection({ uri: db.url, dateStrings: true });
  });
  afterEach(async () => {
    await connection.end();
    await db.drop();
  });

  test("upgrades a database with reservations: each was confirmed when made, a cancelled one has had two changes", async () => {
    const source = beforeHolds(db.url);
    await source.initialize();
    await source.runMigrations();
    await source.destroy();
    await connection.query(
      "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('01939a6e-0000-7000-8000-0000000000e1', 'e', 10, 7, '2031-01-01', '2026-01-01')",
    );
    const insert =
      "INSERT INTO reservations (id, event_id, user_id, quantity, status, created_at) VALUES (?, '01939a6e-0000-7000-8000-0000000000e1', 'ann', ?, ?, '2026-06-01 10:00:00.000')";
    await connection.query(insert, ["01939a6e-0000-7000-8000-000000000001", 3, "CONFIRMED"]);
    await connection.query(insert, ["01939a6e-0000-7000-8000-000000000002", 1, "CANCELLED"]);

    const engine = await ReservationEngine.create({
      database: { type: "mysql", url: db.url, poolSize: 2 },
      outbox: true,
    });
    try {
      const [rows] = (await connection.query(
        "SELECT status, confirmed_at, expires_at, version FROM reservations ORDER BY id",
      )) as unknown as [Record<string, unknown>[]];
      expect(rows).toEqual([
        { status: "CONFIRMED", confirmed_at: "2026-06-01 10:00:00.000", expires_at: null, version: 1 },
        { status: "CANCELLED", confirmed_at: "2026-06-01 10:00:00.000", expires_at: null, version: 2 },
      ]);
      // The old reservation's next change is its second: it is numbered so in the outbox.
      const ann = { userId: "ann", role: "user" as const };
      await engine.cancel("01939a6e-0000-7000-8000-000000000001", ann);
      const [outbox] = (await connection.query(
        "SELECT reservation_id, seq, type FROM reservation_outbox",
      )) as unknown as [{ reservation_id: string; seq: number; type: string }[]];
      expect(outbox).toEqual([
        { reservation_id: "01939a6e-0000-7000-8000-000000000001", seq: 2, type: "cancelled" },
      ]);
      expect(await engine.getSeatCounts("01939a6e-0000-7000-8000-0000000000e1")).toMatchObject({
        confirmedSeats: 0,
        availableSeats: 10,
      });
    } finally {
      await engine.close();
    }
  });

  test("reverts to the tables of the release before, and upgrades again", async () => {
    const upgraded = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
    await upgraded.close();
    const source = beforeHolds(db.url, [
      InitialSchema1764000000000,
      ExactUserIds1765000000000,
      SeatHolds1766000000000,
    ]);
    await source.initialize();
    await source.undoLastMigration();
    await source.destroy();
    const [tables] = (await connection.query("SHOW TABLES LIKE 'reservation_outbox'")) as unknown as [
      unknown[],
    ];
    expect(tables).toEqual([]);
    const [columns] = (await connection.query(
      "SHOW COLUMNS FROM reservations LIKE 'version'",
    )) as unknown as [unknown[]];
    expect(columns).toEqual([]);
    const again = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
    await again.close();
    const [back] = (await connection.query("SHOW TABLES LIKE 'reservation_outbox'")) as unknown as [
      unknown[],
    ];
    expect(back).toHaveLength(1);
  });
});
