import type { PolicySet } from "../src/infra-settings.ts";
import { DEFAULT_OPENING, type OpeningScenario } from "../src/opening.ts";
import { simulate, type ServiceModel } from "../src/simulate.ts";

// A small world whose numbers can be followed by hand: an attempt costs 1 unit, an instance serves 100 a second.
const service: ServiceModel = {
  perInstanceUnits: 100,
  unitsPerAttempt: 1,
  unitsPerBaselineRequest: 0.5,
  writerPerSecond: 1000,
  baseP99Ms: 10,
  vcpus: 2,
};
const scenario: OpeningScenario = {
  ...DEFAULT_OPENING,
  opensAt: 100,
  buyers: 1000,
  seats: 100,
  arrivalSeconds: 10,
  arrivalTimeConstant: 1e9, // as good as uniform: 100 buyers a second for 10 s
  retryDelaySeconds: [2, 2],
  maxAttempts: 3,
  clientTimeoutSeconds: 5,
  baselineRps: 0,
};
const fixed = (desired: number): PolicySet => ({
  name: `${desired} instances`,
  group: {
    minSize: desired,
    maxSize: desired,
    desiredCapacity: desired,
    coldLaunchSeconds: 0,
    warmLaunchSeconds: 0,
    warmPool: false,
  },
  policies: [],
});
const run = (desired: number, change: Partial<OpeningScenario> = {}, perInstanceUnits = 100) =>
  simulate({
    policySet: fixed(desired),
    scenario: { ...scenario, ...change },
    service: { ...service, perInstanceUnits },
    start: 90,
    end: 160,
    p99TargetMs: 200,
  });

describe("simulate", () => {
  test("with room for every buyer, refuses nothing, sells every seat and answers at the base latency", () => {
    const result = run(2);
    expect(result.refusedRequests).toBeCloseTo(0, 6);
    expect(result.seatsSold).toBeCloseTo(100, 6);
    expect(result.soldOutAt).toBe(100);
    expect(result.withinTarget).toBe(true);
    // Half of the 200 attempts a second's capacity: the instance is half busy, 5 % + 50 % / 2 vCPUs.
    expect(result.rows.find((row) => row.t === 103)?.cpu).toBeCloseTo(30, 4);
  });

  test("an undersized fleet makes buyers time out; every buyer is either served once or gives up", () => {
    // 100 buyers a second for 10 s against one instance serving 50 attempts a second, no retries.
    const result = run(1, { maxAttempts: 1 }, 50);
    const served = result.rows.reduce((sum, row) => sum + row.servedRps / 2, 0);
    expect(served + result.buyersGaveUp).toBeCloseTo(1000, 6);
    expect(result.buyersGaveUp).toBeGreaterThan(0);
    // Every timed-out attempt is final here: two refused requests per buyer who gave up.
    expect(result.refusedRequests).toBeCloseTo(2 * result.buyersGaveUp, 6);
    // No attempt times out before the first ones have waited a whole timeout.
    expect(result.rows.find((row) => row.refusedRps > 0)?.t).toBeGreaterThanOrEqual(105);
    // Nothing waits longer than the timeout: past it, it is refused.
    expect(result.maxP99Ms).toBeLessThanOrEqual(10 + 5000);
    expect(result.withinTarget).toBe(false);
  });

  test("retries bring timed-out buyers back until they are served or out of attempts", () => {
    const once = run(1, { maxAttempts: 1 }, 50);
    const persistent = run(1, { maxAttempts: 3 }, 50);
    const served = (r: typeof once) => r.rows.reduce((sum, row) => sum + row.servedRps / 2, 0);
    expect(served(persistent) + persistent.buyersGaveUp).toBeCloseTo(1000, 6);
    expect(persistent.buyersGaveUp).toBeLessThan(once.buyersGaveUp);
    expect(persistent.refusedRequests).toBeGreaterThanOrEqual(once.refusedRequests);
  });

  test("bills launched instances by the second", () => {
    expect(run(2).instanceHours).toBeCloseTo((2 * 70) / 3600, 10);
  });

  test("refuses a window that ends before it starts", () => {
    expect(() =>
      simulate({ policySet: fixed(1), scenario, service, start: 100, end: 100, p99TargetMs: 200 }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_SETTING" }));
  });
});
