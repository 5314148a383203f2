import { InvalidSettingError } from "./errors.ts";

/** Offered load as points (seconds since midnight, req/s), linear between points; two points at one time = a jump. */
export type Curve = readonly { t: number; rate: number }[];

/** The ticket opening of the seed scenario: 100 req/s, 5,000 at 19:00, 1,000 by 19:30, normal again by 20:00. */
export const DEFAULT_CURVE = "18:30=100,19:00=100,19:00=5000,19:30=1000,20:00=100,20:30=100";

export function parseClock(text: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!match) throw new InvalidSettingError("time", text, "HH:MM or HH:MM:SS");
  const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59)
    throw new InvalidSettingError("time", text, "a time of day");
  return hours * 3600 + minutes * 60 + seconds;
}

export function formatClock(t: number): string {
  const hours = Math.floor(t / 3600) % 24;
  const minutes = Math.floor((t % 3600) / 60);
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** Parses `HH:MM=rate,...` in time order. */
export function parseCurve(text: string): Curve {
  const points = text.split(",").map((part) => {
    const [time, rate] = part.split("=");
    const value = Number(rate);
    if (time === undefined || !(value >= 0))
      throw new InvalidSettingError("curve", part, "HH:MM=<req/s >= 0>");
    return { t: parseClock(time), rate: value };
  });
  if (points.length < 2) throw new InvalidSettingError("curve", text, "at least two points");
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as { t: number }).t < (points[i - 1] as { t: number }).t)
      throw new InvalidSettingError("curve", text, "points in time order");
  }
  return points;
}

/** Offered req/s at second `t`; at a jump the later point wins. Outside the curve the nearest end holds. */
export function rateAt(curve: Curve, t: number): number {
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (!first || !last) return 0;
  if (t <= first.t) return first.rate;
  if (t >= last.t) return last.rate;
  for (let i = curve.length - 1; i > 0; i--) {
    const a = curve[i - 1] as { t: number; rate: number };
    const b = curve[i] as { t: number; rate: number };
    if (t >= a.t && t < b.t) return a.rate + ((b.rate - a.rate) * (t - a.t)) / (b.t - a.t);
  }
  return last.rate;
}
