import { existsSync, readFileSync } from "node:fs";
import { InvalidSettingError } from "./errors.ts";

/** The benchmark figures the model is built on, with where they came from. */
export interface Measurements {
  /** Confirmed reservations per second of one API process (api bench `reserve_per_s`). */
  readonly reservePerSecond: number;
  /** Cached event reads per second of one API process (api bench `cached_get_rps`). */
  readonly cachedGetPerSecond: number;
  /** Confirmed reservations per second the engine's group commit wrote (reservation bench `per_s.ours`). */
  readonly writerPerSecond: number;
  readonly source: string;
}

/** What one instance type gets of the bench figure, and why. */
export interface InstanceProfile {
  readonly vcpus: number;
  /** Share of the bench's per-process throughput one instance of this type serves. */
  readonly factor: number;
  readonly why: string;
}

/**
 * Per instance type: the API is one Node.js process, so it uses one vCPU whatever the type has. The bench ran that
 * process on a 2-vCPU EPYC VM shared with MariaDB, Redis and the load generator, over loopback with no TLS.
 */
export const INSTANCE_PROFILES: Readonly<Record<string, InstanceProfile>> = {
  "c6i.large": {
    vcpus: 2,
    factor: 0.5,
    why: "one process on one of two vCPUs (a hyperthread); TLS to Redis and Aurora, log shipping and network round trips the bench did not have: half the bench's figure",
  },
  "c7i.large": { vcpus: 2, factor: 0.55, why: "as c6i.large, on a ~10 % faster core" },
  "t3.micro": {
    vcpus: 2,
    factor: 0.1,
    why: "a burstable instance runs at its 10 % baseline once its CPU credits are spent, as they are under a sale",
  },
};

/**
 * The Aurora writer's share of the bench's group-commit rate: the bench fsyncs to a local disk (about 1.6 ms per batch);
 * an Aurora commit waits for four of six storage copies across three zones, several milliseconds.
 */
export const AURORA_WRITER_FACTOR = 0.25;

/** Used when BENCHMARKS.md has no result: the api and reservation benches' own targets. */
const FALLBACK = { reservePerSecond: 3000, cachedGetPerSecond: 10_000, writerPerSecond: 3000 };

/** Reads the api and reservation benches' JSON result lines from BENCHMARKS.md. */
export function measurementsFrom(file: string): Measurements {
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const result = (bench: string): Record<string, unknown> | undefined => {
    for (const line of lines) {
      const text = line.trim();
      if (!text.startsWith("{") || !text.includes(`"bench":"${bench}"`)) continue;
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        // A line that merely looks like JSON is not a result.
      }
    }
    return undefined;
  };
  const api = result("api");
  const reservation = result("reservation");
  const positive = (value: unknown) => (typeof value === "number" && value > 0 ? value : undefined);
  const reserve = positive(api?.["reserve_per_s"]);
  const get = positive(api?.["cached_get_rps"]);
  const writer = positive((reservation?.["per_s"] as Record<string, unknown> | undefined)?.["ours"]);
  return {
    reservePerSecond: reserve ?? FALLBACK.reservePerSecond,
    cachedGetPerSecond: get ?? FALLBACK.cachedGetPerSecond,
    writerPerSecond: writer ?? FALLBACK.writerPerSecond,
    source:
      reserve && get && writer
        ? `${file} (api bench reserve_per_s and cached_get_rps, reservation bench per_s.ours)`
        : `the benches' targets (${file} has no complete result)`,
  };
}

export function instanceProfile(instanceType: string): InstanceProfile {
  const profile = INSTANCE_PROFILES[instanceType];
  if (!profile)
    throw new InvalidSettingError("instance type", instanceType, Object.keys(INSTANCE_PROFILES).join(", "));
  return profile;
}
