import { redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { ApiClient } from "../src/api-client.ts";
import { runFlashSale, type FlashSaleRun } from "../src/flash-sale.ts";
import { checkFlashSale } from "../src/invariants.ts";
import { readStateViaApi } from "../src/state-api.ts";
import { readStateFromMysql } from "../src/state-mysql.ts";
import { DEV_JWT_SECRET } from "../src/tokens.ts";
import { startApiApp } from "./support/api-app.ts";

const unlimited = { RATE_LIMIT_PER_IP: "10000000" };

const users = (run: FlashSaleRun) =>
  run.userIds.map((userId, i) => ({ userId, token: run.userTokens[i] as string }));

describe("flash sale end to end", () => {
  test("200 clients on 50 seats of the embedded app: 50 succeed, 150 are told sold out, every check passes", async () => {
    const app = await startApiApp("embedded", {
      ...unlimited,
      DATABASE_URL: "",
      REDIS_URL: "",
      JWT_SECRET: "",
    });
    const api = new ApiClient(app.url);
    try {
      const run = await runFlashSale({ url: app.url, users: 200, seats: 50, jwtSecret: DEV_JWT_SECRET });
      expect(run.summary).toMatchObject({ succeeded: 50, soldOut: 150, errorsByStatus: {}, duplicates: 0 });
      const state = await readStateViaApi(api, run.eventId, users(run));
      expect(state.source).toBe("api");
      const checks = checkFlashSale({ seats: 50, quantity: 1, outcomes: run.outcomes }, state);
      expect(checks.filter((check) => !check.ok)).toEqual([]);
      expect(checks.map((check) => check.name)).toContain("sold out completely (demand >= seats)");
    } finally {
      await api.close();
      await app.stop();
    }
  });

  test("buyers spread over X-Forwarded-For are limited each on their own by an app behind one trusted proxy", async () => {
    const app = await startApiApp("proxied", {
      DATABASE_URL: "",
      REDIS_URL: "",
      JWT_SECRET: "",
      TRUST_PROXY: "1",
      RATE_LIMIT_PER_IP: "5",
    });
    try {
      const spread = await runFlashSale({ url: app.url, users: 100, seats: 20, jwtSecret: DEV_JWT_SECRET });
      expect(spread.summary).toMatchObject({ succeeded: 20, soldOut: 80, errorsByStatus: {} });
      // The same buyers from one address: all but the first few are refused by the per-IP limit.
      const oneAddress = await runFlashSale({
        url: app.url,
        users: 100,
        seats: 20,
        jwtSecret: DEV_JWT_SECRET,
        forwardedFor: false,
      });
      expect(oneAddress.summary.errorsByStatus["429"]).toBeGreaterThan(90);
    } finally {
      await app.stop();
    }
  });

  describe("on MariaDB and Redis", () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await testDatabase("loadtest_e2e");
    });
    afterAll(async () => {
      await database.drop();
    });

    test("checks the final state against the database directly", async () => {
      const secret = "loadtest-e2e-secret-0123456789abcdef0123456789";
      const app = await startApiApp("mysql", {
        ...unlimited,
        DATABASE_URL: database.url,
        REDIS_URL: (await redisServer()).url,
        REDIS_KEY_PREFIX: uniquePrefix("loadtest").replace(/[^A-Za-z0-9:_.-]/g, "_"),
        JWT_SECRET: secret,
      });
      try {
        const run = await runFlashSale({
          url: app.url,
          users: 200,
          seats: 50,
          quantity: 2,
          jwtSecret: secret,
        });
        expect(run.summary.succeeded).toBe(25);
        expect(run.summary.soldOut).toBe(175);
        const state = await readStateFromMysql(database.url, run.eventId);
        expect(state).toMatchObject({ source: "mysql", event: { totalSeats: 50, availableSeats: 0 } });
        expect(state.reservations).toHaveLength(25);
        expect(
          checkFlashSale({ seats: 50, quantity: 2, outcomes: run.outcomes }, state).filter((c) => !c.ok),
        ).toEqual([]);
      } finally {
        await app.stop();
      }
    });
  });
});
