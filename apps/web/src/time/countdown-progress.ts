import { passedMilestone } from "./durations";

/** What a countdown has reported for its current deadline. */
export interface CountdownProgress {
  /** Epoch ms */
  readonly deadline: number;
  /** The time left at the last reading (ms). */
  readonly previousMs: number;
  /** Whether the time being up was reported. */
  readonly zeroReported: boolean;
}

/**
 * The next reading of a countdown: the milestone passed since the last one (or null), and whether the time is now up
 * and was not reported yet. A new deadline starts afresh, so a clock reused for another deadline (the opening, then
 * the admission) reports its zero too.
 */
export function advanceCountdown(
  progress: CountdownProgress | null,
  deadline: number,
  leftMs: number,
): { progress: CountdownProgress; milestone: number | null; zero: boolean } {
  const current =
    progress && progress.deadline === deadline
      ? progress
      : { deadline, previousMs: leftMs, zeroReported: false };
  const zero = leftMs === 0 && !current.zeroReported;
  return {
    progress: { deadline, previousMs: leftMs, zeroReported: current.zeroReported || zero },
    milestone: passedMilestone(current.previousMs, leftMs),
    zero,
  };
}
