import {
  prewarmSize,
  presets,
  scalingDefaults,
  type PresetName,
  type StepScalingSettings,
} from "@ticketing/infra";
import { InvalidSettingError } from "./errors.ts";
import type { GroupSettings } from "./group.ts";
import type { PolicySpec, StepPolicy } from "./policies.ts";

/** Seconds from a launch to serving when an instance boots from scratch: dnf, Docker, image pull, app, checks. */
export const DEFAULT_COLD_LAUNCH_SECONDS = 180;
/** Seconds from a launch to serving when a stopped warm-pool instance starts: boot, container restart, checks. */
export const DEFAULT_WARM_LAUNCH_SECONDS = 60;

/** One way of scaling the group, as the simulation runs it. */
export interface PolicySet {
  readonly name: string;
  readonly group: GroupSettings;
  readonly policies: readonly PolicySpec[];
}

export interface InfraScalingModel {
  readonly preset: PresetName;
  readonly instanceType: string;
  /** What the platform deployed before this model: the CPU step policy alone, cold launches. */
  readonly today: PolicySet;
  /** Request tracking with the CPU backstop, cold launches, nothing scheduled. */
  readonly targetTracking: PolicySet;
  /** The preset as deployed: a scheduled raise before the opening, a warm pool, request tracking, the backstop. */
  readonly prewarmed: PolicySet;
  readonly prewarmInstances: number;
}

function step(name: string, settings: StepScalingSettings): StepPolicy {
  if (settings.scaleOutAlarm.periodSeconds !== settings.scaleInAlarm.periodSeconds)
    throw new InvalidSettingError(
      "scaleInAlarm.periodSeconds",
      settings.scaleInAlarm.periodSeconds,
      `the scale-out alarm's period (${settings.scaleOutAlarm.periodSeconds} s): the model averages CPU once per period`,
    );
  return {
    kind: "step",
    name,
    periodSeconds: settings.scaleOutAlarm.periodSeconds,
    highThreshold: settings.scaleOutAlarm.thresholdPercent,
    highEvaluationPeriods: settings.scaleOutAlarm.evaluationPeriods,
    lowThreshold: settings.scaleInAlarm.thresholdPercent,
    lowEvaluationPeriods: settings.scaleInAlarm.evaluationPeriods,
    scaleOutBy: settings.scaleOutBy,
    scaleInBy: settings.scaleInBy,
    cooldownSeconds: settings.cooldownSeconds,
    scaleIn: settings.scaleIn !== false,
  };
}

/**
 * The Auto Scaling of a `TicketingPlatform` preset, read from @ticketing/infra so the simulation replays what
 * `infra:synth` writes: group bounds, the CPU policies, the request-tracking target, the warm pool and the pre-warm
 * rule (`prewarmSize`, the same function that sizes the scheduled action). Only the launch times are assumptions.
 */
export function scalingFromInfra(
  preset: string,
  opening: { opensAt: number; expectedBuyers: number },
  launch: { coldSeconds?: number; warmSeconds?: number } = {},
): InfraScalingModel {
  if (!(preset in presets))
    throw new InvalidSettingError("--preset", preset, Object.keys(presets).join(" or "));
  const settings = presets[preset as PresetName];
  const capacity = settings.fleet.capacity;
  const base = {
    minSize: capacity.min,
    maxSize: capacity.max,
    desiredCapacity: capacity.desired,
    coldLaunchSeconds: launch.coldSeconds ?? DEFAULT_COLD_LAUNCH_SECONDS,
    warmLaunchSeconds: launch.warmSeconds ?? DEFAULT_WARM_LAUNCH_SECONDS,
  };
  if (settings.scaling.type !== "step")
    throw new InvalidSettingError("scaling", settings.scaling.type, "the step backstop the presets deploy");
  const tracking: PolicySpec = {
    kind: "request-tracking",
    requestsPerTargetPerMinute: settings.requestTracking.requestsPerTargetPerMinute,
    warmupSeconds: settings.fleet.instanceWarmupSeconds,
  };
  const backstop = step("CPU backstop", settings.scaling);
  const size = prewarmSize(opening.expectedBuyers, settings.prewarm.buyersPerInstance, capacity);
  const lead = settings.prewarm.leadMinutes * 60;
  const hold = settings.prewarm.holdMinutes * 60;
  return {
    preset: preset as PresetName,
    instanceType: settings.fleet.instanceType,
    prewarmInstances: size,
    today: {
      name: "today's step scaling",
      group: { ...base, warmPool: false },
      policies: [step("step", scalingDefaults.legacyStep)],
    },
    targetTracking: {
      name: "target tracking (requests)",
      group: { ...base, warmPool: false },
      policies: [tracking, backstop],
    },
    prewarmed: {
      name: `pre-warm (${size}) + warm pool + target tracking`,
      group: { ...base, warmPool: settings.fleet.warmPool !== undefined },
      policies: [
        { kind: "scheduled", at: opening.opensAt - lead, minSize: size, desiredCapacity: size },
        { kind: "scheduled", at: opening.opensAt + hold, minSize: capacity.min },
        tracking,
        backstop,
      ],
    },
  };
}
