import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context";
import { useCountdown } from "../hooks/use-countdown";
import { advanceCountdown, type CountdownProgress } from "../time/countdown-progress";
import { formatClock } from "../time/durations";

export interface CountdownProps {
  /** Epoch ms on the server's clock (the API's answers tell how far the browser's is from it). */
  deadline: number;
  /** What runs out, e.g. "Time left to pay"; names the timer. */
  label: string;
  /** Called once per deadline, when the time is up (at once if it already is). */
  onZero?(): void;
  /**
   * The sentence announced when a milestone passes (5 and 2 minutes, 1 minute, 30 and 10 seconds left), given the
   * milestone in ms; without it nothing is announced.
   */
  milestone?(msLeft: number): string;
}

/**
 * A visible clock counting down to `deadline`. The clock itself is a `timer` (not read out each second); only the
 * milestones are announced, through a polite status region.
 */
export function Countdown({ deadline, label, onZero, milestone }: CountdownProps) {
  const { api } = useApp();
  const left = useCountdown(deadline, api.clockOffsetMs()) ?? 0;
  const progress = useRef<CountdownProgress | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const id = useId();
  useEffect(() => {
    const next = advanceCountdown(progress.current, deadline, left);
    if (progress.current && progress.current.deadline !== deadline) setAnnouncement("");
    progress.current = next.progress;
    if (next.milestone !== null && milestone) setAnnouncement(milestone(next.milestone));
    if (next.zero) onZero?.();
  }, [left, deadline]);
  return (
    <p class="countdown">
      <span id={id}>{label}</span>{" "}
      <span class="clock" role="timer" aria-labelledby={id}>
        {formatClock(left)}
      </span>
      <span class="visually-hidden" role="status">
        {announcement}
      </span>
    </p>
  );
}
