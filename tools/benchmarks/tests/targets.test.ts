import { evaluateTargets, TARGETS } from "../src/targets.ts";

describe("evaluateTargets", () => {
  test("checks each api target against the JSON line", () => {
    const results = evaluateTargets(
      {
        bench: "api",
        ratios: { cached_get_vs_bare_express: 0.9 },
        reserve_per_s: 2500,
        reserve_p99_ms: 49.9,
        durable_ok: true,
      },
      TARGETS.api ?? [],
    );
    expect(results.map((result) => [result.target.path, result.met])).toEqual([
      ["ratios.cached_get_vs_bare_express", true],
      ["reserve_per_s", false],
      ["reserve_p99_ms", true],
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

  test("reports a field the bench did not print as missing rather than met", () => {
    const [first] = evaluateTargets({ bench: "cache" }, TARGETS.cache ?? []);
    expect(first).toMatchObject({ met: undefined, actual: undefined });
  });
});
