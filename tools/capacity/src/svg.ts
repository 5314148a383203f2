import { formatClock } from "./clock.ts";
import type { SecondRow, SimulationResult } from "./simulate.ts";

const WIDTH = 1000;
const PANEL = 250;
const MARGIN = { left: 70, right: 56, top: 40, bottom: 30 };

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A stretch of the time axis and the share of the plot's width it gets. */
export interface AxisSegment {
  readonly from: number;
  readonly to: number;
  readonly share: number;
  /** Seconds between two labelled ticks. */
  readonly tick: number;
}

/**
 * One panel per policy, one point per second: offered, served and refused requests per second and the serving
 * capacity (left axis), instances in service (right axis), and a red tick under every second whose p99 missed the
 * target. The time axis is made of segments, so the opening's first minutes can be wide and the rest narrow.
 */
export function renderSvg(
  results: readonly SimulationResult[],
  options: {
    segments: readonly AxisSegment[];
    capacityRps: (inService: number) => number;
    maxSize: number;
    p99TargetMs: number;
    title: string;
  },
): string {
  const segments = options.segments;
  const from = segments[0]?.from ?? 0;
  const to = segments[segments.length - 1]?.to ?? from + 1;
  const height = results.length * PANEL + 60;
  const window = (result: SimulationResult) => result.rows.filter((row) => row.t >= from && row.t < to);
  const peak = Math.max(
    1,
    ...results.flatMap((result) =>
      window(result).map((row) => Math.max(row.offeredRps, options.capacityRps(row.inService))),
    ),
  );
  const yMax = niceCeil(peak);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold">${escape(options.title)}</text>`,
    legend(),
  ];
  results.forEach((result, index) => {
    const top = 50 + index * PANEL;
    const plotHeight = PANEL - MARGIN.top - MARGIN.bottom;
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const x = (t: number) => {
      let offset = 0;
      for (const segment of segments) {
        if (t <= segment.to) {
          const within = Math.max(0, t - segment.from) / (segment.to - segment.from);
          return MARGIN.left + (offset + within * segment.share) * plotWidth;
        }
        offset += segment.share;
      }
      return MARGIN.left + plotWidth;
    };
    const y = (rps: number) => top + MARGIN.top + plotHeight - (Math.min(rps, yMax) / yMax) * plotHeight;
    const yInstances = (n: number) => top + MARGIN.top + plotHeight - (n / options.maxSize) * plotHeight;
    const rows = window(result);
    const refused = result.refusedRequests;
    parts.push(
      `<text x="${MARGIN.left}" y="${top + 22}" font-size="13" font-weight="bold">${escape(result.policy)}</text>`,
      `<text x="${MARGIN.left}" y="${top + 36}" fill="#333">${result.inServiceAtOpening} in service at the opening, peak ${result.peakInService}; max p99 ${Math.round(result.maxP99Ms)} ms, ${result.secondsOverTarget} s over ${options.p99TargetMs} ms; ${Math.round(refused).toLocaleString("en-US")} requests refused; ${result.instanceHours.toFixed(1)} instance-hours</text>`,
      `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/>`,
    );
    for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
      parts.push(
        `<text x="${MARGIN.left - 6}" y="${y(yMax * fraction) + 4}" text-anchor="end" fill="#555">${Math.round(yMax * fraction).toLocaleString("en-US")}</text>`,
        `<text x="${WIDTH - MARGIN.right + 6}" y="${yInstances(options.maxSize * fraction) + 4}" fill="#c60">${Math.round(options.maxSize * fraction)}</text>`,
      );
    }
    segments.forEach((segment, i) => {
      for (let t = Math.ceil(segment.from / segment.tick) * segment.tick; t < segment.to; t += segment.tick) {
        parts.push(
          `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top + MARGIN.top}" y2="${top + MARGIN.top + plotHeight}" stroke="#eee"/>`,
          `<text x="${x(t).toFixed(1)}" y="${top + PANEL - 10}" text-anchor="middle" fill="#555">${formatClock(t, segment.tick < 60)}</text>`,
        );
      }
      if (i > 0)
        parts.push(
          `<line x1="${x(segment.from).toFixed(1)}" x2="${x(segment.from).toFixed(1)}" y1="${top + MARGIN.top}" y2="${top + MARGIN.top + plotHeight}" stroke="#999" stroke-dasharray="3 3"/>`,
        );
    });
    for (const row of rows) {
      if (row.p99Ms > options.p99TargetMs)
        parts.push(
          `<rect x="${x(row.t).toFixed(1)}" y="${top + MARGIN.top + plotHeight - 5}" width="${Math.max(1, x(row.t + 1) - x(row.t)).toFixed(1)}" height="5" fill="#d22"/>`,
        );
    }
    const line = (
      value: (row: SecondRow) => number,
      scale: (v: number) => number,
      color: string,
      width = 1.2,
    ) =>
      `<polyline fill="none" stroke="${color}" stroke-width="${width}" points="${rows.map((row) => `${x(row.t).toFixed(1)},${scale(value(row)).toFixed(1)}`).join(" ")}"/>`;
    parts.push(
      line((row) => options.capacityRps(row.inService), y, "#1f6fd1"),
      line((row) => row.offeredRps, y, "#888", 1.6),
      line((row) => row.servedRps, y, "#2a9d4a"),
      line((row) => row.refusedRps, y, "#d22"),
      line((row) => row.inService, yInstances, "#c60", 1.6),
    );
  });
  parts.push("</svg>");
  return parts.filter(Boolean).join("\n");
}

const LEGEND_X = [0, 130, 270, 400, 640];

function legend(): string {
  const items: [string, string][] = [
    ["#888", "offered req/s"],
    ["#1f6fd1", "capacity req/s"],
    ["#2a9d4a", "served req/s"],
    ["#d22", "refused req/s (and p99 over target)"],
    ["#c60", "instances in service (right axis)"],
  ];
  return items
    .map(
      ([color, label], i) =>
        `<rect x="${MARGIN.left + LEGEND_X[i]!}" y="30" width="14" height="4" fill="${color}"/><text x="${MARGIN.left + LEGEND_X[i]! + 18}" y="36">${label}</text>`,
    )
    .join("\n");
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
