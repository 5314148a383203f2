import { Construct } from "constructs";
import { AutoscalingPolicy } from "@cdktn/provider-aws/lib/autoscaling-policy/index.js";
import { CloudwatchMetricAlarm } from "@cdktn/provider-aws/lib/cloudwatch-metric-alarm/index.js";
import { InvalidPropError } from "../errors.js";
import { assertInt, assertMatches, NAME_PATTERN } from "../validate.js";
import { addPrewarmSchedules, type Opening, type PrewarmSettings } from "./prewarm.js";

/** A CPU alarm that triggers one scaling direction. */
export interface CpuAlarmSettings {
  /** Percent average CPU across the group. */
  readonly thresholdPercent: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

/**
 * +N / −M instances on CPU alarms, waiting `cooldownSeconds` after each activity. Implemented as `SimpleScaling`
 * policies because AWS honours a cooldown only for those (a `StepScaling` policy ignores it and uses warm-up instead).
 */
export interface StepScalingSettings {
  readonly type: "step";
  readonly scaleOutBy: number;
  readonly scaleInBy: number;
  readonly cooldownSeconds: number;
  readonly scaleOutAlarm: CpuAlarmSettings;
  readonly scaleInAlarm: CpuAlarmSettings;
  /**
   * Also scale in on low CPU. Off when another policy (request tracking) owns scale-in: two policies scaling in on
   * different signals make the group flap. @default true
   */
  readonly scaleIn?: boolean;
}

/** AWS keeps average CPU near the target itself, creating and owning the alarms. */
export interface TargetTrackingSettings {
  readonly type: "target-tracking";
  readonly targetCpuPercent: number;
  /** Seconds a new instance is excluded from the group's metrics. */
  readonly instanceWarmupSeconds: number;
}

export type ScalingSettings = StepScalingSettings | TargetTrackingSettings;

/** Target tracking on the load balancer's requests per target: the signal that moves first when buyers arrive. */
export interface RequestTrackingSettings {
  /** Requests per instance per minute AWS keeps the group at (ALBRequestCountPerTarget). */
  readonly requestsPerTargetPerMinute: number;
  /** `arn_suffix` of the load balancer and of the target group, which name the metric. */
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
}

export interface AppAutoScalingProps {
  readonly autoScalingGroupName: string;
  /** CPU scaling. @default the `step` settings in `scalingDefaults` (+2 / −1, 300 s cooldown, CPU > 70% / < 30%) */
  readonly scaling?: ScalingSettings;
  /** Also track requests per target. @default none */
  readonly requestTracking?: RequestTrackingSettings;
  /** The sale calendar: each opening raises the group beforehand (needs `prewarm` and `bounds`). @default [] */
  readonly openings?: readonly Opening[];
  readonly prewarm?: PrewarmSettings;
  /** The group's minimum and maximum, which pre-warming stays within and returns the minimum to. */
  readonly bounds?: { readonly min: number; readonly max: number };
  /** Also notify these ARNs (e.g. an SNS topic) when a CPU alarm fires either way. @default [] */
  readonly notificationArns?: readonly string[];
  /** Prefix of every resource name. @default "ticketing" */
  readonly name?: string;
  /** @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}

export const DEFAULT_STEP_SCALING: StepScalingSettings = {
  type: "step",
  scaleOutBy: 2,
  scaleInBy: 1,
  cooldownSeconds: 300,
  scaleOutAlarm: { thresholdPercent: 70, periodSeconds: 120, evaluationPeriods: 2 },
  scaleInAlarm: { thresholdPercent: 30, periodSeconds: 120, evaluationPeriods: 5 },
};

/**
 * Scaling of an Auto Scaling group: CPU step or target-tracking policies, target tracking on requests per target, and
 * scheduled pre-warming before each opening of a sale calendar.
 */
export class AppAutoScaling extends Construct {
  readonly scaleOutPolicyArn: string | undefined;
  readonly scaleInPolicyArn: string | undefined;
  readonly targetTrackingPolicyArn: string | undefined;
  readonly requestTrackingPolicyArn: string | undefined;
  /** Names of the alarms this construct created (none for target tracking: AWS owns those). */
  readonly alarmNames: readonly string[];
  /** Names of the scheduled actions (two per opening). */
  readonly scheduledActionNames: readonly string[];

