import { ReservationEngine } from "../src/index.js";
import { sqljs } from "../src/sqljs.js";

describe("ReservationEngine.create", () => {
  test.each([
    ["no database", {}],
    ["an unknown database type", { database: { type: "postgres", url: "postgres://x" } }],
    ["a MySQL database without url", { database: { type: "mysql" } }],
    ["the embedded database named without sqljs()", { database: { type: "embedded" } }],
    ["a sql.js database without its loader", { database: { type: "sqljs" } }],
    ["a key prefix with a hash tag", { database: sqljs(), keyPrefix: "a{b}:" }],
    ["a zero batch size", { database: sqljs(), batch: { maxSize: 0 } }],
    ["a negative stale threshold", { database: sqljs(), staleHoldMs: -1 }],
    ["a fractional maximum quantity", { database: sqljs(), maxQuantityPerRequest: 2.5 }],
    [
      "a maximum quantity above the seats an event may have",
      { database: sqljs(), maxQuantityPerRequest: 1e9 },
    ],
    ["a zero hold sweep interval", { database: sqljs(), holds: { sweepIntervalMs: 0 } }],
    ["a fractional hold sweep batch", { database: sqljs(), holds: { sweepBatchSize: 1.5 } }],
    ["an outbox switch that is not a boolean", { database: sqljs(), outbox: "yes" }],
  ])("refuses %s with E_INVALID_INPUT", async (_name, options) => {
    await expect(ReservationEngine.create(options as never)).rejects.toMatchObject({
      code: "E_INVALID_INPUT",
    });
  });

  test.each([
    ["options.batch.maxSize", { batch: { maxSize: 0 } }],
    ["options.holds.sweepIntervalMs", { holds: { sweepIntervalMs: -5 } }],
    ["options.holds.sweepBatchSize", { holds: { sweepBatchSize: 0 } }],
    ["options.outbox", { outbox: 1 }],
  ])("names %s as the path of the bad option", async (path, options) => {
    await expect(
      ReservationEngine.create({ database: sqljs(), ...(options as object) }),
    ).rejects.toMatchObject({
      code: "E_INVALID_INPUT",
      issues: [expect.objectContaining({ path })],
    });
  });

  test("reports an unreachable database as E_UNAVAILABLE", async () => {
    await expect(
      ReservationEngine.create({ database: { type: "mysql", url: "mysql://root@127.0.0.1:1/none" } }),
    ).rejects.toMatchObject({ code: "E_UNAVAILABLE", dependency: "database" });
  });
});
