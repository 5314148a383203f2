import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ServerStartError } from "./errors.js";
import { freePort, isListening, listensOn, waitUntil } from "./ports.js";

/** A server a test owns: it may kill it (even -9) and start it again on the same port and data folder. */
export interface OwnedServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  readonly pid: number | undefined;
  kill(signal?: NodeJS.Signals): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A server process this harness owns: it may be killed with any signal and started again on the same port. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly binary: string,
    readonly args: readonly string[],
    readonly port: number,
    readonly dir: string,
    private readonly startTimeoutMs = 30_000,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const logFile = join(this.dir, "server.log");
    // The log is appended across starts (restarts, other ports); a failure reports only what this start wrote.
    const logFrom = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
    const log = openSync(logFile, "a");
    const child = spawn(this.binary, this.args, {
      cwd: this.dir,
      stdio: ["ignore", log, log],
      detached: false,
    });
    closeSync(log);
    this.child = child;
    watchOver(child);
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    let spawnError: unknown;
    child.once("error", (error) => (spawnError = error));
    const gone = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
    try {
      // waitUntil retries a check that throws, so a server that exits at start-up ends the wait by answering true.
      await waitUntil(
        async () => gone() || ((await isListening(this.port)) && listensOn(child.pid!, this.port)),
        this.startTimeoutMs,
        `${this.binary} on port ${this.port}`,
      );
      if (gone()) throw spawnError ?? new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    } catch (error) {
      child.kill("SIGKILL");
      throw new ServerStartError(`${this.binary} ${this.args.join(" ")}`, safeRead(logFile, logFrom), {
        cause: error,
      });
    }
  }

  /** Sends `signal` (SIGKILL by default) and waits for the process to be gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.running) return;
    // The child is unref'd (watchOver); without a ref the loop could end before its exit event, leaving the
    // caller's await unsettled (a script's top-level await exits with 13).
    this.child?.ref();
    this.child?.kill(signal);
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill("SIGKILL");
    await this.start();
  }
}

/**
 * A test file that never stops its server must neither keep jest from exiting nor leave the server behind: the child
 * does not hold the event loop, and a detached watchdog kills it within a second of this process ending.
 */
function watchOver(child: ChildProcess): void {
  if (child.pid === undefined) return;
  child.unref();
  const watchdog = spawn(
    "sh",
    [
      "-c",
      'while kill -0 "$0" 2>/dev/null && kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -9 "$1" 2>/dev/null',
      String(process.pid),
      String(child.pid),
    ],
    { stdio: "ignore", detached: true },
  );
  watchdog.on("error", () => {});
  watchdog.unref();
}

function safeRead(file: string, from: number): string {
  try {
    return readFileSync(file).subarray(from).toString("utf8");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts the server `make` builds for a free port, on another port when the first one was taken by someone else
 * between `freePort()` and the server's bind (up to three ports).
 */
export async function startOnFreePort(make: (port: number) => ServerProcess): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const server = make(await freePort());
    try {
      await server.start();
      return server;
    } catch (error) {
      if (attempt >= 3 || !(error instanceof ServerStartError) || !/already in use/i.test(error.log))
        throw error;
    }
  }
}
