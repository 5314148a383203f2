export { BenchReportError, BenchFailedError } from "./errors.ts";
export { parseBenchOutput, flatten, stripAnsi, type ParsedBench } from "./parse-output.ts";
export { evaluateTargets, TARGETS, type Target, type TargetResult } from "./targets.ts";
export { machineInfo, type MachineInfo } from "./machine.ts";
export { runBench, buildAll, type BenchRun } from "./run-bench.ts";
export { renderReport } from "./render.ts";
