/** Base of the report tool's errors; `code` is stable for scripts. */
export class BenchReportError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "BenchReportError";
  }
}

/** A bench target exited non-zero or printed no result line. */
export class BenchFailedError extends BenchReportError {
  readonly project: string;
  readonly exitCode: number | null;
  constructor(project: string, exitCode: number | null, reason: string) {
    super("E_BENCH_FAILED", `${project}:bench ${reason}`);
    this.name = "BenchFailedError";
    this.project = project;
    this.exitCode = exitCode;
  }
}
