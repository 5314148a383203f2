import { ReservationEngine } from "../src/index.js";

describe("ReservationEngine.create", () => {
  test.each([
    ["no database", {}],
    ["an unknown database type", { database: { type: "postgres", url: "postgres://x" } }],
    ["a MySQL database without url", { database: { type: "mysql" } }],
    ["a key prefix with a hash tag", { database: { type: "embedded" }, keyPrefix: "a{b}:" }],
    ["a zero batch size", { database: { type: "embedded" }, batch: { maxSize: 0 } }],
    ["a negative stale threshold", { database: { type: "embedded" }, staleHoldMs: -1 }],
  ])("refuses %s with E_INVALID_INPUT", async (_name, options) => {
    await expect(ReservationEngine.create(options as never)).rejects.toMatchObject({
      code: "E_INVALID_INPUT",
    });
  });

  test("reports an unreachable database as E_UNAVAILABLE", async () => {
    await expect(
      ReservationEngine.create({ database: { type: "mysql", url: "mysql://root@127.0.0.1:1/none" } }),
    ).rejects.toMatchObject({ code: "E_UNAVAILABLE", dependency: "database" });
  });
});
