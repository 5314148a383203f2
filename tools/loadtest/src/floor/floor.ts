import { spawn, type ChildProcessByStdio } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runBarrier, type BarrierOptions, type BarrierRun } from "../barrier.ts";
import { LoadTestError } from "../errors.ts";

const bareServer = fileURLToPath(new URL("./bare-server.ts", import.meta.url));

/**
 * The same clients, the same prepared bytes and the same barrier against a bare Express 5 route (see
 * bare-server.ts) started for the purpose: how long this machine takes to answer them all with no work at all, to
 * read a flash sale's wall time against. Throws when the floor left any client without its sold-out answer.
 */
export async function measureFloor(
  clients: readonly { userId: string; request: Buffer }[],
  options: BarrierOptions = {},
): Promise<BarrierRun> {
  const child = spawn(process.execPath, [bareServer], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const url = new URL(`http://127.0.0.1:${await listeningPort(child)}`);
    // A warm-up round, so that the floor is not measured on a cold JIT against an app that has served requests.
    await runBarrier(url, clients.slice(0, 256), options);
    const run = await runBarrier(url, clients, options);
    const unanswered = run.outcomes.filter((outcome) => outcome.status !== 409).length;
    if (unanswered > 0)
      throw new LoadTestError(
        "E_FLOOR",
        `the bare server left ${unanswered} of ${clients.length} clients unanswered`,
      );
    return run;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  }
}

/** The port the bare server prints once it listens. */
function listeningPort(child: ChildProcessByStdio<null, Readable, null>): Promise<number> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(
        new LoadTestError("E_FLOOR", `the bare server exited with code ${String(code)} before listening`),
      );
    child.once("exit", onExit);
    createInterface({ input: child.stdout }).once("line", (line) => {
      child.off("exit", onExit);
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}
