import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { LoadTestError } from "../errors.ts";
import { sleep } from "../concurrency.ts";

/** One apps/api process this run owns: it can SIGKILL it and start it again on the same port. */
export class AppInstance {
  #child: ChildProcess | undefined;
  readonly #log: WriteStream;
  readonly name: string;
  readonly main: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;

  constructor(options: {
    name: string;
    main: string;
    port: number;
    env: NodeJS.ProcessEnv;
    logFile: string;
  }) {
    this.name = options.name;
    this.main = options.main;
    this.port = options.port;
    this.env = options.env;
    const logFile = options.logFile;
    this.#log = createWriteStream(logFile, { flags: "a" });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Starts the process and waits until /api/health answers 200. */
  async start(timeoutMs = 30_000): Promise<void> {
    const child = spawn(process.execPath, [this.main], {
      env: { ...this.env, PORT: String(this.port), HOST: "127.0.0.1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    child.stdout?.pipe(this.#log, { end: false });
    child.stderr?.pipe(this.#log, { end: false });
    let exited: number | null | undefined;
    child.once("exit", (code) => {
      exited = code;
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited !== undefined)
        throw new LoadTestError(
          "E_APP_EXITED",
          `${this.name} exited with code ${exited} while starting (log: ${this.#log.path})`,
        );
      try {
        const response = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new LoadTestError(
      "E_APP_START_TIMEOUT",
      `${this.name} did not pass /api/health within ${timeoutMs} ms`,
    );
  }

  /** Sends `signal` and waits for the process to exit. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill("SIGTERM");
    this.#log.end();
  }
}
