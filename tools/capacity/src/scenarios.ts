import { formatClock, type Curve } from "./curve.ts";
import {
  type GroupSettings,
  type PolicySettings,
  type StepScalingSettings,
  type TargetTrackingSettings,
} from "./settings.ts";

/**
 * Instances that keep the curve's peak under the step policy's high threshold: what a scheduled action should
 * provision before the opening.
 */
export function prewarmSize(
  curve: Curve,
  perInstanceRps: number,
  step: StepScalingSettings,
  group: GroupSettings,
): number {
  const peak = Math.max(...curve.map((point) => point.rate));
  const needed = Math.ceil(peak / (perInstanceRps * (step.highThreshold / 100)));
  return Math.max(group.minSize, Math.min(group.maxSize, needed));
}

/** The time of the curve's steepest rise, i.e. the opening. */
export function openingTime(curve: Curve): number {
  let best = curve[0]?.t ?? 0;
  let bestRise = -Infinity;
  for (let i = 1; i < curve.length; i++) {
    const a = curve[i - 1] as { t: number; rate: number };
    const b = curve[i] as { t: number; rate: number };
    const rise = (b.rate - a.rate) / Math.max(1, b.t - a.t);
    if (rise > bestRise) {
      bestRise = rise;
      best = b.t;
    }
  }
  return best;
}

/** The three policies compared: the configured step policy, target tracking, and step plus pre-warming. */
export function policiesToCompare(options: {
  curve: Curve;
  perInstanceRps: number;
  group: GroupSettings;
  step: StepScalingSettings;
  targetTracking: TargetTrackingSettings;
  /** Minutes before the opening the scheduled action raises the minimum. @default 15 */
  prewarmLeadMinutes?: number;
  /** Minutes after the opening the minimum returns to normal. @default 40 */
  prewarmHoldMinutes?: number;
}): { name: string; policy: PolicySettings }[] {
  const step = options.step;
  const opening = openingTime(options.curve);
  const size = prewarmSize(options.curve, options.perInstanceRps, step, options.group);
  const raiseAt = opening - (options.prewarmLeadMinutes ?? 15) * 60;
  const lowerAt = opening + (options.prewarmHoldMinutes ?? 40) * 60;
  return [
    { name: "step scaling", policy: step },
    { name: "target tracking", policy: options.targetTracking },
    {
      name: `pre-warmed (${size} from ${formatClock(raiseAt)} to ${formatClock(lowerAt)}) + step`,
      policy: {
        kind: "scheduled",
        base: step,
        actions: [
          { at: formatClock(raiseAt), minSize: size, desiredCapacity: size },
          { at: formatClock(lowerAt), minSize: options.group.minSize },
        ],
      },
    },
  ];
}
