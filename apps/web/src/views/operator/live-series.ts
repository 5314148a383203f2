/**
 * The live chart's data: readings of the live endpoint kept over a time window, and their shapes in SVG coordinates.
 * Pure functions, so the windowing and scaling are tested without a browser.
 */

/** One reading of `GET /api/admin/events/{id}/live`, reduced to what the chart draws. */
export interface LiveReading {
  /** When the API read it (epoch ms): the chart's x. */
  at: number;
  total: number;
  confirmed: number;
  held: number;
  available: number;
  reservationsPerSecond: number;
}

/** How much time the chart shows, ending at the latest reading. */
export const CHART_WINDOW_MS = 2 * 60 * 1000;

/**
 * `series` with `reading` added at its end, less the readings older than `windowMs` before it. A reading not newer
 * than the last one (a late answer, a clock step back) is ignored, so x always grows.
 */
export function appendReading(
  series: readonly LiveReading[],
  reading: LiveReading,
  windowMs = CHART_WINDOW_MS,
): readonly LiveReading[] {
  const last = series.at(-1);
  if (last && reading.at <= last.at) return series;
  const from = reading.at - windowMs;
  const first = series.findIndex((kept) => kept.at >= from);
  return [...(first === -1 ? [] : series.slice(first)), reading];
}

/** The least of 1, 2, 2.5, 5 × 10ⁿ that is at least `value` (and at least `floor`): an axis top a person reads at once. */
export function niceCeiling(value: number, floor = 1): number {
  const target = Math.max(value, floor);
  if (!Number.isFinite(target) || target <= 0) return floor;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    // the multiplication may land a hair under the target (0.3 = 3 × 0.1 → 0.30000000000000004)
    if (candidate >= target - magnitude * 1e-9) return Number(candidate.toPrecision(12));
  }
  return 10 * magnitude;
}

/** The drawing area, in SVG user units. */
export interface Frame {
  width: number;
  height: number;
}

/**
 * Maps readings to the frame: x by time from the first reading (or the window's start, once the readings cover the
 * window) to the last, so a short history fills the width; y from 0 (bottom) to `max` (top).
 */
export function scaler(
  series: readonly LiveReading[],
  frame: Frame,
  max: number,
  windowMs = CHART_WINDOW_MS,
) {
  const end = series.at(-1)?.at ?? 0;
  const start = Math.max(series[0]?.at ?? end, end - windowMs);
  const span = Math.max(end - start, 1);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    x: (at: number) => round(((Math.min(Math.max(at, start), end) - start) / span) * frame.width),
    y: (value: number) => round(frame.height - (Math.min(Math.max(value, 0), max) / max) * frame.height),
  };
}

/** The SVG path of a band between two curves (closed polygon), or "" with fewer than two readings. */
function band(
  series: readonly LiveReading[],
  scale: ReturnType<typeof scaler>,
  lower: (reading: LiveReading) => number,
  upper: (reading: LiveReading) => number,
): string {
  if (series.length < 2) return "";
  const top = series.map((reading) => `${scale.x(reading.at)},${scale.y(upper(reading))}`);
  const bottom = series.map((reading) => `${scale.x(reading.at)},${scale.y(lower(reading))}`).reverse();
  return `M${top.join("L")}L${bottom.join("L")}Z`;
}

/** Seats as three stacked bands: sold at the bottom, held on it, available on top; the y axis is the seats in total. */
export function seatBands(series: readonly LiveReading[], frame: Frame, windowMs = CHART_WINDOW_MS) {
  const max = Math.max(1, ...series.map((reading) => reading.total));
  const scale = scaler(series, frame, max, windowMs);
  const sold = (reading: LiveReading) => reading.confirmed;
  const soldOrHeld = (reading: LiveReading) => reading.confirmed + reading.held;
  const all = (reading: LiveReading) => reading.confirmed + reading.held + reading.available;
  return {
    max,
    sold: band(series, scale, () => 0, sold),
    held: band(series, scale, sold, soldOrHeld),
    available: band(series, scale, soldOrHeld, all),
  };
}

/** Reservations per second as a polyline's points, on an axis topped at a round number (at least 1). */
export function rateLine(series: readonly LiveReading[], frame: Frame, windowMs = CHART_WINDOW_MS) {
  const max = niceCeiling(Math.max(0, ...series.map((reading) => reading.reservationsPerSecond)));
  const scale = scaler(series, frame, max, windowMs);
  const points =
    series.length < 2
      ? ""
      : series.map((reading) => `${scale.x(reading.at)},${scale.y(reading.reservationsPerSecond)}`).join(" ");
  return { max, points };
}
