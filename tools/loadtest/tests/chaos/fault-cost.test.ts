import { faultCosts } from "../../src/chaos/fault-cost.ts";
import type { Attempt } from "../../src/chaos/retrying-client.ts";

const ok = (startedMs: number, latencyMs = 10): Attempt => ({ startedMs, latencyMs, status: 201 });
const fail = (startedMs: number, status = 502): Attempt => ({ startedMs, latencyMs: 5, status });

describe("faultCosts", () => {
  const attempts: Attempt[] = [
    ...Array.from({ length: 100 }, (_, i) => ok(i * 10)), // 0-1 s: p99 10 ms
    ok(990, 5000), // started before the fault, ended inside it: not part of the baseline
    fail(2000),
    fail(2500, 0),
    ok(3100, 400), // 3-4 s after the first fault: slow (> 3 x 10 ms)
    ok(4200, 12),
    fail(10_000, 503), // second fault's window
    ok(11_500, 11),
  ];
  const costs = faultCosts(
    attempts,
    [
      { name: "redis", injectedMs: 2000, restoredMs: 3000 },
      { name: "app", injectedMs: 10_000 },
    ],
    12_000,
  );

  test("takes the baseline p99 from attempts that completed before the first fault", () => {
    expect(costs[0]?.baselineP99Ms).toBe(10);
  });

  test("counts failed attempts and the worst one-second p99 in each fault's window", () => {
    expect(costs.map((cost) => [cost.name, cost.failedAttempts, cost.attempts, cost.peakP99Ms])).toEqual([
      ["redis", 2, 4, 400],
      ["app", 1, 2, 11],
    ]);
  });

  test("recovers at the end of the last second with a failure or a p99 over three times the baseline", () => {
    // redis: second 0 has two failures, second 1 a 400 ms answer, second 2 is clean -> recovered 2 s after injection
    expect(costs[0]?.recoverMs).toBe(2000);
    expect(costs[1]?.recoverMs).toBe(1000);
    expect(costs[0]?.restoredMs).toBe(3000);
  });
});
