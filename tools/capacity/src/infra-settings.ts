import {
  presets,
  scalingDefaults,
  type PresetName,
  type ScalingSettings as InfraScaling,
} from "@ticketing/infra";
import { InvalidSettingError } from "./errors.ts";
import {
  DEFAULT_LAUNCH_SECONDS,
  type GroupSettings,
  type StepScalingSettings,
  type TargetTrackingSettings,
} from "./settings.ts";

export interface InfraScalingModel {
  preset: PresetName;
  group: GroupSettings;
  step: StepScalingSettings;
  targetTracking: TargetTrackingSettings;
}

/**
 * The Auto Scaling configuration a `TicketingPlatform` preset deploys, read from @ticketing/infra so that the
 * simulation replays exactly what `infra:synth` writes: group bounds, CPU alarms (threshold, period, evaluation
 * periods), step sizes, cooldown and warm-up. The preset's own policy is simulated as-is; the other kind comes from
 * `scalingDefaults`.
 */
export function scalingFromInfra(preset: string = "prod"): InfraScalingModel {
  if (!(preset in presets))
    throw new InvalidSettingError("--preset", preset, Object.keys(presets).join(" or "));
  const settings = presets[preset as PresetName];
  const scaling: InfraScaling = settings.scaling;
  const capacity = settings.fleet.capacity;
  const step: StepScalingSettings =
    scaling.type === "step"
      ? toStep(scaling)
      : toStep({
          scaleOutBy: scalingDefaults.scaleOutBy,
          scaleInBy: scalingDefaults.scaleInBy,
          cooldownSeconds: scalingDefaults.cooldownSeconds,
          scaleOutAlarm: scalingDefaults.scaleOutAlarm,
          scaleInAlarm: scalingDefaults.scaleInAlarm,
        });
  const target =
    scaling.type === "target-tracking"
      ? scaling
      : { type: "target-tracking" as const, ...scalingDefaults.targetTracking };
  return {
    preset: preset as PresetName,
    group: {
      minSize: capacity.min,
      maxSize: capacity.max,
      desiredCapacity: capacity.desired,
      launchSeconds: DEFAULT_LAUNCH_SECONDS,
      warmupSeconds: target.instanceWarmupSeconds,
    },
    step,
    targetTracking: {
      kind: "target-tracking",
      targetCpu: target.targetCpuPercent,
      // What AWS creates for a target-tracking policy: 3 of 3 one-minute datapoints to scale out, 15 to scale in.
      periodSeconds: 60,
      highEvaluationPeriods: 3,
      lowEvaluationPeriods: 15,
    },
  };
}

function toStep(scaling: {
  scaleOutBy: number;
  scaleInBy: number;
  cooldownSeconds: number;
  scaleOutAlarm: { thresholdPercent: number; periodSeconds: number; evaluationPeriods: number };
  scaleInAlarm: { thresholdPercent: number; periodSeconds: number; evaluationPeriods: number };
}): StepScalingSettings {
  if (scaling.scaleOutAlarm.periodSeconds !== scaling.scaleInAlarm.periodSeconds)
    throw new InvalidSettingError(
      "scaleInAlarm.periodSeconds",
      scaling.scaleInAlarm.periodSeconds,
      `the scale-out alarm's period (${scaling.scaleOutAlarm.periodSeconds} s): the model averages CPU once per period`,
    );
  return {
    kind: "step",
    periodSeconds: scaling.scaleOutAlarm.periodSeconds,
    highThreshold: scaling.scaleOutAlarm.thresholdPercent,
    highEvaluationPeriods: scaling.scaleOutAlarm.evaluationPeriods,
    lowThreshold: scaling.scaleInAlarm.thresholdPercent,
    lowEvaluationPeriods: scaling.scaleInAlarm.evaluationPeriods,
    scaleOutBy: scaling.scaleOutBy,
    scaleInBy: scaling.scaleInBy,
    cooldownSeconds: scaling.cooldownSeconds,
  };
}
