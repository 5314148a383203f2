import { percentile, summarizeLatencies } from "../src/stats.ts";

describe("percentile", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  test.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [0, 1],
  ])("takes the nearest rank: p%d of 1..100 is %d", (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  test("rounds the rank up so that a small sample reports an observed value", () => {
    expect(percentile([10, 20, 30], 50)).toBe(20);
    expect(percentile([10, 20, 30], 99)).toBe(30);
  });

  test("is NaN for no samples", () => {
    expect(percentile([], 50)).toBeNaN();
  });

  test("refuses a percentile outside 0..100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe("summarizeLatencies", () => {
  test("sorts numerically, not as strings", () => {
    const summary = summarizeLatencies([100, 9, 20, 3]);
    expect(summary).toMatchObject({ count: 4, min: 3, max: 100, p50: 9, mean: 33 });
  });
});
