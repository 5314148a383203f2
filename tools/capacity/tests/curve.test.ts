import { DEFAULT_CURVE, formatClock, parseClock, parseCurve, rateAt } from "../src/curve.ts";
import { openingTime, prewarmSize } from "../src/scenarios.ts";
import { scalingFromInfra } from "../src/infra-settings.ts";

const { group: defaultGroup, step: defaultStepScaling } = scalingFromInfra("prod");

describe("parseCurve and rateAt", () => {
  const curve = parseCurve(DEFAULT_CURVE);

  test("follows the ticket opening: 100, a jump to 5,000 at 19:00, 1,000 by 19:30, 100 by 20:00", () => {
    expect(rateAt(curve, parseClock("18:59:59"))).toBe(100);
    expect(rateAt(curve, parseClock("19:00"))).toBe(5000);
    expect(rateAt(curve, parseClock("19:15"))).toBe(3000);
    expect(rateAt(curve, parseClock("19:30"))).toBe(1000);
    expect(rateAt(curve, parseClock("20:00"))).toBe(100);
    expect(rateAt(curve, parseClock("23:00"))).toBe(100);
  });

  test("finds the opening as the steepest rise", () => {
    expect(formatClock(openingTime(curve))).toBe("19:00");
  });

  test("pre-warms enough instances to keep the peak under the high threshold", () => {
    // 5,000 / (1,000 x 70%) = 7.14 -> 8
    expect(prewarmSize(curve, 1000, defaultStepScaling, defaultGroup)).toBe(8);
    expect(prewarmSize(curve, 100, defaultStepScaling, defaultGroup)).toBe(defaultGroup.maxSize);
  });

  test.each(["19:00", "19:00=abc,20:00=1", "20:00=1,19:00=2", "25:00=1,26:00=1"])(
    "refuses the curve %s",
    (text) => {
      expect(() => parseCurve(text)).toThrow(expect.objectContaining({ code: "E_INVALID_SETTING" }));
    },
  );
});
