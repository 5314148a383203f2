import { redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { checkOpening } from "../../src/opening/checks.ts";
import { readOpeningState } from "../../src/opening/final-state.ts";
import { openingOptions } from "../../src/opening/options.ts";
import { openingJson } from "../../src/opening/report.ts";
import { runOpening } from "../../src/opening/run-opening.ts";
import { startApiApp } from "../support/api-app.ts";

describe("the opening end to end on MariaDB and Redis", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await testDatabase("loadtest_opening");
  });
  afterAll(async () => {
    await database.drop();
  });

  test("300 buyers for 50 seats: every seat sold once, expired holds resold, the rest told sold out, in line order", async () => {
    const secret = "loadtest-opening-secret-0123456789abcdef0123";
    const app = await startApiApp("opening", {
      DATABASE_URL: database.url,
      REDIS_URL: (await redisServer()).url,
      REDIS_KEY_PREFIX: uniquePrefix("opening").replace(/[^A-Za-z0-9:_.-]/g, "_"),
      JWT_SECRET: secret,
      // Behind one trusted proxy, as in production: each buyer's X-Forwarded-For is its address.
      TRUST_PROXY: "1",
    });
    try {
      const options = openingOptions({
        url: app.url,
        users: "300",
        seats: "50",
        abandon: "0.3",
        sse: "0.2",
        "hold-seconds": "2",
        "admit-per-second": "50",
        "pre-open-seconds": "2",
        "arrival-seconds": "2",
        "pay-ms": "100",
        "database-url": database.url,
        "jwt-secret": secret,
        timeout: "240",
      });
      const run = await runOpening(options, () => {});
      const state = await readOpeningState(options, run);
      const checks = checkOpening(
        {
          seats: 50,
          buyers: run.buyers,
          samples: run.samples,
          opensAt: run.opensAt,
          soldOutForGood: run.allConfirmedAt !== null,
        },
        state,
      );
      expect(checks.filter((check) => !check.ok)).toEqual([]);
      expect(run.timedOut).toBe(false);
      expect(state).toMatchObject({
        source: "mysql",
        seats: { total: 50, confirmed: 50, held: 0, available: 0 },
      });
      expect(run.sampledFrom).toBe("mysql");
      const summary = JSON.parse(openingJson(options, run, checks, state)) as Record<string, unknown>;
      expect(summary).toMatchObject({
        loadtest: "opening",
        invariants_ok: true,
        users: 300,
        seats: 50,
        confirmed: 50,
      });
      // Some holds were abandoned and their seats sold again; everyone else was told.
      expect(summary.expired).toBe(state.reservations.filter((row) => row.status === "EXPIRED").length);
      expect(Number(summary.held)).toBe(50 + Number(summary.expired));
      expect(Number(summary.told_sold_out)).toBeGreaterThanOrEqual(300 - Number(summary.admitted));
    } finally {
      await app.stop();
    }
  });
});
