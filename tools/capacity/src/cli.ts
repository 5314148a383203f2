import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CURVE, parseClock, parseCurve } from "./curve.ts";
import { CapacityError, InvalidSettingError } from "./errors.ts";
import { renderEvents, renderMinutes, renderSummary } from "./report.ts";
import { policiesToCompare } from "./scenarios.ts";
import { scalingFromInfra } from "./infra-settings.ts";
import { simulate } from "./simulate.ts";
import { renderSvg } from "./svg.ts";
import { throughputFromBenchmarks } from "./throughput.ts";

const workspaceRoot = resolve(import.meta.dirname, "../../..");

const usage = `Usage: node src/cli.ts [--curve ${DEFAULT_CURVE}] [--from 18:30] [--to 20:30]
  [--per-instance-rps N] [--base-p99-ms 50] [--p99-target-ms 200] [--queue-timeout-s 10]
  [--preset prod|dev] [--launch-s 120] [--warmup-s 300] [--min 2] [--max 20] [--desired 2]
  [--svg capacity.svg] [--quiet]   (tables per minute are printed unless --quiet)`;

function number(values: Record<string, unknown>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new InvalidSettingError(`--${name}`, raw, "a number");
  return value;
}

function main(): number {
  const { values } = parseArgs({
    options: Object.fromEntries(
      [
        "curve",
        "from",
        "to",
        "per-instance-rps",
        "base-p99-ms",
        "p99-target-ms",
        "queue-timeout-s",
        "launch-s",
        "warmup-s",
        "min",
        "max",
        "desired",
        "svg",
        "benchmarks",
        "preset",
      ].map((name) => [name, { type: "string" as const }]),
    ),
    strict: false,
  });
  if (process.argv.includes("--help")) {
    console.log(usage);
    return 0;
  }
  const quiet = process.argv.includes("--quiet");
  const curve = parseCurve(String(values.curve ?? DEFAULT_CURVE));
  const measured = throughputFromBenchmarks(
    String(values.benchmarks ?? resolve(workspaceRoot, "BENCHMARKS.md")),
  );
  const perInstanceRps = number(values, "per-instance-rps", measured.perInstanceRps);
  const service = {
    perInstanceRps,
    baseP99Ms: number(values, "base-p99-ms", 50),
    queueTimeoutSeconds: number(values, "queue-timeout-s", 10),
  };
  const p99TargetMs = number(values, "p99-target-ms", 200);
  const infra = scalingFromInfra(String(values.preset ?? "prod"));
  const defaultGroup = infra.group;
  const step = infra.step;
  const group = {
    minSize: number(values, "min", defaultGroup.minSize),
    maxSize: number(values, "max", defaultGroup.maxSize),
    desiredCapacity: number(
      values,
      "desired",
      values.min === undefined ? defaultGroup.desiredCapacity : Number(values.min),
    ),
    launchSeconds: number(values, "launch-s", defaultGroup.launchSeconds),
    warmupSeconds: number(values, "warmup-s", defaultGroup.warmupSeconds),
  };
  const start = parseClock(String(values.from ?? "18:30"));
  const end = parseClock(String(values.to ?? "20:30"));

  console.log(
    `@ticketing/infra preset "${infra.preset}": ` +
      `per-instance throughput ${perInstanceRps} req/s (${values["per-instance-rps"] === undefined ? measured.source : "--per-instance-rps"}); ` +
      `group min ${group.minSize} / max ${group.maxSize} / desired ${group.desiredCapacity}; launch ${group.launchSeconds} s; ` +
      `step: CPU > ${step.highThreshold}% x${step.highEvaluationPeriods} of ${step.periodSeconds} s -> +${step.scaleOutBy}, ` +
      `< ${step.lowThreshold}% x${step.lowEvaluationPeriods} -> -${step.scaleInBy}, cooldown ${step.cooldownSeconds} s; p99 target ${p99TargetMs} ms`,
  );
  const results = policiesToCompare({
    curve,
    perInstanceRps,
    group,
    step,
    targetTracking: infra.targetTracking,
  }).map(({ name, policy }) => simulate({ name, curve, start, end, group, policy, service, p99TargetMs }));
  for (const result of results) {
    console.log(`\n## ${result.policy}`);
    if (!quiet) console.log(renderMinutes(result));
    console.log(`scaling activity:\n${renderEvents(result) || "  none"}`);
  }
  console.log(`\n## Summary\n${renderSummary(results, p99TargetMs)}`);
  const svgPath = resolve(String(values.svg ?? resolve(workspaceRoot, "tools/capacity/out/capacity.svg")));
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(svgPath, renderSvg(results, { perInstanceRps, maxSize: group.maxSize, p99TargetMs }));
  console.log(`chart: ${svgPath}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof CapacityError) console.error(`${error.code}: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
}
