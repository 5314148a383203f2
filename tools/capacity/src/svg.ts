import { formatClock } from "./curve.ts";
import type { SimulationResult } from "./simulate.ts";

const WIDTH = 960;
const PANEL = 240;
const MARGIN = { left: 64, right: 56, top: 36, bottom: 28 };

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * One panel per policy: offered load, serving capacity and served load (left axis, req/s), instances in service
 * (right axis), and a red band under every minute whose p99 missed the target.
 */
export function renderSvg(
  results: readonly SimulationResult[],
  options: { perInstanceRps: number; maxSize: number; p99TargetMs: number },
): string {
  const height = results.length * PANEL + 40;
  const first = results[0]?.rows ?? [];
  const start = first[0]?.t ?? 0;
  const end = (first[first.length - 1]?.t ?? start) + 60;
  const peak = Math.max(
    1,
    ...results.flatMap((result) =>
      result.rows.map((row) => Math.max(row.offeredRps, row.inService * options.perInstanceRps)),
    ),
  );
  const yMax = niceCeil(peak);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    legend(),
  ];
  results.forEach((result, index) => {
    const top = 40 + index * PANEL;
    const plotHeight = PANEL - MARGIN.top - MARGIN.bottom;
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const x = (t: number) => MARGIN.left + ((t - start) / (end - start)) * plotWidth;
    const y = (rps: number) => top + MARGIN.top + plotHeight - (rps / yMax) * plotHeight;
    const yInstances = (n: number) => top + MARGIN.top + plotHeight - (n / options.maxSize) * plotHeight;
    const verdict = result.withinTarget
      ? "p99 within target"
      : `p99 over ${options.p99TargetMs} ms in ${result.bucketsOverTarget} min`;
    parts.push(
      `<text x="${MARGIN.left}" y="${top + 20}" font-size="13" font-weight="bold">${escape(result.policy)} — ${result.instanceHours.toFixed(1)} instance-hours, ${verdict}, max p99 ${Math.round(result.maxP99Ms)} ms</text>`,
      `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/>`,
    );
    for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
      const value = yMax * fraction;
      parts.push(
        `<text x="${MARGIN.left - 6}" y="${y(value) + 4}" text-anchor="end" fill="#555">${Math.round(value)}</text>`,
        `<text x="${WIDTH - MARGIN.right + 6}" y="${yInstances(options.maxSize * fraction) + 4}" fill="#c60">${Math.round(options.maxSize * fraction)}</text>`,
      );
    }
    for (let t = Math.ceil(start / 900) * 900; t <= end; t += 900) {
      parts.push(
        `<text x="${x(t)}" y="${top + PANEL - 8}" text-anchor="middle" fill="#555">${formatClock(t)}</text>`,
        `<line x1="${x(t)}" x2="${x(t)}" y1="${top + MARGIN.top}" y2="${top + MARGIN.top + plotHeight}" stroke="#eee"/>`,
      );
    }
    for (const row of result.rows) {
      if (row.p99Ms > options.p99TargetMs) {
        parts.push(
          `<rect x="${x(row.t)}" y="${top + MARGIN.top + plotHeight - 6}" width="${Math.max(1, x(row.t + 60) - x(row.t))}" height="6" fill="#d22" opacity="0.8"/>`,
        );
      }
    }
    const line = (points: [number, number][], color: string, width = 1.5, dash = "") =>
      `<polyline fill="none" stroke="${color}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ""} points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}"/>`;
    const steps = (value: (row: SimulationResult["rows"][number]) => number, scale: (v: number) => number) =>
      result.rows.flatMap((row): [number, number][] => [
        [x(row.t), scale(value(row))],
        [x(row.t + 60), scale(value(row))],
      ]);
    parts.push(
      line(
        steps((row) => row.inService * options.perInstanceRps, y),
        "#1f6fd1",
        1.5,
      ),
      line(
        steps((row) => row.offeredRps, y),
        "#888",
        2,
      ),
      line(
        steps((row) => row.servedRps, y),
        "#2a9d4a",
        1.5,
        "4 2",
      ),
      line(
        steps((row) => row.inService, yInstances),
        "#c60",
        1.5,
      ),
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function legend(): string {
  const items: [string, string][] = [
    ["#888", "offered req/s"],
    ["#1f6fd1", "serving capacity req/s"],
    ["#2a9d4a", "served req/s"],
    ["#c60", "instances serving (right axis)"],
    ["#d22", "minute with p99 over target"],
  ];
  return items
    .map(
      ([color, label], i) =>
        `<rect x="${MARGIN.left + i * 172}" y="12" width="14" height="4" fill="${color}"/><text x="${MARGIN.left + i * 172 + 18}" y="18">${label}</text>`,
    )
    .join("\n");
}

function niceCeil(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
