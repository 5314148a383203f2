import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

export interface WorkersOptions {
  /** Worker processes to keep running. */
  count: number;
  logger: Logger;
  /** After a stop signal, workers still running this long are killed (SIGKILL). */
  hardExitMs: number;
  /** Replacements of crashed workers allowed per minute before the whole app exits 1. @default 5 */
  maxRestartsPerMinute?: number;
}

/**
 * The primary process of `WORKERS` > 1: forks the workers, which run the app and share its listening socket, and
 * supervises them. A worker that dies after it listened is replaced; one that dies before it ever listened (bad
 * configuration, unreachable database) or too many crashes in a minute end the app with exit code 1, so that the
 * orchestrator sees the failure. SIGTERM or SIGINT is passed on to every worker, which drains as a single process
 * does; resolves with the exit code (0 when every worker exited 0).
 */
export function superviseWorkers(options: WorkersOptions): Promise<number> {
  const { count, logger, hardExitMs } = options;
  const maxRestarts = options.maxRestartsPerMinute ?? 5;
  // The operating system hands connections to the workers. Round-robin (Node's default) accepts each one in the
  // primary and passes it on: a sale opens with thousands of connections at once, and that doubled its wall time.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const running = new Set<Worker>();
  const listened = new Set<Worker>();
  const restarts: number[] = [];
  let stopping = false;
  let failed = false;

  return new Promise((resolve) => {
    const fork = () => running.add(cluster.fork());
    const finishIfDone = () => {
      if (running.size === 0) resolve(failed ? 1 : 0);
    };
    const stop = (reason: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ reason }, "stopping the workers");
      setTimeout(() => {
        logger.error("workers took too long to stop; killing them");
        for (const worker of running) worker.process.kill("SIGKILL");
      }, hardExitMs).unref();
      for (const worker of running) worker.process.kill("SIGTERM");
      finishIfDone();
    };

    cluster.on("listening", (worker) => listened.add(worker));
    cluster.on("exit", (worker, code, signal) => {
      running.delete(worker);
      const wasListening = listened.delete(worker);
      if (stopping) {
        if (code !== 0) failed = true;
        return finishIfDone();
      }
      logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, "worker exited");
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - 60_000) restarts.shift();
      if (!wasListening || restarts.length > maxRestarts) {
        failed = true;
        return stop(wasListening ? "workers keep crashing" : "a worker failed to start");
      }
      fork();
    });
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));

    for (let i = 0; i < count; i++) fork();
    logger.info({ workers: count }, `started ${count} workers`);
  });
}
