import { parseCurve } from "../src/curve.ts";
import type { GroupSettings, StepScalingSettings, TargetTrackingSettings } from "../src/settings.ts";
import { simulate } from "../src/simulate.ts";

// 100 req/s per instance, 300 req/s offered from t=0, no queue (excess is rejected at once), 60 s alarm periods.
const curve = parseCurve("00:00=300,01:00=300");
const group: GroupSettings = {
  minSize: 2,
  maxSize: 20,
  desiredCapacity: 2,
  launchSeconds: 60,
  warmupSeconds: 0,
};
const service = { perInstanceRps: 100, baseP99Ms: 10, queueTimeoutSeconds: 0 };
const step: StepScalingSettings = {
  kind: "step",
  periodSeconds: 60,
  highThreshold: 70,
  highEvaluationPeriods: 1,
  lowThreshold: 30,
  lowEvaluationPeriods: 1,
  scaleOutBy: 2,
  scaleInBy: 1,
  cooldownSeconds: 60,
};

describe("simulate with step scaling", () => {
  const result = simulate({
    name: "step",
    curve,
    start: 0,
    end: 600,
    group,
    policy: step,
    service,
    p99TargetMs: 100,
  });

  test("adds two instances per alarm, each serving one launch time later, the next only after the cooldown", () => {
    // 0-59 s: 2 serve 200 of 300 (CPU 100%) -> alarm at 60 s -> +2 serving at 120 s; cooldown until 180 s.
    // 120-179 s: 4 serve 300 (CPU 75% > 70) -> alarm at 180 s -> +2 serving at 240 s.
    // From 240 s: 6 serve 300 (CPU 50%): no alarm either way.
    expect(result.rows.map((row) => row.inService)).toEqual([2, 2, 4, 4, 6, 6, 6, 6, 6, 6]);
    expect(result.rows.map((row) => row.desired)).toEqual([2, 4, 4, 6, 6, 6, 6, 6, 6, 6]);
    expect(result.events.map((event) => [event.t, event.to])).toEqual([
      [60, 4],
      [180, 6],
    ]);
  });

  test("rejects what the serving instances cannot take when there is no queue", () => {
    expect(result.rows.map((row) => row.rejected)).toEqual([6000, 6000, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(result.rows.map((row) => Math.round(row.cpu))).toEqual([100, 100, 75, 75, 50, 50, 50, 50, 50, 50]);
    expect(result.withinTarget).toBe(false);
  });

  test("bills pending instances too: 2 x 60 + 4 x 120 + 6 x 420 instance-seconds", () => {
    expect(result.instanceHours).toBeCloseTo((2 * 60 + 4 * 120 + 6 * 420) / 3600, 10);
  });

  test("scales in by one per cooldown once the load falls below the low threshold, never under the minimum", () => {
    const falling = parseCurve("00:00=300,00:04=300,00:04=50,01:00=50");
    const down = simulate({
      name: "down",
      curve: falling,
      start: 0,
      end: 900,
      group,
      policy: step,
      service,
      p99TargetMs: 100,
    });
    // 6 serve from 240 s; 50 req/s on 6 = 8% -> -1 at 300 s, 360 s (cooldown 60 s), 420 s, 480 s; 2 is the minimum.
    expect(down.events.map((event) => [event.t, event.to])).toEqual([
      [60, 4],
      [180, 6],
      [300, 5],
      [360, 4],
      [420, 3],
      [480, 2],
    ]);
  });
});

describe("simulate with target tracking", () => {
  const target: TargetTrackingSettings = {
    kind: "target-tracking",
    targetCpu: 50,
    periodSeconds: 60,
    highEvaluationPeriods: 1,
    lowEvaluationPeriods: 3,
  };

  test("sizes the group to in-service x CPU / target in one step when CPU is not saturated", () => {
    // 4 instances x 100 = 400 capacity, 300 offered -> 75% -> ceil(4 x 75 / 50) = 6 at 60 s, serving at 120 s.
    const result = simulate({
      name: "tt",
      curve,
      start: 0,
      end: 300,
      group: { ...group, desiredCapacity: 4 },
      policy: target,
      service,
      p99TargetMs: 100,
    });
    expect(result.events.map((event) => [event.t, event.from, event.to])).toEqual([[60, 4, 6]]);
    expect(result.rows.map((row) => row.inService)).toEqual([4, 4, 6, 6, 6]);
  });
});

describe("simulate with scheduled pre-warming", () => {
  test("raises the group at the scheduled time and serves the jump without rejecting", () => {
    const jump = parseCurve("00:00=100,00:05=100,00:05=500,00:10=500");
    const result = simulate({
      name: "prewarm",
      curve: jump,
      start: 0,
      end: 600,
      group,
      policy: { kind: "scheduled", base: step, actions: [{ at: "00:02", minSize: 8, desiredCapacity: 8 }] },
      service,
      p99TargetMs: 1000,
    });
    expect(result.rows.map((row) => row.inService)).toEqual([2, 2, 2, 8, 8, 8, 8, 8, 8, 8]);
    expect(result.rejected).toBe(0);
  });
});

describe("simulate input checks", () => {
  test.each([
    [{ ...group, minSize: 5, maxSize: 3 }, "minSize"],
    [{ ...group, desiredCapacity: 30 }, "desiredCapacity"],
    [{ ...group, launchSeconds: -1 }, "launchSeconds"],
  ])("refuses an impossible group (%o)", (bad, setting) => {
    expect(() =>
      simulate({ name: "bad", curve, start: 0, end: 60, group: bad, policy: step, service, p99TargetMs: 1 }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_SETTING", setting }));
  });
});
