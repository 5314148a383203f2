import { evaluateTargets, TARGETS } from "../src/targets.ts";

describe("evaluateTargets", () => {
  test("checks each api target against the JSON line", () => {
    const results = evaluateTargets(
      {
        bench: "api",
        ratios: { cached_get_vs_bare_express: 0.74 },
        reserve_per_s: 3000,
        reserve_p99_ms: 400,
        reserve_open_loop_p99_ms: 49.9,
        durable_ok: true,
      },
      TARGETS.api ?? [],
    );
    expect(results.map((result) => [result.target.path, result.met])).toEqual([
      ["ratios.cached_get_vs_bare_express", false],
      ["reserve_per_s", true],
      ["reserve_open_loop_p99_ms", true],
      ["durable_ok", true],
    ]);
  });

  test("treats lower-is-better ratios and exact counts correctly", () => {
    const results = evaluateTargets(
      {
        bench: "lock",
        mutex_ok: true,
        ratios: { b_vs_redlock: 2.5, c_vs_redlock: 1.9, c_p99_wait_vs_redlock: 0.1 },
      },
      TARGETS.lock ?? [],
    );
    expect(results.map((result) => result.met)).toEqual([true, true, false, true]);
  });

  test("checks the waiting room's ratio against the Redis ceiling and its exact counts", () => {
    const results = evaluateTargets(
      {
        bench: "waiting-room",
        ratios: { joins_vs_redis_set: 0.31 },
        fairness_inversions: 0,
        over_admitted: 1,
      },
      TARGETS["waiting-room"] ?? [],
    );
    expect(results.map((result) => result.met)).toEqual([true, true, false]);
  });

  test("reports a field the bench did not print as missing rather than met", () => {
    const [first] = evaluateTargets({ bench: "cache" }, TARGETS.cache ?? []);
    expect(first).toMatchObject({ met: undefined, actual: undefined });
  });
});
