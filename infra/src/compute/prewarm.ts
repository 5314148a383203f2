import { type Construct } from "constructs";
import { AutoscalingSchedule } from "@cdktn/provider-aws/lib/autoscaling-schedule/index.js";
import { InvalidPropError } from "../errors.js";
import { assertInt } from "../validate.js";

/** One sale opening of the calendar. */
export interface Opening {
  /** When sales open: ISO 8601 with an offset, e.g. "2027-03-05T19:00:00+09:00". */
  readonly at: string;
  /** Buyers expected in the opening's first minute. */
  readonly expectedBuyers: number;
}

/** How the fleet is raised for an opening. */
export interface PrewarmSettings {
  /**
   * Buyers one instance absorbs in an opening's first minute at the target utilisation: `npx nx run capacity:simulate`
   * derives it from the measured per-instance throughput and the buyers' retry behaviour.
   */
  readonly buyersPerInstance: number;
  /** Minutes before the opening the fleet is raised (boot or warm-pool start, health checks). @default 15 */
  readonly leadMinutes?: number;
  /** Minutes after the opening the minimum returns to normal; the policies then shrink the fleet. @default 60 */
  readonly holdMinutes?: number;
}

/** Instances to hold for an opening: enough for its expected buyers, within the group's bounds. */
export function prewarmSize(
  expectedBuyers: number,
  buyersPerInstance: number,
  bounds: { readonly min: number; readonly max: number },
): number {
  return Math.max(bounds.min, Math.min(bounds.max, Math.ceil(expectedBuyers / buyersPerInstance)));
}

const MINUTE = 60_000;

/** Milliseconds of an ISO 8601 instant with an offset, or undefined for anything else (including 30 February). */
function parseInstant(text: string): number | undefined {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `2027-03-05T10:00:00Z`: the UTC form scheduled actions take. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Two scheduled actions per opening: `leadMinutes` before it, minimum and desired go to the opening's size; `holdMinutes`
 * after it, the minimum returns to `bounds.min` and the scaling policies take the fleet down as traffic allows.
 * Openings already past are refused: AWS rejects a scheduled action that starts in the past.
 */
export function addPrewarmSchedules(
  scope: Construct,
  input: {
    readonly path: string;
    readonly name: string;
    readonly autoScalingGroupName: string;
    readonly openings: readonly Opening[];
    readonly settings: PrewarmSettings;
    readonly bounds: { readonly min: number; readonly max: number };
    readonly now?: number;
  },
): AutoscalingSchedule[] {
  const { path, settings } = input;
  assertInt(path, "prewarm.buyersPerInstance", settings.buyersPerInstance, 1);
  assertInt(path, "prewarm.leadMinutes", settings.leadMinutes, 1, 24 * 60);
  assertInt(path, "prewarm.holdMinutes", settings.holdMinutes, 1, 24 * 60);
  const lead = (settings.leadMinutes ?? 15) * MINUTE;
  const hold = (settings.holdMinutes ?? 60) * MINUTE;
  const now = input.now ?? Date.now();
  const seen = new Set<number>();
  return input.openings.flatMap((opening, i) => {
    const at = parseInstant(opening.at);
    if (at === undefined) {
      throw new InvalidPropError(path, `openings[${i}].at`, opening.at, "must be ISO 8601 with an offset");
    }
    assertInt(path, `openings[${i}].expectedBuyers`, opening.expectedBuyers, 1);
    if (at - lead <= now) {
      throw new InvalidPropError(
        path,
        `openings[${i}].at`,
        opening.at,
        "is past (or closer than the lead time): remove it from the calendar",
      );
    }
    if (seen.has(at)) throw new InvalidPropError(path, `openings[${i}].at`, opening.at, "is listed twice");
    seen.add(at);
    const size = prewarmSize(opening.expectedBuyers, settings.buyersPerInstance, input.bounds);
    const stamp = utc(at).replace(/[-:]/g, "").slice(0, 13);
    return [
      new AutoscalingSchedule(scope, `prewarm-${stamp}`, {
        scheduledActionName: `${input.name}-prewarm-${stamp}`,
        autoscalingGroupName: input.autoScalingGroupName,
        startTime: utc(at - lead),
        minSize: size,
        desiredCapacity: size,
        // -1 leaves the value as it is (0 would be taken literally).
        maxSize: -1,
      }),
      new AutoscalingSchedule(scope, `release-${stamp}`, {
        scheduledActionName: `${input.name}-release-${stamp}`,
        autoscalingGroupName: input.autoScalingGroupName,
        startTime: utc(at + hold),
        minSize: input.bounds.min,
        desiredCapacity: -1,
        maxSize: -1,
      }),
    ];
  });
}
