import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";

export interface WorkersOptions {
  /** Worker processes to keep running. */
  count: number;
  logger: Logger;
  /** After a stop signal, workers still running this long are killed (SIGKILL). */
  hardExitMs: number;
}

/** Wait before the second replacement in a row, when the first died before it listened; doubles up to the max. */
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The primary process of `WORKERS` > 1: forks the workers, which run the app and share its listening socket, and
 * supervises them. If a worker dies before any worker ever listened (bad configuration, unreachable database), the app
 * stops with exit code 1, as one process would. Once the app has served, a worker that dies is replaced: at once the
 * first time, then after a delay that doubles while replacements keep dying before they listen (a database outage),
 * while the other workers go on serving. SIGTERM or SIGINT is passed on to every worker, which drains as a single
 * process does; resolves with the exit code (0 when every worker exited 0).
 */
export function superviseWorkers(options: WorkersOptions): Promise<number> {
  const { count, logger, hardExitMs } = options;
  // The operating system hands connections to the workers. Round-robin (Node's default) accepts each one in the
  // primary and passes it on: a sale opens with thousands of connections at once, and that doubled its wall time.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const running = new Set<Worker>();
  const listened = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let served = false;
  // Replacements that died before listening since a worker last listened.
  let failedStarts = 0;
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
      for (const timer of restarts) clearTimeout(timer);
      setTimeout(() => {
        logger.error("workers took too long to stop; killing them");
        for (const worker of running) worker.process.kill("SIGKILL");
      }, hardExitMs).unref();
      for (const worker of running) worker.process.kill("SIGTERM");
      finishIfDone();
    };

    cluster.on("listening", (worker) => {
      listened.add(worker);
      served = true;
      failedStarts = 0;
    });
    cluster.on("exit", (worker, code, signal) => {
      running.delete(worker);
      const hadListened = listened.delete(worker);
      if (stopping) {
        if (code !== 0) failed = true;
        return finishIfDone();
      }
      logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, "worker exited");
      if (!served) {
        failed = true;
        return stop("a worker failed to start");
      }
      if (!hadListened) failedStarts++;
      const delay =
        failedStarts === 0
          ? 0
          : Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (failedStarts - 1));
      const timer = setTimeout(() => {
        restarts.delete(timer);
        fork();
      }, delay);
      restarts.add(timer);
    });
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));

    for (let i = 0; i < count; i++) fork();
    logger.info({ workers: count }, `started ${count} workers`);
  });
}
