import { testDatabase, type TestDatabase } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { DataSource } from "typeorm";
import { migrations, MIGRATIONS_TABLE } from "../../src/schema/migrations/index.js";
import { migrateAlone } from "../../src/store/migration-lock.js";
import { openDatabase } from "../../src/store/open-database.js";
import { createPool } from "mysql2/promise";

describe("migrateAlone on MySQL", () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await testDatabase("migration-lock");
  });
  afterEach(async () => {
    await db.drop();
  });

  test("lets instances starting together on a fresh database all open it, each migration running once", async () => {
    const opened = await Promise.allSettled(
      Array.from({ length: 4 }, () => openDatabase({ type: "mysql", url: db.url, poolSize: 2 })),
    );
    const databases = opened.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    try {
      expect(opened.filter((r) => r.status === "rejected")).toEqual([]);
      const connection = await createConnection(db.url);
      try {
        const [ran] = (await connection.query(
          `SELECT name, COUNT(*) AS n FROM ${MIGRATIONS_TABLE} GROUP BY name`,
        )) as unknown as [{ name: string; n: number }[]];
        expect(ran.map((m) => [m.name, Number(m.n)]).sort()).toEqual(
          migrations.map((m) => [m.name, 1]).sort(),
        );
      } finally {
        await connection.end();
      }
      await Promise.all(databases.map(async (d) => expect(await d.ping()).toBe(true)));
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });

  test("migrates with a pool of one connection: the lock is held on a connection outside it", async () => {
    const database = await openDatabase({ type: "mysql", url: db.url, poolSize: 1 });
    try {
      expect(await database.ping()).toBe(true);
    } finally {
      await database.close();
    }
  });

  test("gives up with E_MIGRATION_LOCKED, running no migration, while another session holds the lock", async () => {
    const holder = await createConnection(db.url);
    const source = new DataSource({
      type: "mysql",
      url: db.url,
      migrations,
      migrationsTableName: MIGRATIONS_TABLE,
    });
    const pool = createPool({ uri: db.url, connectionLimit: 1 });
    try {
      await holder.query("SELECT GET_LOCK(CONCAT('ticketing_migrations_', SHA1(DATABASE())), 0)");
      await source.initialize();
      const error = await migrateAlone(source, pool, 1).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "E_MIGRATION_LOCKED", waitedSeconds: 1 });
      expect((error as { lock: string }).lock).toMatch(/^ticketing_migrations_[0-9a-f]{40}$/);
      const [tables] = (await holder.query("SHOW TABLES")) as unknown as [unknown[]];
      expect(tables).toEqual([]);
    } finally {
      await holder.end();
      await source.destroy();
      await pool.end();
    }
  });
});
