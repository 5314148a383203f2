import cluster from "node:cluster";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { createRuntime } from "./runtime.js";
import { start } from "./server.js";
import { superviseWorkers } from "./workers.js";

// The whole shutdown (drain, engine close, metrics flush) must fit in what orchestrators wait for before SIGKILL.
const HARD_EXIT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const root = createLogger({ level: config.logLevel });
  if (config.workers > 1 && cluster.isPrimary) {
    process.exit(await superviseWorkers({ count: config.workers, logger: root, hardExitMs: HARD_EXIT_MS }));
  }
  const logger = cluster.worker ? root.child({ worker: cluster.worker.id }) : root;
  const runtime = await createRuntime(config, logger);
  const app = createApp(runtime.deps);
  const running = await start(app, {
    port: config.port,
    host: config.host,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onDrained: () => runtime.close(),
  });
  logger.info(
    { port: running.port, pid: process.pid },
    `listening on http://localhost:${running.port} (docs: /api/docs)`,
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, "shutting down: draining requests and pending reservations");
    setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, HARD_EXIT_MS).unref();
    running.stop().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
