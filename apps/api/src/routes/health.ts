import type { IRouter } from "express";
import type { DependencyState, Engine } from "../engine.js";
import { cachedCheck } from "../http/cached-check.js";
import type { Lifecycle } from "../lifecycle.js";

// Above the engine's own 2 s Redis timeout, so that a dead Redis is reported as "down" without hiding the database.
const HEALTH_TIMEOUT_MS = 3000;
// Probes in the same second share one answer: a flood of health checks must not slow the database for buyers.
const HEALTH_CACHE_MS = 1000;

export const HEALTH_PATH = "/api/health";

/**
 * GET /api/health: 200 UP when every dependency answers, else 503 DOWN (also while shutting down). The dependencies
 * are asked at most once a second.
 */
export function addHealthRoute(router: IRouter, engine: Pick<Engine, "health">, lifecycle: Lifecycle): void {
  const readiness = cachedCheck(
    (): Promise<{ database: DependencyState; redis: DependencyState }> =>
      withTimeout(engine.health(), HEALTH_TIMEOUT_MS).catch(() => ({ database: "down", redis: "down" })),
    HEALTH_CACHE_MS,
  );
  router.get(HEALTH_PATH, async (_req, res) => {
    const state = await readiness();
    const up = !lifecycle.shuttingDown && state.database !== "down" && state.redis !== "down";
    res.setHeader("Cache-Control", "no-store");
    res.status(up ? 200 : 503).json({
      status: up ? "UP" : "DOWN",
      timestamp: new Date().toISOString(),
      database: state.database,
      redis: state.redis,
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
