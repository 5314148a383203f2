import { existsSync, readFileSync } from "node:fs";

/**
 * Requests per second one instance serves when no benchmark result is found: a conservative figure for one 2-vCPU
 * instance running the API (the API benchmark targets 3,000 confirmed reservations/s on a 2-core machine that also
 * runs MariaDB and Redis; a third of that leaves headroom for reads, TLS at the ALB and noisy neighbours).
 */
export const DEFAULT_PER_INSTANCE_RPS = 1000;

export interface ThroughputSource {
  perInstanceRps: number;
  source: string;
}

/**
 * Takes the per-instance throughput from the API benchmark's JSON line (`"bench":"api"`, `reserve_per_s`) in
 * BENCHMARKS.md when present, else the documented default. The bench's p99 is not used as the no-wait latency: it
 * is measured at saturation (256 connections), so it already contains the queueing this model adds itself.
 */
export function throughputFromBenchmarks(file: string): ThroughputSource {
  if (existsSync(file)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const text = line.trim();
      if (!text.startsWith("{") || !text.includes('"bench":"api"')) continue;
      try {
        const json = JSON.parse(text) as { reserve_per_s?: unknown };
        if (typeof json.reserve_per_s === "number" && json.reserve_per_s > 0) {
          return {
            perInstanceRps: Math.round(json.reserve_per_s),
            source: `${file} (api bench reserve_per_s)`,
          };
        }
      } catch {
        // A line that merely looks like JSON is not a result.
      }
    }
  }
  return {
    perInstanceRps: DEFAULT_PER_INSTANCE_RPS,
    source: "documented default (no api bench result found)",
  };
}