  constructor(scope: Construct, id: string, props: AppAutoScalingProps) {
    super(scope, id);
    const path = this.node.path;
    const name = props.name ?? "ticketing";
    const scaling = props.scaling ?? DEFAULT_STEP_SCALING;
    assertMatches(path, "name", name, NAME_PATTERN, "lower-case letters, digits and hyphens (max 28)");
    const dimensions = { AutoScalingGroupName: props.autoScalingGroupName };
    const notify = [...(props.notificationArns ?? [])];

    this.requestTrackingPolicyArn = props.requestTracking
      ? this.trackRequests(path, name, props.autoScalingGroupName, props.requestTracking)
      : undefined;
    const openings = props.openings ?? [];
    if (openings.length > 0 && (!props.prewarm || !props.bounds)) {
      throw new InvalidPropError(path, "prewarm", props.prewarm, "and bounds are needed with openings");
    }
    this.scheduledActionNames =
      openings.length > 0 && props.prewarm && props.bounds
        ? addPrewarmSchedules(this, {
            path,
            name,
            autoScalingGroupName: props.autoScalingGroupName,
            openings,
            settings: props.prewarm,
            bounds: props.bounds,
          }).map((schedule) => schedule.scheduledActionName)
        : [];

    if (scaling.type === "target-tracking") {
      assertInt(path, "scaling.targetCpuPercent", scaling.targetCpuPercent, 1, 100);
      assertInt(path, "scaling.instanceWarmupSeconds", scaling.instanceWarmupSeconds, 0, 3600);
      const policy = new AutoscalingPolicy(this, "target-cpu", {
        name: `${name}-target-cpu`,
        autoscalingGroupName: props.autoScalingGroupName,
        policyType: "TargetTrackingScaling",
        estimatedInstanceWarmup: scaling.instanceWarmupSeconds,
        targetTrackingConfiguration: {
          targetValue: scaling.targetCpuPercent,
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        },
      });
      this.targetTrackingPolicyArn = policy.arn;
      this.scaleOutPolicyArn = undefined;
      this.scaleInPolicyArn = undefined;
      this.alarmNames = [];
      return;
    }
    if ((scaling as { type: string }).type !== "step") {
      throw new InvalidPropError(
        path,
        "scaling.type",
        (scaling as { type: string }).type,
        'must be "step" or "target-tracking"',
      );
    }
    assertInt(path, "scaling.scaleOutBy", scaling.scaleOutBy, 1, 100);
    assertInt(path, "scaling.scaleInBy", scaling.scaleInBy, 1, 100);
    assertInt(path, "scaling.cooldownSeconds", scaling.cooldownSeconds, 0, 3600);
    for (const [key, alarm] of [
      ["scaleOutAlarm", scaling.scaleOutAlarm],
      ["scaleInAlarm", scaling.scaleInAlarm],
    ] as const) {
      assertInt(path, `scaling.${key}.thresholdPercent`, alarm.thresholdPercent, 1, 99);
      assertInt(path, `scaling.${key}.evaluationPeriods`, alarm.evaluationPeriods, 1, 100);
      if (
        ![10, 30].includes(alarm.periodSeconds) &&
        (alarm.periodSeconds < 60 || alarm.periodSeconds % 60 !== 0)
      ) {
        throw new InvalidPropError(
          path,
          `scaling.${key}.periodSeconds`,
          alarm.periodSeconds,
          "must be 10, 30 or a multiple of 60",
        );
      }
    }
    if (scaling.scaleInAlarm.thresholdPercent >= scaling.scaleOutAlarm.thresholdPercent) {
      throw new InvalidPropError(
        path,
        "scaling.scaleInAlarm.thresholdPercent",
        scaling.scaleInAlarm.thresholdPercent,
        `must be below the scale-out threshold ${scaling.scaleOutAlarm.thresholdPercent} or the group flaps`,
      );
    }

    const policy = (key: string, adjustment: number) =>
      new AutoscalingPolicy(this, key, {
        name: `${name}-${key}`,
        autoscalingGroupName: props.autoScalingGroupName,
        policyType: "SimpleScaling",
        adjustmentType: "ChangeInCapacity",
        scalingAdjustment: adjustment,
        cooldown: scaling.cooldownSeconds,
      });
    const alarm = (key: string, settings: CpuAlarmSettings, comparisonOperator: string, actions: string[]) =>
      new CloudwatchMetricAlarm(this, key, {
        alarmName: `${name}-${key}`,
        alarmDescription: `Scale ${key === "cpu-high" ? "out" : "in"}: average CPU ${comparisonOperator === "GreaterThanThreshold" ? ">" : "<"} ${settings.thresholdPercent}%`,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        statistic: "Average",
        dimensions,
        period: settings.periodSeconds,
        evaluationPeriods: settings.evaluationPeriods,
        threshold: settings.thresholdPercent,
        comparisonOperator,
        alarmActions: actions,
        tags: props.tags,
      });
    const out = policy("scale-out", scaling.scaleOutBy);
    const high = alarm("cpu-high", scaling.scaleOutAlarm, "GreaterThanThreshold", [out.arn, ...notify]);
    this.scaleOutPolicyArn = out.arn;
    this.targetTrackingPolicyArn = undefined;
    if (scaling.scaleIn === false) {
      this.scaleInPolicyArn = undefined;
      this.alarmNames = [high.alarmName];
      return;
    }
    const inn = policy("scale-in", -scaling.scaleInBy);
    const low = alarm("cpu-low", scaling.scaleInAlarm, "LessThanThreshold", [inn.arn, ...notify]);
    this.scaleInPolicyArn = inn.arn;
    this.alarmNames = [high.alarmName, low.alarmName];
  }

  private trackRequests(
    path: string,
    name: string,
    group: string,
    settings: RequestTrackingSettings,
  ): string {
    assertInt(path, "requestTracking.requestsPerTargetPerMinute", settings.requestsPerTargetPerMinute, 1);
    const policy = new AutoscalingPolicy(this, "target-requests", {
      name: `${name}-target-requests`,
      autoscalingGroupName: group,
      policyType: "TargetTrackingScaling",
      // The group's default instance warm-up applies: a new instance's requests count once it is live.
      targetTrackingConfiguration: {
        targetValue: settings.requestsPerTargetPerMinute,
        predefinedMetricSpecification: {
          predefinedMetricType: "ALBRequestCountPerTarget",
          resourceLabel: `${settings.loadBalancerArnSuffix}/${settings.targetGroupArnSuffix}`,
        },
      },
    });
    return policy.arn;
  }
}
