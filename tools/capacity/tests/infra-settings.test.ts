import { presets, scalingDefaults } from "@ticketing/infra";
import { scalingFromInfra } from "../src/infra-settings.ts";

describe("scalingFromInfra", () => {
  test("replays the prod preset's step policy and group bounds as @ticketing/infra deploys them", () => {
    const model = scalingFromInfra("prod");
    expect(model.group).toMatchObject({
      minSize: presets.prod.fleet.capacity.min,
      maxSize: presets.prod.fleet.capacity.max,
      desiredCapacity: presets.prod.fleet.capacity.desired,
    });
    expect(model.step).toEqual({
      kind: "step",
      periodSeconds: scalingDefaults.scaleOutAlarm.periodSeconds,
      highThreshold: scalingDefaults.scaleOutAlarm.thresholdPercent,
      highEvaluationPeriods: scalingDefaults.scaleOutAlarm.evaluationPeriods,
      lowThreshold: scalingDefaults.scaleInAlarm.thresholdPercent,
      lowEvaluationPeriods: scalingDefaults.scaleInAlarm.evaluationPeriods,
      scaleOutBy: scalingDefaults.scaleOutBy,
      scaleInBy: scalingDefaults.scaleInBy,
      cooldownSeconds: scalingDefaults.cooldownSeconds,
    });
    expect(model.targetTracking.targetCpu).toBe(scalingDefaults.targetTracking.targetCpuPercent);
  });

  test("uses the dev preset's smaller group", () => {
    expect(scalingFromInfra("dev").group).toMatchObject({
      minSize: presets.dev.fleet.capacity.min,
      maxSize: presets.dev.fleet.capacity.max,
    });
  });

  test("refuses an unknown preset", () => {
    expect(() => scalingFromInfra("staging")).toThrow(expect.objectContaining({ code: "E_INVALID_SETTING" }));
  });
});
