import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { createConnection, type Connection } from "mysql2/promise";
import { DataSource } from "typeorm";
import { InitialSchema1764000000000, MIGRATIONS_TABLE } from "../../../src/schema/migrations/index.js";
import { openDatabase } from "../../../src/store/open-database.js";

async function columns(connection: Connection): Promise<Record<string, string | null>> {
  const [rows] = (await connection.query(
    "SELECT COLUMN_NAME AS name, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'reservations' AND COLUMN_NAME IN ('user_id', 'idempotency_key')",
  )) as unknown as [{ name: string; collation: string | null }[]];
  return Object.fromEntries(rows.map((r) => [r.name, r.collation]));
}

/** The database as the first release left it: the initial migration only. */
async function migrateToInitialSchema(url: string): Promise<void> {
  const source = new DataSource({
    type: "mysql",
    url,
    migrations: [InitialSchema1764000000000],
    migrationsTableName: MIGRATIONS_TABLE,
  });
  await source.initialize();
  await source.runMigrations();
  await source.destroy();
}

/** The NO PAD binary collation: MariaDB's or MySQL 8's name. */
const EXACT = expect.stringMatching(/^utf8mb4_(nopad_bin|0900_bin)$/);

async function showCreate(connection: Connection, table: string): Promise<string> {
  const [[row]] = (await connection.query(`SHOW CREATE TABLE ${table}`)) as unknown as [
    Record<string, string>[],
  ];
  return row!["Create Table"]!;
}

describe("ExactUserIds migration on MariaDB", () => {
  let db: TestDatabase;
  let connection: Connection;

  beforeEach(async () => {
    db = await testDatabase("exact-user-ids");
    connection = await createConnection(db.url);
  });
  afterEach(async () => {
    await connection.end();
    await db.drop();
  });

  test("upgrades a database made before it: existing reservations kept, user ids then compared exactly", async () => {
    // The database as the first release left it: only the initial schema, with a reservation of frank.
    await migrateToInitialSchema(db.url);
    await connection.query(
      "INSERT INTO events (id, event_name, total_seats, available_seats, event_date, created_at) VALUES ('e1', 'e', 10, 8, '2031-01-01', '2026-01-01')",
    );
    const insert =
      "INSERT INTO reservations (id, event_id, user_id, quantity, status, created_at, idempotency_key) VALUES (?, 'e1', ?, 1, 'CONFIRMED', '2026-06-01', 'k')";
    await connection.query(insert, ["r-frank", "frank"]);
    await expect(connection.query(insert, ["r-frank-space", "frank "])).rejects.toMatchObject({
      code: "ER_DUP_ENTRY",
    });

    const upgraded = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
    await upgraded.close();

    expect(await columns(connection)).toEqual({ user_id: EXACT, idempotency_key: EXACT });
    await connection.query(insert, ["r-frank-space", "frank "]);
    const [rows] = (await connection.query(
      "SELECT id FROM reservations WHERE user_id = 'frank'",
    )) as unknown as [{ id: string }[]];
    expect(rows.map((r) => r.id)).toEqual(["r-frank"]);
  });

  test("gives a fresh database the same tables as an upgraded one", async () => {
    const fresh = await testDatabase("exact-user-ids-fresh");
    try {
      const created = await openDatabase({ type: "mysql", url: fresh.url, poolSize: 1 });
      await created.close();
      await migrateToInitialSchema(db.url);
      const upgraded = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
      await upgraded.close();
      const other = await createConnection(fresh.url);
      try {
        for (const table of ["events", "reservations"]) {
          expect(await showCreate(other, table)).toBe(await showCreate(connection, table));
        }
        expect(await columns(other)).toEqual({ user_id: EXACT, idempotency_key: EXACT });
      } finally {
        await other.end();
      }
    } finally {
      await fresh.drop();
    }
  });
});
