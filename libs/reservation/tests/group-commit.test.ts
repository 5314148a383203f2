import { setTimeout as sleep } from "node:timers/promises";
import { mysqlServer } from "@ticketing/testing";
import { createConnection, type Connection } from "mysql2/promise";
import {
  codeOf,
  dbState,
  expectInvariants,
  future,
  mysqlSetup,
  progress,
  storm,
  type MysqlSetup,
} from "./helpers/fixtures.js";

describe("GroupCommit when the database fails (shared MariaDB, own database, shared Redis)", () => {
  let setup: MysqlSetup;
  let admin: Connection;

  beforeAll(async () => {
    setup = await mysqlSetup("faults_db", { staleHoldMs: 5_000, reconcileIntervalMs: 200 });
    // No default database: this connection never appears among the pool's connections it kills.
    admin = await createConnection((await mysqlServer()).url);
  });
  afterAll(async () => {
    await admin.end();
    await setup.close();
  });

  /** Kills only the engine's own pool connections: those whose current database is this file's database. */
  async function killPoolConnections(): Promise<number> {
    const [rows] = (await admin.query("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?", [
      setup.db.name,
    ])) as unknown as [{ ID: number }[]];
    for (const { ID } of rows) await admin.query(`KILL CONNECTION ${Number(ID)}`).catch(() => {});
    return rows.length;
  }

  test("keeps every invariant while its pool connections are killed during a storm", async () => {
    const event = await setup.engine.createEvent({
      eventName: "kill-db",
      totalSeats: 3_000,
      eventDate: future(),
    });
    let killed = 0;
    const result = await storm(setup.engine, event.id, {
      workers: 48,
      during: async (live) => {
        // Batches flowing (and the pool's connections open) before the first kill.
        await progress(live, 20, "before the first kill");
        for (let round = 0; round < 8; round++) {
          await sleep(60);
          killed += await killPoolConnections();
        }
      },
    });
    expect(killed).toBeGreaterThan(0);
    expect(result.confirmed.size).toBeGreaterThan(0);
    expect(
      [...result.codes.keys()].filter(
        (c) => c !== "E_SOLD_OUT" && c !== "E_INSUFFICIENT_SEATS" && c !== "E_UNAVAILABLE",
      ),
    ).toEqual([]);
    await expectInvariants(setup.engine, setup.db.url, event.id, result);
  });

  test("commits the healthy rows of a batch that fails mid-transaction and rejects only the failing one", async () => {
    const connection = await createConnection(setup.db.url);
    try {
      await connection.query(
        `CREATE TRIGGER poison BEFORE INSERT ON reservations FOR EACH ROW
         BEGIN IF NEW.user_id LIKE 'poison%' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`,
      );
      const event = await setup.engine.createEvent({
        eventName: "poison",
        totalSeats: 50,
        eventDate: future(),
      });
      const outcomes: string[] = [];
      const observe = (info: { outcome: string }) => outcomes.push(info.outcome);
      setup.engine.on("reservation:batch", observe);
      const users = Array.from({ length: 60 }, (_, i) => (i % 10 === 3 ? `poison-${i}` : `ok-${i}`));
      const results = await Promise.allSettled(
        users.map((userId) => setup.engine.reserve({ eventId: event.id, userId, quantity: 1 })),
      );
      setup.engine.off("reservation:batch", observe);
      const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : codeOf(r.reason)));
      // A batch holding a poisoned row failed and was retried row by row.
      expect(outcomes).toContain("fallback");
      users.forEach((userId, i) => {
        // A poisoned caller is told E_UNAVAILABLE, or sold out if it only arrived once every seat was committed.
        if (userId.startsWith("poison")) expect(["E_UNAVAILABLE", "E_SOLD_OUT"]).toContain(codes[i]);
        else expect(["OK", "E_SOLD_OUT"]).toContain(codes[i]);
      });
      expect(codes.filter((c) => c === "E_UNAVAILABLE").length).toBeGreaterThan(0);
      // The seats of failed rows went back and were sold to healthy callers: all 50 sold, none to a poisoned user.
      expect(codes.filter((c) => c === "OK")).toHaveLength(50);
      const state = await dbState(setup.db.url, event.id);
      expect(state).toMatchObject({ available: 0, confirmed: 50 });
      expect([...state.perUser.keys()].some((u) => u.startsWith("poison"))).toBe(false);
      await expectInvariants(setup.engine, setup.db.url, event.id, {
        confirmed: new Map(),
        codes: new Map(),
      });
    } finally {
      await connection.query("DROP TRIGGER IF EXISTS poison");
      await connection.end();
    }
  });
});
