import type { IRouter, RequestHandler } from "express";
import type { DependencyState, Engine } from "../engine.js";
import { cachedCheck } from "../http/cached-check.js";
import type { Lifecycle } from "../lifecycle.js";

// Above the engine's own 2 s Redis timeout, so that a dead Redis is reported as "down" without hiding the database.
const HEALTH_TIMEOUT_MS = 3000;
// Probes in the same second share one answer: a flood of health checks must not slow the database for buyers.
const HEALTH_CACHE_MS = 1000;

/** Readiness under its original path, kept for callers that probe it. */
export const HEALTH_PATH = "/api/health";
/** Liveness: what a load balancer's target health check should probe. */
export const LIVENESS_PATH = "/api/health/live";
export const READINESS_PATH = "/api/health/ready";

/**
 * GET /api/health/live: 200 UP while this process serves HTTP, 503 DOWN once it is shutting down; it touches
 * neither the database nor Redis, so a dependency's outage or failover never takes healthy instances out of service.
 * GET /api/health/ready (and /api/health): 200 UP when every dependency answers, else 503 DOWN (also while
 * shutting down); the dependencies are asked at most once a second.
 */
export function addHealthRoute(router: IRouter, engine: Pick<Engine, "health">, lifecycle: Lifecycle): void {
  router.get(LIVENESS_PATH, (_req, res) => {
    const up = !lifecycle.shuttingDown;
    res.setHeader("Cache-Control", "no-store");
    res.status(up ? 200 : 503).json({ status: up ? "UP" : "DOWN", timestamp: new Date().toISOString() });
  });
  const check = cachedCheck(
    (): Promise<{ database: DependencyState; redis: DependencyState }> =>
      withTimeout(engine.health(), HEALTH_TIMEOUT_MS).catch(() => ({ database: "down", redis: "down" })),
    HEALTH_CACHE_MS,
  );
  const readiness: RequestHandler = async (_req, res) => {
    const state = await check();
    const up = !lifecycle.shuttingDown && state.database !== "down" && state.redis !== "down";
    res.setHeader("Cache-Control", "no-store");
    res.status(up ? 200 : 503).json({
      status: up ? "UP" : "DOWN",
      timestamp: new Date().toISOString(),
      database: state.database,
      redis: state.redis,
    });
  };
  router.get(READINESS_PATH, readiness);
  router.get(HEALTH_PATH, readiness);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
