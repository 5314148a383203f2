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
    const held = await new EventStore(database).confirmedByUser("e1");
    expect(Object.fromEntries(held)).toEqual({ carol: 1, frank: 3, "frank ": 1 });
  });
});
