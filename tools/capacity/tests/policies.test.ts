import { Group, type GroupSettings } from "../src/group.ts";
import {
  requestTrackingController,
  scheduledController,
  stepController,
  type Controller,
  type StepPolicy,
} from "../src/policies.ts";

const settings: GroupSettings = {
  minSize: 2,
  maxSize: 20,
  desiredCapacity: 2,
  coldLaunchSeconds: 60,
  warmLaunchSeconds: 60,
  warmPool: false,
};

/** Runs a controller for `seconds` with the signals `at(t)` gives; returns the desired capacity each second. */
function run(
  controller: Controller,
  seconds: number,
  at: (t: number) => { cpu: number; requestsPerTarget: number },
) {
  const group = new Group(settings);
  const desired: number[] = [];
  for (let t = 0; t < seconds; t++) {
    controller.tick({ now: t, inService: group.inService(t), ...at(t) }, group);
    desired.push(group.desired);
  }
  return desired;
}

const legacy: StepPolicy = {
  kind: "step",
  name: "step",
  periodSeconds: 120,
  highThreshold: 70,
  highEvaluationPeriods: 2,
  lowThreshold: 30,
  lowEvaluationPeriods: 5,
  scaleOutBy: 2,
  scaleInBy: 1,
  cooldownSeconds: 300,
  scaleIn: true,
};

describe("stepController", () => {
  test("never fires at 70 % when one saturated process shows as 55 % of a 2-vCPU instance", () => {
    expect(run(stepController(legacy), 1800, () => ({ cpu: 55, requestsPerTarget: 0 })).at(-1)).toBe(2);
  });

  test("adds two instances after two periods above the threshold, then waits out the cooldown", () => {
    const desired = run(stepController(legacy), 900, () => ({ cpu: 80, requestsPerTarget: 0 }));
    // Alarm at 240 s; serving at 300 s; cooldown until 600 s, when the datapoint still above fires again.
    expect([desired[238], desired[239], desired[598], desired[599]]).toEqual([2, 4, 4, 6]);
  });
});

describe("requestTrackingController", () => {
  test("scales to serving × metric / target after three one-minute datapoints above the target", () => {
    const desired = run(
      requestTrackingController({
        kind: "request-tracking",
        requestsPerTargetPerMinute: 150_000,
        warmupSeconds: 60,
      }),
      200,
      () => ({
        cpu: 30,
        requestsPerTarget: 5000,
      }),
    );
    // 5,000/s = 300,000 per target-minute, twice the target: 2 instances become 4 at the third datapoint.
    expect([desired[178], desired[179]]).toEqual([2, 4]);
  });
});

describe("scheduledController", () => {
  test("raises the minimum and desired capacity at its time", () => {
    const desired = run(
      scheduledController({ kind: "scheduled", at: 100, minSize: 8, desiredCapacity: 8 }),
      120,
      () => ({
        cpu: 0,
        requestsPerTarget: 0,
      }),
    );
    expect([desired[98], desired[99]]).toEqual([2, 8]);
  });
});
