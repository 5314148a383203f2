import { validateFlashSaleOptions, type FlashSaleOptions } from "../src/flash-sale.ts";

const valid: FlashSaleOptions = { url: "http://localhost:3000", users: 10, seats: 5, jwtSecret: "s" };

describe("validateFlashSaleOptions", () => {
  test("accepts a usable run", () => {
    expect(() => validateFlashSaleOptions(valid)).not.toThrow();
  });

  test.each([
    [{ users: 0 }, "users"],
    [{ users: 1.5 }, "users"],
    [{ users: 100_001 }, "users"],
    [{ seats: -1 }, "seats"],
    [{ quantity: 11 }, "quantity"],
    [{ connectConcurrency: 0 }, "connect-concurrency"],
    [{ url: "localhost:3000/no scheme" }, "url"],
    [{ url: "https://tickets.example.com" }, "url"],
    [{ jwtSecret: "" }, "jwt-secret"],
  ])("refuses %o before sending anything (E_INVALID_OPTION on --%s)", (override, option) => {
    expect(() => validateFlashSaleOptions({ ...valid, ...override })).toThrow(
      expect.objectContaining({ code: "E_INVALID_OPTION", option }),
    );
  });
});
