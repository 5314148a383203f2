import { flatten } from "./parse-output.ts";

/** A target an issue set for one field of a bench's JSON line. */
export interface Target {
  path: string;
  op: ">=" | "<=" | "<" | "==";
  value: number | boolean;
  label: string;
}

/** The targets the issues set, by bench name (lock: #3/#24, cache: #4, reservation: #5, api: #25, waiting-room: #26). Fields a bench does not print are reported as missing. */
export const TARGETS: Record<string, readonly Target[]> = {
  lock: [
    { path: "mutex_ok", op: "==", value: true, label: "mutual exclusion held for every library" },
    {
      path: "ratios.b_vs_redlock",
      op: ">=",
      value: 2.5,
      label: "(b) 64 workers, distinct keys vs node-redlock",
    },
    { path: "ratios.c_vs_redlock", op: ">=", value: 2, label: "(c) 64 workers, one key vs node-redlock" },
    {
      path: "ratios.c_p99_wait_vs_redlock",
      op: "<=",
      value: 0.1,
      label: "(c) p99 wait vs node-redlock (lower is better)",
    },
  ],
  cache: [
    {
      path: "loader_calls.ours",
      op: "==",
      value: 1,
      label: "(a) loader calls for 1,000 concurrent misses on 4 instances",
    },
    { path: "ratios.l1_hit_vs_best_peer", op: ">=", value: 1, label: "(b) L1 hit throughput vs best peer" },
    { path: "ratios.l2_hit_vs_best_peer", op: ">=", value: 1, label: "(b) L2 hit throughput vs best peer" },
    { path: "invalidation_p99_ms", op: "<", value: 5, label: "(c) invalidation propagation p99, ms" },
  ],
  reservation: [
    { path: "ratios.vs_per_request_tx", op: ">=", value: 3, label: "confirmed/s vs per-request transaction" },
    { path: "ratios.vs_original", op: ">=", value: 10, label: "confirmed/s vs original design" },
    { path: "false_sold_out", op: "==", value: 0, label: "false sold-outs" },
    { path: "oversold", op: "==", value: 0, label: "oversold seats" },
  ],
  api: [
    {
      path: "ratios.cached_get_vs_bare_express",
      op: ">=",
      value: 0.75,
      label: "cached GET vs bare Express route",
    },
    {
      path: "reserve_per_s",
      op: ">=",
      value: 3000,
      label: "POST /api/reservations confirmed/s (256 connections)",
    },
    {
      path: "reserve_open_loop_p99_ms",
      op: "<",
      value: 50,
      label: "POST /api/reservations p99 at a fixed 3,000/s (open loop), ms",
    },
    { path: "durable_ok", op: "==", value: true, label: "every 201 durable" },
  ],
  "waiting-room": [
    {
      path: "ratios.joins_vs_redis_set",
      op: ">=",
      value: 0.3,
      label: "joins/s with 100,000 waiting vs redis-benchmark -t set",
    },
    { path: "fairness_inversions", op: "==", value: 0, label: "fairness inversions" },
    { path: "over_admitted", op: "==", value: 0, label: "admitted beyond inventory" },
  ],
};

export interface TargetResult {
  target: Target;
  actual: unknown;
  /** undefined when the bench did not print the field. */
  met: boolean | undefined;
}

export function evaluateTargets(
  json: Record<string, unknown> | undefined,
  targets: readonly Target[],
): TargetResult[] {
  const fields = new Map(flatten(json ?? {}));
  return targets.map((target) => {
    const actual = fields.get(target.path);
    if (actual === undefined) return { target, actual, met: undefined };
    let met: boolean;
    if (target.op === "==") met = actual === target.value;
    else if (typeof actual !== "number") met = false;
    else if (target.op === ">=") met = actual >= (target.value as number);
    else if (target.op === "<=") met = actual <= (target.value as number);
    else met = actual < (target.value as number);
    return { target, actual, met };
  });
}
