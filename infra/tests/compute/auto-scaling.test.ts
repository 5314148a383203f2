import { AppAutoScaling, DEFAULT_STEP_SCALING } from "../../src/compute/auto-scaling.js";
import { scalingDefaults } from "../../src/presets.js";
import { named, resources, synth, testStack } from "../helpers/synth.js";

describe("AppAutoScaling", () => {
  test("with minimal props adds 2 instances above 70% CPU and removes 1 below 30%, 300 s apart", () => {
    const stack = testStack();
    const scaling = new AppAutoScaling(stack, "scaling", { autoScalingGroupName: "asg-1" });
    const s = synth(stack);
    const out = named(s, "aws_autoscaling_policy", "scale-out");
    const inn = named(s, "aws_autoscaling_policy", "scale-in");
    expect(out).toMatchObject({
      policy_type: "SimpleScaling",
      adjustment_type: "ChangeInCapacity",
      scaling_adjustment: 2,
      cooldown: 300,
    });
    expect(inn).toMatchObject({ policy_type: "SimpleScaling", scaling_adjustment: -1, cooldown: 300 });
    const high = named(s, "aws_cloudwatch_metric_alarm", "cpu-high");
    const low = named(s, "aws_cloudwatch_metric_alarm", "cpu-low");
    expect(high).toMatchObject({
      metric_name: "CPUUtilization",
      namespace: "AWS/EC2",
      statistic: "Average",
      threshold: 70,
      comparison_operator: "GreaterThanThreshold",
      period: 120,
      evaluation_periods: 2,
      dimensions: { AutoScalingGroupName: "asg-1" },
    });
    expect(low).toMatchObject({
      threshold: 30,
      comparison_operator: "LessThanThreshold",
      evaluation_periods: 5,
    });
    const policies = resources(s, "aws_autoscaling_policy");
    const arn = (fragment: string) =>
      `\${aws_autoscaling_policy.${policies.find((p) => p.name.includes(fragment))?.name}.arn}`;
    expect(high["alarm_actions"]).toEqual([arn("scale-out")]);
    expect(low["alarm_actions"]).toEqual([arn("scale-in")]);
    expect(scaling.alarmNames).toHaveLength(2);
  });

  test("exports the same numbers it deploys, for the capacity simulation", () => {
    expect(scalingDefaults).toMatchObject({
      scaleOutBy: DEFAULT_STEP_SCALING.scaleOutBy,
      scaleInBy: DEFAULT_STEP_SCALING.scaleInBy,
      cooldownSeconds: 300,
      scaleOutAlarm: { thresholdPercent: 70, periodSeconds: 120, evaluationPeriods: 2 },
      scaleInAlarm: { thresholdPercent: 30, periodSeconds: 120, evaluationPeriods: 5 },
      capacity: { min: 2, max: 20, desired: 2 },
    });
  });

  test("notifies extra targets only when scaling out", () => {
    const stack = testStack();
    new AppAutoScaling(stack, "scaling", {
      autoScalingGroupName: "asg-1",
      notificationArns: ["arn:aws:sns:ap-northeast-2:1:alerts"],
    });
    const s = synth(stack);
    expect(named(s, "aws_cloudwatch_metric_alarm", "cpu-high")["alarm_actions"]).toContain(
      "arn:aws:sns:ap-northeast-2:1:alerts",
    );
    expect(named(s, "aws_cloudwatch_metric_alarm", "cpu-low")["alarm_actions"]).not.toContain(
      "arn:aws:sns:ap-northeast-2:1:alerts",
    );
  });

  test("can track a CPU target instead, leaving the alarms to AWS", () => {
    const stack = testStack();
    const scaling = new AppAutoScaling(stack, "scaling", {
      autoScalingGroupName: "asg-1",
      name: "shop",
      scaling: { type: "target-tracking", targetCpuPercent: 55, instanceWarmupSeconds: 240 },
    });
    const s = synth(stack);
    expect(resources(s, "aws_cloudwatch_metric_alarm")).toHaveLength(0);
    expect(named(s, "aws_autoscaling_policy", "target-cpu")).toMatchObject({
      name: "shop-target-cpu",
      policy_type: "TargetTrackingScaling",
      estimated_instance_warmup: 240,
      target_tracking_configuration: {
        target_value: 55,
        predefined_metric_specification: { predefined_metric_type: "ASGAverageCPUUtilization" },
      },
    });
    expect(scaling.targetTrackingPolicyArn).toBeDefined();
  });

  test.each([
    [
      "a scale-in threshold above scale-out",
      {
        ...DEFAULT_STEP_SCALING,
        scaleInAlarm: { thresholdPercent: 80, periodSeconds: 120, evaluationPeriods: 2 },
      },
    ],
    ["a zero step", { ...DEFAULT_STEP_SCALING, scaleOutBy: 0 }],
    [
      "a 90 s period",
      {
        ...DEFAULT_STEP_SCALING,
        scaleOutAlarm: { thresholdPercent: 70, periodSeconds: 90, evaluationPeriods: 2 },
      },
    ],
    ["a CPU target of 0", { type: "target-tracking", targetCpuPercent: 0, instanceWarmupSeconds: 300 }],
    ["an unknown strategy", { type: "predictive" }],
  ])("refuses %s with E_INVALID_PROP", (_case, scaling) => {
    expect(
      () =>
        new AppAutoScaling(testStack(), "scaling", {
          autoScalingGroupName: "asg",
          scaling: scaling as never,
        }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_PROP" }));
  });
});
