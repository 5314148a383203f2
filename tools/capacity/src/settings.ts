import { InvalidSettingError } from "./errors.ts";

/** The Auto Scaling group: sizes and how long a launched instance takes to serve. Values: `scalingFromInfra()`. */
export interface GroupSettings {
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  /** Seconds from a scale-out decision until the instance serves. */
  launchSeconds: number;
  /** Seconds after InService during which target tracking does not scale in. */
  warmupSeconds: number;
}

/**
 * The issue-7 step policy: two CloudWatch alarms on average EC2 CPU, each driving a simple scaling policy
 * (`ChangeInCapacity`, +2 / -1) with a cooldown that starts once the scaling activity completes.
 */
export interface StepScalingSettings {
  kind: "step";
  /** Alarm period, seconds. */
  periodSeconds: number;
  highThreshold: number;
  highEvaluationPeriods: number;
  lowThreshold: number;
  lowEvaluationPeriods: number;
  scaleOutBy: number;
  scaleInBy: number;
  cooldownSeconds: number;
}

/** Target tracking on average CPU with the alarms AWS creates for it (3 of 1-minute high, 15 of 1-minute low). */
export interface TargetTrackingSettings {
  kind: "target-tracking";
  targetCpu: number;
  periodSeconds: number;
  highEvaluationPeriods: number;
  lowEvaluationPeriods: number;
}

/** Step scaling plus scheduled actions that raise the minimum before the opening and lower it afterwards. */
export interface ScheduledSettings {
  kind: "scheduled";
  base: StepScalingSettings;
  actions: readonly { at: string; minSize: number; desiredCapacity?: number }[];
}

export type PolicySettings = StepScalingSettings | TargetTrackingSettings | ScheduledSettings;

/**
 * Seconds from a scale-out decision until the ALB sends the instance traffic (boot, image pull, app start, two passed
 * health checks). Not an AWS setting, so not in @ticketing/infra: an assumption of the model, `--launch-s` to change.
 */
export const DEFAULT_LAUNCH_SECONDS = 120;

export function validateGroup(group: GroupSettings): void {
  const int = (name: keyof GroupSettings, min: number) => {
    const value = group[name];
    if (!(Number.isInteger(value) && value >= min))
      throw new InvalidSettingError(name, value, `an integer >= ${min}`);
  };
  int("minSize", 0);
  int("maxSize", 1);
  int("desiredCapacity", 0);
  int("launchSeconds", 0);
  int("warmupSeconds", 0);
  if (group.minSize > group.maxSize)
    throw new InvalidSettingError("minSize", group.minSize, `at most maxSize (${group.maxSize})`);
  if (group.desiredCapacity < group.minSize || group.desiredCapacity > group.maxSize)
    throw new InvalidSettingError(
      "desiredCapacity",
      group.desiredCapacity,
      `within minSize..maxSize (${group.minSize}..${group.maxSize})`,
    );
}
