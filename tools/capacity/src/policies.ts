import { PeriodAverager } from "./alarm.ts";
import { parseClock } from "./curve.ts";
import type { Group } from "./group.ts";
import type {
  PolicySettings,
  ScheduledSettings,
  StepScalingSettings,
  TargetTrackingSettings,
} from "./settings.ts";

/** What a policy did in one second, for the event log. */
export interface ScalingEvent {
  t: number;
  policy: string;
  from: number;
  to: number;
  reason: string;
}

/** Called once per simulated second, after the second's load was served, with the group's average CPU (0–100). */
export interface Controller {
  tick(now: number, cpu: number, group: Group): ScalingEvent | undefined;
}

/**
 * Simple scaling as issue 7 configures it: an alarm invokes its policy at every period end while in ALARM; an
 * invocation during the cooldown is ignored, and the cooldown runs from the end of the scaling activity (the launched
 * instances in service), as AWS documents for simple scaling.
 */
export function stepController(settings: StepScalingSettings): Controller {
  const metric = new PeriodAverager(settings.periodSeconds);
  let blockedUntil = -Infinity;
  return {
    tick(now, cpu, group) {
      if (!metric.add(cpu, now)) return undefined;
      const at = now + 1;
      if (at < blockedUntil) return undefined;
      const from = group.desired;
      if (metric.breaching(settings.highEvaluationPeriods, (v) => v > settings.highThreshold)) {
        if (group.setDesired(from + settings.scaleOutBy, at) === 0) return undefined;
        blockedUntil = group.activityEnd() + settings.cooldownSeconds;
        return event(
          at,
          "step",
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% > ${settings.highThreshold}%`,
        );
      }
      if (metric.breaching(settings.lowEvaluationPeriods, (v) => v < settings.lowThreshold)) {
        if (group.setDesired(from - settings.scaleInBy, at) === 0) return undefined;
        blockedUntil = at + settings.cooldownSeconds;
        return event(
          at,
          "step",
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% < ${settings.lowThreshold}%`,
        );
      }
      return undefined;
    },
  };
}

/**
 * Target tracking: when the high alarm fires, desired = ceil(serving × CPU / target), `serving` averaged over the
 * datapoint's period; when the low alarm fires
 * (CPU under 90% of target) it shrinks by the same formula, never while an instance is still warming up.
 */
export function targetTrackingController(
  settings: TargetTrackingSettings,
  warmupSeconds: number,
): Controller {
  const metric = new PeriodAverager(settings.periodSeconds);
  // The instances that produced the datapoint, not those that came into service since: counting the newcomers
  // against an old datapoint would launch the same capacity twice.
  const serving = new PeriodAverager(settings.periodSeconds);
  return {
    tick(now, cpu, group) {
      serving.add(group.inService(now), now);
      if (!metric.add(cpu, now)) return undefined;
      const at = now + 1;
      const wanted = Math.ceil((Math.max(serving.last, 1) * metric.last) / settings.targetCpu);
      const from = group.desired;
      if (metric.breaching(settings.highEvaluationPeriods, (v) => v > settings.targetCpu) && wanted > from) {
        if (group.setDesired(wanted, at) === 0) return undefined;
        return event(
          at,
          "target-tracking",
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% > target ${settings.targetCpu}%`,
        );
      }
      const warming = group.instances.some((instance) => at < instance.readyAt + warmupSeconds);
      if (
        !warming &&
        metric.breaching(settings.lowEvaluationPeriods, (v) => v < settings.targetCpu * 0.9) &&
        wanted < from
      ) {
        if (group.setDesired(wanted, at) === 0) return undefined;
        return event(
          at,
          "target-tracking",
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% < 90% of target`,
        );
      }
      return undefined;
    },
  };
}

/** Scheduled actions change min (and raise desired) at fixed times; the step policy does the rest. */
export function scheduledController(settings: ScheduledSettings): Controller {
  const step = stepController(settings.base);
  const actions = settings.actions.map((action) => ({ ...action, t: parseClock(action.at) }));
  return {
    tick(now, cpu, group) {
      const at = now + 1;
      for (const action of actions) {
        if (action.t !== at) continue;
        const from = group.desired;
        group.minSize = action.minSize;
        group.setDesired(Math.max(group.desired, action.desiredCapacity ?? action.minSize), at);
        const stepped = step.tick(now, cpu, group);
        return (
          stepped ?? event(at, "scheduled", from, group.desired, `scheduled action: min ${action.minSize}`)
        );
      }
      return step.tick(now, cpu, group);
    },
  };
}

export function controllerFor(settings: PolicySettings, warmupSeconds: number): Controller {
  if (settings.kind === "step") return stepController(settings);
  if (settings.kind === "target-tracking") return targetTrackingController(settings, warmupSeconds);
  return scheduledController(settings);
}

function event(t: number, policy: string, from: number, to: number, reason: string): ScalingEvent {
  return { t, policy, from, to, reason };
}
