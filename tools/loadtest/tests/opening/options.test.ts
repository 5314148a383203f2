import { openingOptions } from "../../src/opening/options.ts";

describe("openingOptions", () => {
  test("defaults to a small opening on the local API", () => {
    expect(openingOptions({})).toMatchObject({
      url: "http://localhost:3000",
      users: 2_000,
      seats: 200,
      abandon: 0.2,
      holdSeconds: 15,
      forwardedFor: true,
    });
  });

  test.each([
    ["users", "0"],
    ["seats", "-5"],
    ["abandon", "1.5"],
    ["early", "half"],
    ["hold-seconds", "0"],
    ["url", "https://example.com"],
    ["timeout", "2.5"],
  ])("refuses --%s %s before sending anything", (name, value) => {
    expect(() => openingOptions({ [name]: value })).toThrow(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });
});
