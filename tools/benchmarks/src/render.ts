import type { MachineInfo } from "./machine.ts";
import type { BenchRun } from "./run-bench.ts";
import { evaluateTargets, TARGETS, type TargetResult } from "./targets.ts";

const cell = (value: unknown) =>
  value === undefined
    ? "not printed"
    : typeof value === "number"
      ? Number.isInteger(value)
        ? value.toLocaleString("en-US")
        : String(Number(value.toFixed(Math.abs(value) < 10 ? 3 : 1)))
      : String(value);

const verdict = (result: TargetResult) =>
  result.met === undefined ? "missing" : result.met ? "met" : "**not met**";

/**
 * BENCHMARKS.md: the machine, a summary, then per bench its targets with ratios, its own tables, and the raw JSON
 * line (which tools such as capacity:simulate read). Every number comes from `runs`, i.e. from this run.
 */
export function renderReport(machine: MachineInfo, runs: readonly BenchRun[]): string {
  const out: string[] = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` (\`npx nx run benchmarks:report\`) on ${machine.date}. Every number below comes from`,
    "that one run; re-run the command to refresh them. Each bench runs on this machine against the local Redis and",
    "MariaDB, so absolute numbers vary with the machine and with other load on it; the ratios compare libraries that",
    "ran in the same process against the same servers.",
    "",
    "## Machine",
    "",
    "| | |",
    "| --- | --- |",
    `| CPU | ${machine.cpuModel} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node.js | ${machine.node} |`,
    `| Redis | ${machine.redis} |`,
    `| MariaDB | ${machine.mariadb} |`,
    "",
    "## Summary",
    "",
    "| bench | status | targets met | duration | reproduce |",
    "| --- | --- | --- | --- | --- |",
  ];
  const evaluated = runs.map((run) => ({
    run,
    results: evaluateTargets(run.json, TARGETS[run.project] ?? []),
  }));
  for (const { run, results } of evaluated) {
    const met = results.filter((result) => result.met === true).length;
    const status = run.failure ? `**FAILED** (${run.failure})` : "ok";
    out.push(
      `| ${run.project} | ${status} | ${results.length ? `${met} / ${results.length}` : "no targets"} | ${run.durationS.toFixed(0)} s | \`${run.command}\` |`,
    );
  }
  for (const { run, results } of evaluated) {
    out.push("", `## ${run.project}`, "", `Reproduce: \`${run.command}\``, "");
    if (run.failure) {
      out.push(
        `**FAILED**: ${run.failure}. Its output ends with:`,
        "",
        "```text",
        run.stderrTail.trim() || run.body.split("\n").slice(-25).join("\n"),
        "```",
      );
      if (!run.json) continue;
      out.push("");
    }
    if (results.length) {
      out.push(
        "| target | field | actual | target | verdict | reproduce |",
        "| --- | --- | --- | --- | --- | --- |",
      );
      for (const result of results) {
        out.push(
          `| ${result.target.label} | \`${result.target.path}\` | ${cell(result.actual)} | ${result.target.op} ${cell(result.target.value)} | ${verdict(result)} | \`${run.command}\` |`,
        );
      }
      out.push("");
    }
    const ratios = run.json?.ratios;
    if (ratios && typeof ratios === "object") {
      out.push("Ratios against the baselines (ours ÷ baseline):", "", "| ratio | value |", "| --- | --- |");
      for (const [name, value] of Object.entries(ratios)) out.push(`| ${name} | ${cell(value)} |`);
      out.push("");
    }
    if (run.body.trim()) out.push("Tables as the bench printed them:", "", "```text", run.body, "```", "");
    // A text block, not json: prettier would spread a json block over many lines, and tools (capacity:simulate)
    // read the result as the single line the bench printed.
    if (run.jsonLine) out.push("Result line:", "", "```text", run.jsonLine, "```");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
