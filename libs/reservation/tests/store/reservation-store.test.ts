import { testDatabase, type TestDatabase } from "@ticketing/testing";
import type { Database } from "../../src/store/database.js";
import { openDatabase } from "../../src/store/open-database.js";
import { ReservationStore } from "../../src/store/reservation-store.js";
import { seedPaddedIds } from "../helpers/padded-ids.js";

describe("ReservationStore on MariaDB: user ids and idempotency keys compare byte for byte", () => {
  let db: TestDatabase;
  let database: Database;
  let reservations: ReservationStore;

  beforeAll(async () => {
    db = await testDatabase("reservation-store");
    database = await openDatabase({ type: "mysql", url: db.url, poolSize: 2 });
    reservations = new ReservationStore(database);
    await seedPaddedIds(database);
  });
  afterAll(async () => {
    await database?.close();
    await db.drop();
  });

  test('lists no reservation of carol for "carol "', async () => {
    expect((await reservations.listByUser("carol ")).map((r) => r.id)).toEqual([]);
    expect((await reservations.listByUser("carol")).map((r) => r.id)).toEqual(["r-carol"]);
  });

  test("finds an idempotency key only for the exact user and the exact key", async () => {
    expect((await reservations.findByKey("frank", "checkout-1"))?.id).toBe("r-frank");
    expect((await reservations.findByKey("frank ", "checkout-1"))?.id).toBe("r-frank-space");
    expect((await reservations.findByKey("frank", "checkout-1 "))?.id).toBe("r-key-space");
  });
});
