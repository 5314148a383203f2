import { DEFAULT_OPENING, firstAttempts, validateOpening, type OpeningScenario } from "../src/opening.ts";

const scenario: OpeningScenario = { ...DEFAULT_OPENING, opensAt: 19 * 3600 };

describe("firstAttempts", () => {
  test("brings every buyer within the arrival window, most of them at once", () => {
    const perSecond = firstAttempts(scenario);
    expect(perSecond).toHaveLength(60);
    expect(perSecond.reduce((sum, n) => sum + n, 0)).toBeCloseTo(50_000, 6);
    expect(perSecond.every((n, i) => i === 0 || n < (perSecond[i - 1] as number))).toBe(true);
    // Time constant 10 s: 1 − e^−1 of the buyers in the first 10 s (scaled to the 60 s window).
    const firstTen = perSecond.slice(0, 10).reduce((sum, n) => sum + n, 0);
    expect(firstTen / 50_000).toBeCloseTo((1 - Math.exp(-1)) / (1 - Math.exp(-6)), 6);
  });
});

describe("validateOpening", () => {
  test.each([
    ["no buyers", { buyers: 0 }],
    ["half a seat", { seats: 0.5 }],
    ["a zero time constant", { arrivalTimeConstant: 0 }],
    ["a retry before the failure", { retryDelaySeconds: [0, 2] }],
    ["a retry window backwards", { retryDelaySeconds: [3, 1] }],
    ["negative browsing", { baselineRps: -1 }],
  ])("refuses %s with E_INVALID_SETTING", (_case, change) => {
    expect(() => validateOpening({ ...scenario, ...(change as Partial<OpeningScenario>) })).toThrow(
      expect.objectContaining({ code: "E_INVALID_SETTING" }),
    );
  });
});
