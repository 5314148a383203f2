import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { waitUntil } from "@ticketing/testing";

const root = join(__dirname, "../..");

/** Bundles engine-child.ts with the engine's sources into one ES module under .jest/, once per test file. */
export function buildChild(): string {
  mkdirSync(join(root, ".jest"), { recursive: true });
  const out = join(mkdtempSync(join(root, ".jest", "child-")), "engine-child.mjs");
  execFileSync(
    join(root, "../../node_modules/.bin/esbuild"),
    [
      join(root, "tests/helpers/engine-child.ts"),
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node22",
      "--packages=external",
      "--loader:.lua=text",
      `--outfile=${out}`,
      "--log-level=warning",
    ],
    { cwd: root, stdio: "inherit" },
  );
  return out;
}

export interface Progress {
  reserved: number;
  confirmed: number;
  errors: Record<string, number>;
  stopped?: boolean;
}

/** An engine in a child process: its last progress line, and the means to kill or stop it. */
export class ChildEngine {
  last: Progress = { reserved: 0, confirmed: 0, errors: {} };
  stderr = "";
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(script: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [script], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      try {
        this.last = JSON.parse(line) as Progress;
      } catch {
        // not a progress line
      }
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Resolves once it has made `more` reservations beyond those it had made when called. */
  async progress(more: number, what: string): Promise<void> {
    const target = this.last.reserved + more;
    await waitUntil(
      async () => {
        if (this.child.exitCode !== null) throw new Error(`the child exited: ${this.stderr}`);
        return this.last.reserved >= target;
      },
      60_000,
      `${more} more reservations ${what}`,
    );
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}
