import { InvalidSettingError } from "./errors.ts";

/** Seconds since midnight of `HH:MM` or `HH:MM:SS`. */
export function parseClock(text: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) throw new InvalidSettingError("time", text, "HH:MM or HH:MM:SS");
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59)
    throw new InvalidSettingError("time", text, "a time of day");
  return hours * 3600 + minutes * 60 + seconds;
}

export function formatClock(t: number, withSeconds = false): string {
  const hours = Math.floor(t / 3600) % 24;
  const minutes = Math.floor((t % 3600) / 60);
  const clock = `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  return withSeconds ? `${clock}:${String(t % 60).padStart(2, "0")}` : clock;
}
