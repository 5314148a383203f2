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
