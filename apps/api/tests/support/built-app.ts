import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { TEST_SECRET } from "./api.js";

const root = join(__dirname, "../..");

/**
 * A build of the app of its own, in `.jest/`: rebuilding the shared dist/ (tsup empties it first) would pull the app
 * from under whatever runs it meanwhile, such as tools/loadtest's tests, which Nx may run alongside this project's.
 * Inside the project so that the build resolves its packages as dist/ does.
 */
export function buildApp(name: string): { main: string; remove(): void } {
  mkdirSync(join(root, ".jest"), { recursive: true });
  const dir = mkdtempSync(join(root, ".jest", `${name}-build-`));
  execFileSync(
    process.execPath,
    [join(root, "../../node_modules/tsup/dist/cli-default.js"), "--out-dir", dir],
    {
      cwd: root,
      stdio: "ignore",
    },
  );
  return { main: join(dir, "main.js"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of the built app on MySQL and Redis, with limits no test reaches. */
export function realStackEnv(
  databaseUrl: string,
  redisUrl: string,
  keyPrefix: string,
): Record<string, string> {
  return {
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: "info",
    RATE_LIMIT_PER_IP: "10000000",
    RATE_LIMIT_PER_USER: "10000000",
  };
}

/** A process's "listening" log line. */
export interface Listening {
  port: number;
  pid: number;
}

export interface SpawnedApp {
  child: ChildProcess;
  /** The exit code; null when a signal ended it. */
  exited: Promise<number | null>;
  /** Everything the app wrote to stderr so far. */
  stderr(): string;
  /** Every JSON log line so far. */
  logs(): Record<string, unknown>[];
  /** Resolves once `n` processes have logged that they listen (rejects if the app exits first). */
  listening(n?: number): Promise<Listening[]>;
}

/** Runs a built app with exactly `env` (and PATH); its JSON log lines are collected from stdout. */
export function spawnApp(main: string, env: Record<string, string>): SpawnedApp {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs: Record<string, unknown>[] = [];
  const listeners: (() => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return; // not a log line
    }
    for (const listener of listeners) listener();
  });
  const listenings = () =>
    logs
      .filter((entry) => typeof entry.port === "number" && String(entry.msg).startsWith("listening"))
      .map((entry) => ({ port: entry.port as number, pid: entry.pid as number }));
  const listening = (n = 1) =>
    new Promise<Listening[]>((resolve, reject) => {
      const check = () => {
        if (listenings().length >= n) resolve(listenings());
      };
      listeners.push(check);
      check();
      void exited.then((code) => reject(new Error(`the app exited with ${code}: ${stderr}`)));
    });
  return { child, exited, stderr: () => stderr, logs: () => logs, listening };
}
