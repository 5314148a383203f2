import { PeriodAverager } from "./alarm.ts";
import type { Group } from "./group.ts";

/** What the group's CloudWatch metrics showed in one second. */
export interface Signals {
  readonly now: number;
  /** Average CPU of the instances in service, percent. */
  readonly cpu: number;
  /** Requests the load balancer sent each in-service instance this second. */
  readonly requestsPerTarget: number;
  readonly inService: number;
}

/** What a policy did in one second, for the event log. */
export interface ScalingEvent {
  readonly t: number;
  readonly policy: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/** Called once per simulated second, after the second's load was served. */
export interface Controller {
  tick(signals: Signals, group: Group): ScalingEvent | undefined;
}

/** A CPU simple-scaling policy pair as `AppAutoScaling` deploys it. */
export interface StepPolicy {
  readonly kind: "step";
  readonly name: string;
  readonly periodSeconds: number;
  readonly highThreshold: number;
  readonly highEvaluationPeriods: number;
  readonly lowThreshold: number;
  readonly lowEvaluationPeriods: number;
  readonly scaleOutBy: number;
  readonly scaleInBy: number;
  readonly cooldownSeconds: number;
  readonly scaleIn: boolean;
}

/** Target tracking on ALBRequestCountPerTarget, with the alarms AWS creates for it. */
export interface RequestTrackingPolicy {
  readonly kind: "request-tracking";
  readonly requestsPerTargetPerMinute: number;
  /** Seconds after entering service before an instance may be scaled in. */
  readonly warmupSeconds: number;
}

/** A scheduled action: at `at` the minimum (and desired, when given) change. */
export interface ScheduledAction {
  readonly kind: "scheduled";
  readonly at: number;
  readonly minSize: number;
  readonly desiredCapacity?: number;
}

export type PolicySpec = StepPolicy | RequestTrackingPolicy | ScheduledAction;

const event = (t: number, policy: string, from: number, to: number, reason: string): ScalingEvent => ({
  t,
  policy,
  from,
  to,
  reason,
});

/**
 * Simple scaling: an alarm invokes its policy at every period end while in ALARM; an invocation during the cooldown is
 * ignored, and the cooldown runs from the end of the scaling activity (the launched instances in service).
 */
export function stepController(policy: StepPolicy): Controller {
  const metric = new PeriodAverager(policy.periodSeconds);
  let blockedUntil = -Infinity;
  return {
    tick({ now, cpu }, group) {
      if (!metric.add(cpu, now)) return undefined;
      const at = now + 1;
      if (at < blockedUntil) return undefined;
      const from = group.desired;
      if (metric.breaching(policy.highEvaluationPeriods, (v) => v > policy.highThreshold)) {
        if (group.setDesired(from + policy.scaleOutBy, at) === 0) return undefined;
        blockedUntil = group.activityEnd() + policy.cooldownSeconds;
        return event(
          at,
          policy.name,
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% > ${policy.highThreshold}%`,
        );
      }
      if (policy.scaleIn && metric.breaching(policy.lowEvaluationPeriods, (v) => v < policy.lowThreshold)) {
        if (group.setDesired(from - policy.scaleInBy, at) === 0) return undefined;
        blockedUntil = at + policy.cooldownSeconds;
        return event(
          at,
          policy.name,
          from,
          group.desired,
          `CPU ${metric.last.toFixed(0)}% < ${policy.lowThreshold}%`,
        );
      }
      return undefined;
    },
  };
}

/**
 * Target tracking on requests per target: AWS's high alarm (3 of 3 one-minute datapoints above the target) sets
 * desired to ⌈serving × metric / target⌉, with serving averaged over the datapoint's minute; its low alarm (15 of 15
 * below 90 % of the target) shrinks by the same formula, never while an instance is warming up.
 */
export function requestTrackingController(policy: RequestTrackingPolicy): Controller {
  const metric = new PeriodAverager(60);
  const serving = new PeriodAverager(60);
  const target = policy.requestsPerTargetPerMinute;
  return {
    tick({ now, requestsPerTarget, inService }, group) {
      serving.add(inService, now);
      if (!metric.add(requestsPerTarget * 60, now)) return undefined;
      const at = now + 1;
      const wanted = Math.ceil((Math.max(serving.last, 1) * metric.last) / target);
      const from = group.desired;
      if (metric.breaching(3, (v) => v > target) && wanted > from) {
        if (group.setDesired(wanted, at) === 0) return undefined;
        return event(
          at,
          "request tracking",
          from,
          group.desired,
          `${Math.round(metric.last)} requests/target/min`,
        );
      }
      const warming = group.instances.some((instance) => at < instance.readyAt + policy.warmupSeconds);
      if (!warming && metric.breaching(15, (v) => v < target * 0.9) && wanted < from) {
        if (group.setDesired(wanted, at) === 0) return undefined;
        return event(
          at,
          "request tracking",
          from,
          group.desired,
          `${Math.round(metric.last)} requests/target/min`,
        );
      }
      return undefined;
    },
  };
}

export function scheduledController(action: ScheduledAction): Controller {
  return {
    tick({ now }, group) {
      const at = now + 1;
      if (at !== action.at) return undefined;
      const from = group.desired;
      group.minSize = action.minSize;
      group.setDesired(Math.max(group.desired, action.desiredCapacity ?? action.minSize), at);
      return event(at, "scheduled", from, group.desired, `scheduled action: min ${action.minSize}`);
    },
  };
}

export function controllerFor(policy: PolicySpec): Controller {
  if (policy.kind === "step") return stepController(policy);
  if (policy.kind === "request-tracking") return requestTrackingController(policy);
  return scheduledController(policy);
}
