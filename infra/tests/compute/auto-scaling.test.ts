import { AppAutoScaling, DEFAULT_STEP_SCALING } from "../../src/compute/auto-scaling.js";
import { BACKSTOP_STEP_SCALING, presets, scalingDefaults } from "../../src/presets.js";
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

  test("exports the numbers the presets deploy, for the capacity simulation", () => {
    expect(scalingDefaults.legacyStep).toEqual(DEFAULT_STEP_SCALING);
    expect(scalingDefaults).toMatchObject({
      capacity: { min: 2, max: 20, desired: 2 },
      backstop: BACKSTOP_STEP_SCALING,
      requestTracking: presets.prod.requestTracking,
      prewarm: presets.prod.prewarm,
    });
    expect(presets.prod.scaling).toBe(BACKSTOP_STEP_SCALING);
  });

  test("finding 11: both CPU alarms notify the extra targets, scale-in included", () => {
    const stack = testStack();
    new AppAutoScaling(stack, "scaling", {
      autoScalingGroupName: "asg-1",
      notificationArns: ["arn:aws:sns:ap-northeast-2:1:alerts"],
    });
    const s = synth(stack);
    for (const key of ["cpu-high", "cpu-low"]) {
      expect(named(s, "aws_cloudwatch_metric_alarm", key)["alarm_actions"]).toContain(
        "arn:aws:sns:ap-northeast-2:1:alerts",
      );
    }
  });

  test("finding 10: tracks requests per target, with the backstop scaling out only", () => {
    const stack = testStack();
    const scaling = new AppAutoScaling(stack, "scaling", {
      autoScalingGroupName: "asg-1",
      scaling: BACKSTOP_STEP_SCALING,
      requestTracking: {
        requestsPerTargetPerMinute: 150_000,
        loadBalancerArnSuffix: "app/alb/1",
        targetGroupArnSuffix: "targetgroup/app/2",
      },
    });
    const s = synth(stack);
    expect(named(s, "aws_autoscaling_policy", "target-requests")).toMatchObject({
      policy_type: "TargetTrackingScaling",
      target_tracking_configuration: {
        target_value: 150_000,
        predefined_metric_specification: {
          predefined_metric_type: "ALBRequestCountPerTarget",
          resource_label: "app/alb/1/targetgroup/app/2",
        },
      },
    });
    // Request tracking owns scale-in; a second scale-in signal would make the group flap.
    expect(
      resources(s, "aws_autoscaling_policy")
        .map((p) => p.config["name"])
        .sort(),
    ).toEqual(["ticketing-scale-out", "ticketing-target-requests"]);
    expect(named(s, "aws_cloudwatch_metric_alarm", "cpu-high")).toMatchObject({ threshold: 40, period: 60 });
    expect(scaling.requestTrackingPolicyArn).toBeDefined();
    expect(scaling.scaleInPolicyArn).toBeUndefined();
  });

  test("finding 10: raises the group before each opening and lowers its minimum after it", () => {
    const stack = testStack();
    const scaling = new AppAutoScaling(stack, "scaling", {
      autoScalingGroupName: "asg-1",
      openings: [
        { at: "2099-03-06T19:00:00+09:00", expectedBuyers: 50_000 },
        { at: "2099-03-07T19:00:00+09:00", expectedBuyers: 500_000 },
      ],
      prewarm: { buyersPerInstance: 5_000, leadMinutes: 15, holdMinutes: 60 },
      bounds: { min: 2, max: 20 },
    });
    const schedules = resources(synth(stack), "aws_autoscaling_schedule")
      .map((r) => r.config)
      .sort((a, b) => String(a["start_time"]).localeCompare(String(b["start_time"])));
    expect(schedules).toEqual([
      expect.objectContaining({
        scheduled_action_name: "ticketing-prewarm-20990306T1000",
        start_time: "2099-03-06T09:45:00Z",
        min_size: 10,
        desired_capacity: 10,
        max_size: -1,
      }),
      expect.objectContaining({
        scheduled_action_name: "ticketing-release-20990306T1000",
        start_time: "2099-03-06T11:00:00Z",
        min_size: 2,
        desired_capacity: -1,
        max_size: -1,
      }),
      // 100 instances wanted, the group's maximum held.
      expect.objectContaining({ start_time: "2099-03-07T09:45:00Z", min_size: 20, desired_capacity: 20 }),
      expect.objectContaining({ start_time: "2099-03-07T11:00:00Z", min_size: 2 }),
    ]);
    expect(scaling.scheduledActionNames).toHaveLength(4);
  });

  test("refuses the same opening twice and openings without pre-warm settings", () => {
    const opening = { at: "2099-03-06T19:00:00+09:00", expectedBuyers: 1 };
    expect(
      () =>
        new AppAutoScaling(testStack(), "scaling", {
          autoScalingGroupName: "asg",
          openings: [opening, { ...opening, at: "2099-03-06T10:00:00Z" }],
          prewarm: { buyersPerInstance: 5_000 },
          bounds: { min: 2, max: 20 },
        }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_PROP", prop: "openings[1].at" }));
    expect(
      () => new AppAutoScaling(testStack(), "scaling", { autoScalingGroupName: "asg", openings: [opening] }),
    ).toThrow(expect.objectContaining({ code: "E_INVALID_PROP", prop: "prewarm" }));
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
