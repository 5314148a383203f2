import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { runChaos } from "../chaos/run-chaos.ts";
import { LoadTestError } from "../errors.ts";
import { intOption, stringOption } from "../options.ts";
import { renderChecks, renderSummary } from "../report.ts";
import { renderTable } from "../table.ts";

const workspaceRoot = resolve(import.meta.dirname, "../../../..");

export async function chaosCommand(values: Record<string, unknown>): Promise<number> {
  const apiMain = resolve(
    stringOption(values, "api-main") ?? resolve(workspaceRoot, "apps/api/dist/main.js"),
  );
  if (!existsSync(apiMain))
    throw new LoadTestError(
      "E_API_NOT_BUILT",
      `${apiMain} does not exist: run \`npx nx run api:build\` first`,
    );
  const result = await runChaos({
    apiMain,
    users: intOption(values, "users", 3000),
    seats: intOption(values, "seats", 2500),
    durationS: intOption(values, "duration", 40),
    log: (line) => console.log(line),
  });
  console.log(renderSummary(result.summary));
  const seconds = (ms: number | undefined) => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);
  console.log(
    renderTable(
      [
        "fault",
        "injected",
        "restored",
        "failed attempts",
        "attempts",
        "p99 before ms",
        "peak p99 ms",
        "recovered after",
      ],
      result.faults.map((fault) => [
        fault.name,
        seconds(fault.injectedMs),
        seconds(fault.restoredMs),
        fault.failedAttempts,
        fault.attempts,
        Math.round(fault.baselineP99Ms),
        Math.round(fault.peakP99Ms),
        seconds(fault.recoverMs),
      ]),
    ),
  );
  console.log(
    `state settled ${(result.settledMs / 1000).toFixed(1)} s after the load; app logs in ${result.logDir}`,
  );
  console.log(renderChecks(result.checks, result.state.source));
  const failed = result.checks.filter((check) => !check.ok);
  if (failed.length) {
    console.error(`${failed.length} invariant(s) violated: ${failed.map((check) => check.name).join(", ")}`);
    return 1;
  }
  return 0;
}
