import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { RehearsalError } from "./errors.ts";

/** The runtime stage of the app's Dockerfile: what the image sets before the container's own environment. */
export interface ImageConfig {
  readonly environment: ReadonlyMap<string, string>;
  readonly command: readonly string[];
}

/** Reads ENV and CMD of the Dockerfile's last stage (the image the fleet pulls). */
export function imageConfig(dockerfile: string): ImageConfig {
  const text = readFileSync(dockerfile, "utf8").replace(/\\\n/g, " ");
  const lines = text.split("\n");
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const environment = new Map<string, string>();
  let command: string[] | undefined;
  for (const line of lines.slice(lastFrom)) {
    const env = /^ENV\s+(.*)$/i.exec(line);
    if (env) {
      for (const pair of (env[1] as string).trim().split(/\s+/)) {
        const at = pair.indexOf("=");
        if (at > 0) environment.set(pair.slice(0, at), pair.slice(at + 1));
      }
    }
    const cmd = /^CMD\s+(\[.*\])\s*$/i.exec(line);
    if (cmd) command = JSON.parse(cmd[1] as string) as string[];
  }
  if (!command) throw new RehearsalError("E_APP_START", `${dockerfile} has no exec-form CMD`);
  return { environment, command };
}

/** The app running as the container would run it, with what it printed. */
export interface AppProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Every line the app wrote (its JSON log lines and anything else). */
  readonly output: string[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

/**
 * Starts the image's CMD from the workspace root (the image's WORKDIR holds the same tree) with `environment`, and
 * resolves once the app logs the port it listens on; rejects with its output if it exits first.
 */
export async function startApp(options: {
  command: readonly string[];
  cwd: string;
  environment: Readonly<Record<string, string>>;
  node: string;
}): Promise<AppProcess> {
  const [program, ...args] = options.command;
  const executable = program === "node" ? options.node : String(program);
  const child = spawn(executable, args, {
    cwd: options.cwd,
    env: { ...options.environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? String(signal))),
  );
  const port = new Promise<number>((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
          if (typeof entry.port === "number" && String(entry.msg).startsWith("listening"))
            resolve(entry.port);
        } catch {
          // not a JSON log line
        }
      });
    }
  });
  const listening = await Promise.race([
    port,
    exited.then((code) => {
      throw new RehearsalError(
        "E_APP_START",
        `the app exited with ${code} before listening:\n${output.slice(-15).join("\n")}`,
      );
    }),
  ]);
  return { child, port: listening, url: `http://127.0.0.1:${listening}`, output, exited };
}
