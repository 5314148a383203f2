// The bench's load generator: wrk when it is on PATH (C, a fraction of a core at these rates), else autocannon (a
// whole core of this 2-core machine at full speed, which it then takes from the server under test).
// BENCH_LOADGEN=autocannon|wrk picks one.
import { execFile, execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = dirname(fileURLToPath(import.meta.url));

export interface Load {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  method?: "GET" | "POST";
  body?: string;
  /** One Authorization value per request, in turn. */
  authorizations?: readonly string[];
}

export interface LoadResult {
  /** Responses with a 2xx status. */
  ok: number;
  /** All responses per second. */
  perSecond: number;
  non2xx: number;
  /** Socket errors and timeouts. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadGenerator {
  readonly name: string;
  run(load: Load): Promise<LoadResult>;
}

export function loadGenerator(choice = process.env.BENCH_LOADGEN): LoadGenerator {
  if (choice === "autocannon") return autocannonGenerator;
  if (choice === "wrk" || hasWrk()) return wrkGenerator;
  if (choice !== undefined) throw new Error(`BENCH_LOADGEN must be wrk or autocannon, got ${choice}`);
  return autocannonGenerator;
}

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // wrk --version prints its usage and exits 1: it is there.
    return (error as { status?: number }).status === 1;
  }
}

const autocannonGenerator: LoadGenerator = {
  name: "autocannon",
  run: (load) =>
    new Promise((resolve, reject) => {
      let next = 0;
      const tokens = load.authorizations;
      autocannon(
        {
          url: load.url,
          connections: load.connections,
          pipelining: 1,
          timeout: 10,
          duration: load.seconds,
          requests: [
            {
              method: load.method ?? "GET",
              path: load.path,
              ...(load.body !== undefined || tokens
                ? {
                    setupRequest: (request) => ({
                      ...request,
                      headers: {
                        "content-type": "application/json",
                        ...(tokens ? { authorization: tokens[next++ % tokens.length] } : {}),
                      },
                      ...(load.body !== undefined ? { body: load.body } : {}),
                    }),
                  }
                : {}),
            },
          ],
        },
        (error, result) =>
          error
            ? reject(error)
            : resolve({
                ok: result["2xx"],
                perSecond: result.requests.average,
                non2xx: result.non2xx,
                errors: result.errors + result.timeouts,
                p50Ms: result.latency.p50,
                p99Ms: result.latency.p99,
              }),
      );
    }),
};

interface WrkReport {
  requests: number;
  durationUs: number;
  status4xx5xx: number;
  socketErrors: number;
  timeouts: number;
  p50Us: number;
  p99Us: number;
}

const wrkGenerator: LoadGenerator = {
  name: "wrk",
  run: async (load) => {
    const common = ["-t1", `-c${load.connections}`, `-d${load.seconds}s`, "--timeout", "10s"];
    const dynamic = load.authorizations || load.body !== undefined || (load.method ?? "GET") !== "GET";
    // The per-request values go to wrk's script through a file of its own, removed after the run.
    const file = join(tmpdir(), `api-bench-headers-${process.pid}.txt`);
    if (dynamic) writeFileSync(file, `${(load.authorizations ?? [""]).join("\n")}\n`, { mode: 0o600 });
    const args = dynamic
      ? [
          ...common,
          "-s",
          join(here, "wrk/rotating-headers.lua"),
          `${load.url}${load.path}`,
          "--",
          file,
          load.authorizations ? "Authorization" : "",
          load.method ?? "GET",
          load.path,
          load.body ?? "",
        ]
      : [...common, "-s", join(here, "wrk/report.lua"), `${load.url}${load.path}`];
    let stdout: string;
    try {
      stdout = await new Promise<string>((resolve, reject) =>
        execFile("wrk", args, { maxBuffer: 1 << 20 }, (error, out) => (error ? reject(error) : resolve(out))),
      );
    } finally {
      rmSync(file, { force: true });
    }
    const report = JSON.parse(stdout.trim().split("\n").pop()!) as WrkReport;
    const seconds = report.durationUs / 1e6;
    return {
      ok: report.requests - report.status4xx5xx,
      perSecond: report.requests / seconds,
      non2xx: report.status4xx5xx,
      errors: report.socketErrors + report.timeouts,
      p50Ms: Math.round(report.p50Us / 100) / 10,
      p99Ms: Math.round(report.p99Us / 100) / 10,
    };
  },
};
