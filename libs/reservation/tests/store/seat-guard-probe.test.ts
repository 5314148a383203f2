import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { ReservationEngine } from "../../src/index.js";
import { openDatabase } from "../../src/store/open-database.js";

describe("assertSeatGuard on MySQL", () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await testDatabase("seat-guard");
    const first = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
    await first.close();
    const connection = await createConnection(db.url);
    try {
      await connection.query("ALTER TABLE events DROP CONSTRAINT chk_events_available");
    } finally {
      await connection.end();
    }
  });
  afterEach(async () => {
    await db.drop();
  });

  test("refuses, with E_DATABASE_UNSUPPORTED and not a retryable E_UNAVAILABLE, a database that lets available_seats go below zero", async () => {
    const error = await ReservationEngine.create({
      database: { type: "mysql", url: db.url, poolSize: 1 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_DATABASE_UNSUPPORTED", requirement: "check-constraints" });
    expect((error as Error).message).toMatch(/does not enforce CHECK \(available_seats >= 0\)/);
  });

  test("leaves no probe row behind", async () => {
    await expect(openDatabase({ type: "mysql", url: db.url, poolSize: 1 })).rejects.toMatchObject({
      code: "E_DATABASE_UNSUPPORTED",
    });
    const check = await createConnection(db.url);
    try {
      const [rows] = (await check.query("SELECT COUNT(*) AS n FROM events")) as unknown as [{ n: number }[]];
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await check.end();
    }
  });
});
