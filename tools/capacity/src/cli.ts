import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { presets, type PresetName } from "@ticketing/infra";
import { formatClock, parseClock } from "./clock.ts";
import { CapacityError, InvalidSettingError } from "./errors.ts";
import { scalingFromInfra } from "./infra-settings.ts";
import { measurementsFrom } from "./measurements.ts";
import { DEFAULT_OPENING, REQUESTS_PER_ATTEMPT, type OpeningScenario } from "./opening.ts";
import { renderEvents, renderMinutes, renderSummary } from "./report.ts";
import { buyersPerInstance, serviceModel } from "./service.ts";
import { simulate } from "./simulate.ts";
import { renderSvg } from "./svg.ts";

const workspaceRoot = resolve(import.meta.dirname, "../../..");

const usage = `Usage: node src/cli.ts [--preset prod|dev] [--buyers 50000] [--seats 5000] [--opens 19:00]
  [--arrival-s 60] [--arrival-tau-s 10] [--max-attempts 20] [--timeout-s 10]
  [--instance-factor F] [--writer-factor F] [--cold-launch-s 180] [--warm-launch-s 60]
  [--p99-target-ms 200] [--from 18:40] [--to 19:15] [--svg file] [--benchmarks BENCHMARKS.md] [--quiet]`;

const FLAGS = [
  "preset",
  "buyers",
  "seats",
  "opens",
  "arrival-s",
  "arrival-tau-s",
  "max-attempts",
  "timeout-s",
  "instance-factor",
  "writer-factor",
  "cold-launch-s",
  "warm-launch-s",
  "p99-target-ms",
  "from",
  "to",
  "svg",
  "benchmarks",
] as const;

function main(): number {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(FLAGS.map((name) => [name, { type: "string" as const }])),
      quiet: { type: "boolean" as const },
      help: { type: "boolean" as const },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const text = (name: (typeof FLAGS)[number]) =>
    (values as Record<string, unknown>)[name] as string | undefined;
  const number = (name: (typeof FLAGS)[number], fallback: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new InvalidSettingError(`--${name}`, raw, "a number");
    return value;
  };
  const optional = (name: (typeof FLAGS)[number]) => (text(name) === undefined ? undefined : number(name, 0));
  const preset = text("preset") ?? "prod";
  if (!(preset in presets))
    throw new InvalidSettingError("--preset", preset, Object.keys(presets).join(" or "));
  const opensAt = parseClock(text("opens") ?? "19:00");
  const scenario: OpeningScenario = {
    ...DEFAULT_OPENING,
    opensAt,
    buyers: number("buyers", DEFAULT_OPENING.buyers),
    seats: number("seats", DEFAULT_OPENING.seats),
    arrivalSeconds: number("arrival-s", DEFAULT_OPENING.arrivalSeconds),
    arrivalTimeConstant: number("arrival-tau-s", DEFAULT_OPENING.arrivalTimeConstant),
    maxAttempts: number("max-attempts", DEFAULT_OPENING.maxAttempts),
    clientTimeoutSeconds: number("timeout-s", DEFAULT_OPENING.clientTimeoutSeconds),
  };
  const measurements = measurementsFrom(
    resolve(text("benchmarks") ?? resolve(workspaceRoot, "BENCHMARKS.md")),
  );
  const instanceType = presets[preset as PresetName].fleet.instanceType;
  const { model, explanation } = serviceModel(measurements, instanceType, {
    instanceFactor: optional("instance-factor"),
    writerFactor: optional("writer-factor"),
  });
  const infra = scalingFromInfra(
    preset,
    { opensAt, expectedBuyers: scenario.buyers },
    { coldSeconds: optional("cold-launch-s"), warmSeconds: optional("warm-launch-s") },
  );
  const p99TargetMs = number("p99-target-ms", 200);
  const start = parseClock(text("from") ?? formatClock(opensAt - 20 * 60));
  const end = parseClock(text("to") ?? formatClock(opensAt + 15 * 60));

  const suggested = buyersPerInstance(model, scenario);
  const deployed = presets[preset as PresetName].prewarm.buyersPerInstance;
  console.log(
    [
      `Opening at ${formatClock(opensAt)}: ${scenario.buyers.toLocaleString("en-US")} buyers for ${scenario.seats.toLocaleString("en-US")} seats, first attempts within ${scenario.arrivalSeconds} s (time constant ${scenario.arrivalTimeConstant} s),`,
      `  a failed attempt retried after ${scenario.retryDelaySeconds.join("-")} s (up to ${scenario.maxAttempts}), ${scenario.clientTimeoutSeconds} s timeout; ${REQUESTS_PER_ATTEMPT} requests per attempt, ${scenario.baselineRps} req/s browsing`,
      explanation,
      `@ticketing/infra preset "${preset}": group ${infra.today.group.minSize}-${infra.today.group.maxSize}, launch ${infra.today.group.coldLaunchSeconds} s cold / ${infra.today.group.warmLaunchSeconds} s from the warm pool (assumptions);`,
      `  pre-warm ${infra.prewarmInstances} instances for this opening (prewarm.buyersPerInstance ${deployed.toLocaleString("en-US")}; this model would absorb ${suggested.toLocaleString("en-US")} buyers per instance at 50 % in the first second)`,
    ].join("\n"),
  );
  const results = [infra.today, infra.targetTracking, infra.prewarmed].map((policySet) =>
    simulate({ policySet, scenario, service: model, start, end, p99TargetMs }),
  );
  for (const result of results) {
    console.log(`\n## ${result.policy}`);
    if (!values.quiet) console.log(renderMinutes(result, Math.max(start, opensAt - 5 * 60), end));
    console.log(`scaling activity:\n${renderEvents(result) || "  none"}`);
  }
  console.log(`\n## Summary (p99 target ${p99TargetMs} ms)\n${renderSummary(results, p99TargetMs)}`);
  const svgPath = resolve(text("svg") ?? resolve(workspaceRoot, "tools/capacity/out/capacity.svg"));
  mkdirSync(dirname(svgPath), { recursive: true });
  writeFileSync(
    svgPath,
    renderSvg(results, {
      // The opening's first two minutes get half the width; the rest of the window the other half.
      segments: [
        { from: opensAt - 30, to: opensAt + 120, share: 0.5, tick: 30 },
        { from: opensAt + 120, to: end, share: 0.5, tick: 180 },
      ],
      capacityRps: (inService) =>
        (inService * model.perInstanceUnits * REQUESTS_PER_ATTEMPT) / model.unitsPerAttempt,
      maxSize: infra.today.group.maxSize,
      p99TargetMs,
      title: `${scenario.buyers.toLocaleString("en-US")} buyers at ${formatClock(opensAt)} on ${instanceType} (per second; the first two minutes drawn wider)`,
    }),
  );
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
