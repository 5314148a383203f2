import { testDatabase, type TestDatabase } from "@ticketing/testing";
import type { Database } from "../../src/store/database.js";
import { EventStore } from "../../src/store/event-store.js";
import { openDatabase } from "../../src/store/open-database.js";
import { seedPaddedIds } from "../helpers/padded-ids.js";

describe("EventStore on MariaDB", () => {
  let db: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    db = await testDatabase("event-store");
    database = await openDatabase({ type: "mysql", url: db.url, poolSize: 2 });
    await seedPaddedIds(database);
  });
  afterAll(async () => {
    await database?.close();
    await db.drop();
  });

  test('counts the seats of frank and of "frank " apart, as a per-user counter rebuild reads them', async () => {
    const held = await new EventStore(database).takenByUser("e1");
    expect(Object.fromEntries(held)).toEqual({ carol: 1, frank: 3, "frank ": 1 });
  });

  test("counts a user's holds with their confirmed seats, and neither expired nor cancelled ones", async () => {
    await database.write(async (sql) => {
      const insert =
        "INSERT INTO reservations (id, event_id, user_id, quantity, status, created_at, expires_at) VALUES (?, 'e1', 'carol', ?, ?, '2026-06-01 00:00:00.000', '2031-01-01 00:00:00.000')";
      await sql.exec(insert, ["r-carol-held", 2, "HELD"]);
      await sql.exec(insert, ["r-carol-expired", 4, "EXPIRED"]);
      await sql.exec(insert, ["r-carol-cancelled", 8, "CANCELLED"]);
    });
    const held = await new EventStore(database).takenByUser("e1");
    expect(held.get("carol")).toBe(3);
    const seats = await new EventStore(database).seats("e1");
    expect(seats).toMatchObject({ total: 10, available: 5, held: 2, due: 0 });
  });
});
