import { InvalidSettingError } from "./errors.ts";

/** The Auto Scaling group: sizes and how long a launched instance takes to serve. */
export interface GroupSettings {
  /** @default 2 */
  minSize: number;
  /** @default 20 */
  maxSize: number;
  /** @default 2 */
  desiredCapacity: number;
  /**
   * Seconds from a scale-out decision until the ALB sends traffic to the instance (boot, image pull, app start, two
   * passed health checks). Not an AWS setting: an assumption of the model. @default 120
   */
  launchSeconds: number;
  /** Seconds after InService during which a new instance's CPU is left out of the policy's metric. @default 300 */
  warmupSeconds: number;
}

/**
 * The issue-7 policy: two CloudWatch alarms on average EC2 CPU, each driving a simple scaling policy
 * (`ChangeInCapacity`, +2 / -1) with a cooldown that starts once the scaling activity completes.
 */
export interface StepScalingSettings {
  kind: "step";
  /** Alarm period, seconds. @default 120 */
  periodSeconds: number;
  /** @default 70 */
  highThreshold: number;
  /** @default 2 */
  highEvaluationPeriods: number;
  /** @default 30 */
  lowThreshold: number;
  /** @default 2 */
  lowEvaluationPeriods: number;
  /** @default 2 */
  scaleOutBy: number;
  /** @default 1 */
  scaleInBy: number;
  /** @default 300 */
  cooldownSeconds: number;
}

/** Target tracking on average CPU with the alarms AWS creates for it (3 of 1-minute high, 15 of 1-minute low). */
export interface TargetTrackingSettings {
  kind: "target-tracking";
  /** @default 50 */
  targetCpu: number;
  /** @default 60 */
  periodSeconds: number;
  /** @default 3 */
  highEvaluationPeriods: number;
  /** @default 15 */
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
 * Our copy of the issue-7 scaling numbers (min 2 / max 20 / desired 2, +2 / -1 on CPU > 70% / < 30%, 300 s
 * cooldown, 120 s alarm periods evaluated twice as in the original Terraform).
 */
export const defaultGroup: GroupSettings = {
  minSize: 2,
  maxSize: 20,
  desiredCapacity: 2,
  launchSeconds: 120,
  warmupSeconds: 300,
};

export const defaultStepScaling: StepScalingSettings = {
  kind: "step",
  periodSeconds: 120,
  highThreshold: 70,
  highEvaluationPeriods: 2,
  lowThreshold: 30,
  lowEvaluationPeriods: 2,
  scaleOutBy: 2,
  scaleInBy: 1,
  cooldownSeconds: 300,
};

export const defaultTargetTracking: TargetTrackingSettings = {
  kind: "target-tracking",
  targetCpu: 50,
  periodSeconds: 60,
  highEvaluationPeriods: 3,
  lowEvaluationPeriods: 15,
};

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
