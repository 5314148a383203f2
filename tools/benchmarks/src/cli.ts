import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { BenchFailedError } from "./errors.ts";
import { machineInfo } from "./machine.ts";
import { renderReport } from "./render.ts";
import { buildAll, runBench, type BenchRun } from "./run-bench.ts";

const workspaceRoot = resolve(import.meta.dirname, "../../..");
const DEFAULT_ORDER = ["lock", "cache", "reservation", "waiting-room", "api"];

/** Projects with a bench target, in dependency order (libraries before the app). */
function benchProjects(): string[] {
  try {
    const out = execFileSync("npx", ["nx", "show", "projects", "--with-target", "bench", "--json"], {
      cwd: workspaceRoot,
      encoding: "utf8",
    });
    const found = JSON.parse(out) as string[];
    const rank = (name: string) =>
      DEFAULT_ORDER.includes(name) ? DEFAULT_ORDER.indexOf(name) : DEFAULT_ORDER.length;
    return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  } catch {
    return DEFAULT_ORDER;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: "string" }, out: { type: "string" }, "timeout-s": { type: "string" } },
    strict: true,
  });
  const env = {
    ...process.env,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    MYSQL_URL: process.env.MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
  };
  const projects = values.only ? values.only.split(",") : benchProjects();
  const out = resolve(values.out ?? resolve(workspaceRoot, "BENCHMARKS.md"));
  console.log(`benches: ${projects.join(", ")} (one at a time, so they do not compete for the CPU)`);
  const built = await buildAll(projects, { cwd: workspaceRoot, env });
  if (built !== 0) console.log(`build exited with ${built}: benches whose build failed will fail below`);
  const runs: BenchRun[] = [];
  for (const project of projects) {
    console.log(`\n=== ${project}:bench ===`);
    const run = await runBench(project, {
      cwd: workspaceRoot,
      env,
      built: built === 0,
      timeoutMs: Number(values["timeout-s"] ?? 900) * 1000,
      echo: (chunk) => process.stdout.write(chunk),
    });
    console.log(
      `=== ${project}:bench ${run.failure ? `FAILED: ${run.failure}` : "ok"} in ${run.durationS.toFixed(0)} s ===`,
    );
    runs.push(run);
  }
  const machine = await machineInfo({ redisUrl: env.REDIS_URL, mysqlUrl: env.MYSQL_URL });
  writeFileSync(out, renderReport(machine, runs));
  // The file is committed, and CI runs `prettier --check .`: leave it in the workspace's style.
  spawnSync("npx", ["prettier", "--write", out], { cwd: workspaceRoot, stdio: "ignore" });
  const failed = runs.filter((run) => run.failure);
  for (const run of failed) {
    const error = new BenchFailedError(run.project, run.exitCode, run.failure ?? "failed");
    console.error(`${error.code}: ${error.message}`);
  }
  console.log(`\nwrote ${out}: ${runs.length - failed.length} of ${runs.length} benches ok`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
