import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { parseBenchOutput, stripAnsi, type ParsedBench } from "./parse-output.ts";

export interface BenchRun extends ParsedBench {
  project: string;
  command: string;
  exitCode: number | null;
  durationS: number;
  stderrTail: string;
  /** Why the run counts as failed, or undefined when it passed. */
  failure: string | undefined;
}

/** Runs `npx nx run <project>:bench` from the workspace root, streaming its output and keeping it for the report. */
export function runBench(
  project: string,
  options: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    echo?: (chunk: string) => void;
    built: boolean;
    /** A bench still running after this is killed (its whole process group) and reported as failed. */
    timeoutMs: number;
    /** The program and arguments to run instead of `npx nx run <project>:bench`. */
    argv?: readonly string[];
  },
): Promise<BenchRun> {
  // When buildAll passed, the captured output is the bench's alone; otherwise Nx builds again, so that a broken
  // build fails this bench instead of benchmarking a stale dist/.
  const args = [
    "nx",
    "run",
    `${project}:bench`,
    ...(options.built ? ["--excludeTaskDependencies"] : []),
    "--outputStyle=stream-without-prefixes",
    "--skip-nx-cache",
  ];
  const command = `npx nx run ${project}:bench`;
  const started = performance.now();
  return new Promise((resolve) => {
    // Its own process group, so that a hung bench can be killed with everything it started.
    const [program, ...programArgs] = options.argv ?? ["npx", ...args];
    const child = spawn(program as string, programArgs, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, options.timeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      options.echo?.(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      options.echo?.(chunk);
    });
    const finish = (exitCode: number | null, spawnError?: Error) => {
      clearTimeout(timer);
      const parsed = parseBenchOutput(stdout);
      let failure: string | undefined;
      if (spawnError) failure = `could not start: ${spawnError.message}`;
      else if (timedOut) failure = `timed out after ${options.timeoutMs / 1000} s`;
      else if (exitCode !== 0) failure = `exited with code ${exitCode}`;
      else if (!parsed.json) failure = "printed no JSON result line";
      resolve({
        project,
        command,
        exitCode,
        durationS: (performance.now() - started) / 1000,
        stderrTail: stripAnsi(stderr || stdout)
          .split("\n")
          .filter((line) => line.trim())
          .slice(-25)
          .join("\n"),
        failure,
        ...parsed,
      });
    };
    child.on("error", (error) => finish(null, error));
    child.on("close", (code) => finish(code));
  });
}

/** Builds the bench projects and everything they depend on, once, before any bench runs. */
export function buildAll(
  projects: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["nx", "run-many", "-t", "build", `--projects=${projects.join(",")}`], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", () => resolve(null));
    child.on("close", (code) => resolve(code));
  });
}
