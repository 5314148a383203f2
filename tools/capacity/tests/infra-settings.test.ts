import { prewarmSize, presets, scalingDefaults } from "@ticketing/infra";
import { scalingFromInfra } from "../src/infra-settings.ts";

const opening = { opensAt: 19 * 3600, expectedBuyers: 50_000 };

describe("scalingFromInfra", () => {
  const model = scalingFromInfra("prod", opening);

  test("replays the step policy the platform used to deploy, with cold launches", () => {
    expect(model.today.group).toMatchObject({ minSize: 2, maxSize: 20, desiredCapacity: 2, warmPool: false });
    expect(model.today.policies).toEqual([
      expect.objectContaining({
        kind: "step",
        highThreshold: scalingDefaults.legacyStep.scaleOutAlarm.thresholdPercent,
        periodSeconds: scalingDefaults.legacyStep.scaleOutAlarm.periodSeconds,
        cooldownSeconds: scalingDefaults.legacyStep.cooldownSeconds,
        scaleIn: true,
      }),
    ]);
  });

  test("replays the prod preset as deployed: a scheduled raise sized by infra's own rule, a warm pool, tracking, backstop", () => {
    const size = prewarmSize(50_000, presets.prod.prewarm.buyersPerInstance, presets.prod.fleet.capacity);
    expect(model.prewarmInstances).toBe(size);
    expect(model.prewarmed.group.warmPool).toBe(true);
    expect(model.prewarmed.policies).toEqual([
      { kind: "scheduled", at: opening.opensAt - 15 * 60, minSize: size, desiredCapacity: size },
      { kind: "scheduled", at: opening.opensAt + 60 * 60, minSize: 2 },
      {
        kind: "request-tracking",
        requestsPerTargetPerMinute: presets.prod.requestTracking.requestsPerTargetPerMinute,
        warmupSeconds: presets.prod.fleet.instanceWarmupSeconds,
      },
      expect.objectContaining({ kind: "step", highThreshold: 40, scaleIn: false }),
    ]);
    expect(model.targetTracking.policies.map((p) => p.kind)).toEqual(["request-tracking", "step"]);
  });

  test("uses the dev preset's smaller group and refuses an unknown preset", () => {
    expect(scalingFromInfra("dev", opening).today.group).toMatchObject({ minSize: 1, maxSize: 4 });
    expect(() => scalingFromInfra("staging", opening)).toThrow(
      expect.objectContaining({ code: "E_INVALID_SETTING" }),
    );
  });
});
