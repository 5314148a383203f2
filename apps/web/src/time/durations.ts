import type { MessageKey, MessageParams } from "../i18n/messages";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A countdown as a clock: "4:05", "0:09", "1:02:03". Rounded up to the whole second, so it reads "0:00" only when
 * the time is up, never while a fraction of a second is left; a negative time reads "0:00".
 */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** A sentence and its parameters, as `t(key, params)` takes them. */
export interface Phrase {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * An expected wait in words, as rough as an estimate is: under a minute, whole minutes up to 90 minutes, then
 * whole hours. Null (no estimate yet) says so.
 */
export function describeWait(ms: number | null): Phrase {
  if (ms === null || !Number.isFinite(ms)) return { key: "wait.eta.unknown" };
  if (ms < MINUTE) return { key: "wait.eta.underMinute" };
  if (ms < 90 * MINUTE) return { key: "wait.eta.minutes", params: { count: Math.round(ms / MINUTE) } };
  return { key: "wait.eta.hours", params: { count: Math.round(ms / HOUR) } };
}

/** The moments of a countdown worth announcing to a screen reader (ms left), latest last. */
export const COUNTDOWN_MILESTONES_MS = [5 * MINUTE, 2 * MINUTE, MINUTE, 30 * SECOND, 10 * SECOND] as const;

/**
 * The milestone a countdown passed between two readings (from `beforeMs` left to `nowMs` left), or null: a screen
 * reader hears "1 minute left" once, not every second. Of several passed at once, the last one.
 */
export function passedMilestone(beforeMs: number, nowMs: number): number | null {
  let passed: number | null = null;
  for (const milestone of COUNTDOWN_MILESTONES_MS) {
    if (beforeMs > milestone && nowMs <= milestone) passed = milestone;
  }
  return passed;
}

/**
 * Whether the number of buyers ahead moved enough to be announced: the first reading, then each time it falls to
 * half of the last one announced or less (1,000 → 500 → 250 … → 1 → 0), about ten announcements for a long wait.
 */
export function isMeaningfulAheadChange(lastAnnounced: number | null, ahead: number): boolean {
  if (lastAnnounced === null) return true;
  return ahead < lastAnnounced && ahead <= Math.floor(lastAnnounced / 2);
}
