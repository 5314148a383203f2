import type { MachineInfo } from "../src/machine.ts";
import { parseBenchOutput } from "../src/parse-output.ts";
import { renderReport } from "../src/render.ts";
import type { BenchRun } from "../src/run-bench.ts";

const machine: MachineInfo = {
  cpuModel: "Test CPU @ 2.0GHz",
  cores: 2,
  memoryGiB: 23.5,
  node: "v24.21.0",
  redis: "7.0.15",
  mariadb: "10.11.6-MariaDB",
  date: "2026-11-25T12:00:00.000Z",
};

function run(project: string, stdout: string, failure?: string): BenchRun {
  return {
    project,
    command: `npx nx run ${project}:bench`,
    exitCode: failure ? 1 : 0,
    durationS: 12,
    stderrTail: failure ? "Error: connect ECONNREFUSED 127.0.0.1:6379" : "",
    failure,
    ...parseBenchOutput(stdout),
  };
}

describe("renderReport", () => {
  const report = renderReport(machine, [
    run(
      "reservation",
      '| impl | per s |\n| ours | 9000 |\n{"bench":"reservation","per_s":{"ours":9000,"per_request_tx":1500,"original":300},"ratios":{"vs_per_request_tx":6,"vs_original":30},"false_sold_out":0,"oversold":0}',
    ),
    run("cache", "", "exited with code 1"),
  ]);

  test("lists the machine and the servers' versions", () => {
    expect(report).toContain("| CPU | Test CPU @ 2.0GHz |");
    expect(report).toContain("| cores | 2 |");
    expect(report).toContain("| Redis | 7.0.15 |");
    expect(report).toContain("| MariaDB | 10.11.6-MariaDB |");
    expect(report).toContain("| Node.js | v24.21.0 |");
  });

  test("shows each ratio with its target, verdict and the command that reproduces it", () => {
    expect(report).toContain(
      "| confirmed/s vs per-request transaction | `ratios.vs_per_request_tx` | 6 | >= 3 | met | `npx nx run reservation:bench` |",
    );
    expect(report).toContain("| vs_original | 30 |");
    expect(report).toContain("| reservation | ok | 4 / 4 | 12 s | `npx nx run reservation:bench` |");
  });

  test("keeps the bench's own table and its JSON line on one line", () => {
    expect(report).toContain("| impl | per s |\n| ours | 9000 |");
    expect(report).toContain('```text\n{"bench":"reservation"');
  });

  test("reports a failed bench as failed with the end of its output", () => {
    expect(report).toContain("| cache | **FAILED** (exited with code 1) |");
    expect(report).toContain("ECONNREFUSED");
  });
});
