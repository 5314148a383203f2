import {
  checkDatabaseOutage,
  checkPasswordRotation,
  checkReady,
  checkRedisRestart,
  checkRoundTrip,
  checkSigtermDrains,
  type CheckContext,
  type CheckResult,
} from "./checks.ts";
import { RehearsalError } from "./errors.ts";
import { configureInstance, startInstance, type ConfiguredInstance, type Instance } from "./instance.ts";
import { diagnoseDatabase } from "./servers.ts";
import type { StackJson } from "./stack.ts";
import { startWorld, type World } from "./world.ts";

export interface RehearsalOptions {
  /** The synthesized prod stack (`cdktf.out/stacks/prod/cdk.tf.json`). */
  readonly stack: StackJson;
  /** The workspace root: the image's WORKDIR holds the same tree (apps/api/dist/main.js, node_modules). */
  readonly workspaceRoot: string;
  /** Seconds the database stays stopped. @default 60 */
  readonly outageSeconds?: number;
  /** Pause between two health polls, ms. @default 1000 */
  readonly pollMs?: number;
  /** Node.js binary the container's `node` runs as. @default process.execPath */
  readonly node?: string;
  /** Called with each line as it is decided (notes and verdicts). */
  readonly onLine?: (line: string) => void;
}

export interface RehearsalReport {
  readonly results: readonly CheckResult[];
  readonly notes: readonly string[];
  /** The app's last log lines, for a failed run. */
  readonly appOutput: readonly string[];
  readonly passed: boolean;
}

/** The line printed for one verdict. */
export function formatResult(result: CheckResult): string {
  return `${result.passed ? "PASS" : "FAIL"} ${result.name}: ${result.detail}`;
}

const CHECKS: readonly [string, (ctx: CheckContext) => Promise<CheckResult>][] = [
  ["the app starts and becomes ready", checkReady],
  ["a reservation round trip is durable", checkRoundTrip],
  ["liveness stays 200 while the database is stopped", checkDatabaseOutage],
  ["liveness stays 200 while Redis restarts", checkRedisRestart],
  ["the database password rotates without a restart", checkPasswordRotation],
  ["SIGTERM drains in-flight requests and exits 0", checkSigtermDrains],
];

/**
 * Brings up on this machine what one prod instance would run, from the synthesized stack, and checks it: boot
 * script, TLS to the database and Redis, readiness, a durable reservation, a database outage, a Redis restart, a
 * password rotation and SIGTERM. Each check yields one verdict; a check that cannot run (the app never started) fails.
 */
export async function rehearse(options: RehearsalOptions): Promise<RehearsalReport> {
  const node = options.node ?? process.execPath;
  const results: CheckResult[] = [];
  const notes: string[] = [];
  const say = (line: string) => options.onLine?.(line);
  const note = (line: string) => {
    notes.push(line);
    say(`  ${line}`);
  };
  const verdict = (result: CheckResult) => {
    results.push(result);
    say(formatResult(result));
  };
  const world = await startWorld(options.stack, { node, workspaceRoot: options.workspaceRoot });
  let instance: Instance | undefined;
  try {
    world.notes.forEach(note);
    let configured: ConfiguredInstance | undefined;
    try {
      configured = configureInstance(world, { workspaceRoot: options.workspaceRoot });
      verdict({
        name: "the boot script configures the app",
        passed: true,
        detail: `env file ${configured.envFile} written; aws calls: ${summarize(configured.bootCalls)}`,
      });
    } catch (error) {
      if (!(error instanceof RehearsalError)) throw error;
      verdict({ name: "the boot script configures the app", passed: false, detail: error.message });
    }
    if (configured) {
      try {
        instance = await startInstance(configured, { workspaceRoot: options.workspaceRoot, node });
        note(
          `container: ${configured.command.join(" ")} as a Node process (no Docker here) with the image's ENV, ` +
            `the env file and ${configured.flags} -e flag(s); ${configured.ports.join(", ")} published as port ${instance.app.port} (PORT=0)`,
        );
      } catch (error) {
        if (!(error instanceof RehearsalError)) throw error;
        const diagnosis = await databaseDiagnosis(world, configured);
        verdict({
          name: "the app starts and becomes ready",
          passed: false,
          detail: `${error.message}${diagnosis ? `\n  database ${diagnosis}` : ""}`,
        });
      }
    }
    const ctx = instance && {
      world,
      instance,
      outageSeconds: options.outageSeconds ?? 60,
      pollMs: options.pollMs ?? 1000,
    };
    for (const [name, check] of CHECKS) {
      if (results.some((r) => r.name === name)) continue;
      if (!ctx || ctx.instance.app.child.exitCode !== null) {
        verdict({ name, passed: false, detail: "not run: the app is not running" });
        continue;
      }
      verdict(await check(ctx));
    }
    return {
      results,
      notes,
      appOutput: instance?.app.output.slice(-40) ?? [],
      passed: results.every((r) => r.passed),
    };
  } finally {
    instance?.app.child.kill("SIGKILL");
    await world.close();
  }
}

/** For a failed start: do the instance's database credentials work with TLS, without it? */
async function databaseDiagnosis(world: World, configured: ConfiguredInstance): Promise<string | undefined> {
  const env = configured.environment;
  const url = env["DATABASE_URL"];
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  let user = decodeURIComponent(parsed.username);
  let password = decodeURIComponent(parsed.password);
  const secretArn = env["DATABASE_SECRET_ARN"];
  if (secretArn) ({ username: user, password } = JSON.parse(world.secret(secretArn).value));
  return diagnoseDatabase(
    {
      host: parsed.hostname,
      port: Number(parsed.port || 3306),
      user,
      password,
      database: parsed.pathname.slice(1),
    },
    world.databaseCertificate.caFile,
  );
}

function summarize(lines: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const key = line.split(" ").slice(1, 3).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} x${n}`).join(", ") || "none";
}
