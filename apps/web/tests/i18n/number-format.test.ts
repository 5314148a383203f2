import { oneDecimalFormat, wholeNumberFormat } from "../../src/i18n/number-format";

describe("oneDecimalFormat", () => {
  test.each([
    [2.46, "2.5"],
    [2.04, "2"],
    [0.05, "0.1"],
    [12, "12"],
    [1234.56, "1,234.6"],
  ])("shows %p as %p in English", (value, shown) => {
    expect(oneDecimalFormat("en").format(value)).toBe(shown);
  });

  test("groups like the whole numbers of the same language", () => {
    expect(oneDecimalFormat("ko").format(12345.67)).toBe(`${wholeNumberFormat("ko").format(12345)}.7`);
  });
});
