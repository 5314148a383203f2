import type { IRouter, RequestHandler } from "express";
import type { DependencyState, Engine } from "../engine.js";
import type { Lifecycle } from "../lifecycle.js";

// Above the engine's own 2 s Redis timeout, so that a dead Redis is reported as "down" without hiding the database.
const HEALTH_TIMEOUT_MS = 3000;

/** Readiness under its original path, kept for callers that probe it. */
export const HEALTH_PATH = "/api/health";
/** Liveness: what a load balancer's target health check should probe. */
export const LIVENESS_PATH = "/api/health/live";
export const READINESS_PATH = "/api/health/ready";
/** Probes of load balancers and orchestrators, which the rate limiter never refuses. */
export const HEALTH_PATHS: ReadonlySet<string> = new Set([HEALTH_PATH, LIVENESS_PATH, READINESS_PATH]);

/**
 * GET /api/health/live: 200 UP while this process serves HTTP, 503 DOWN once it is shutting down; it touches
 * neither the database nor Redis, so a dependency's outage or failover never takes healthy instances out of service.
 * GET /api/health/ready (and /api/health): 200 UP when every dependency answers, else 503 DOWN (also while
 * shutting down).
 */
export function addHealthRoute(router: IRouter, engine: Pick<Engine, "health">, lifecycle: Lifecycle): void {
  router.get(LIVENESS_PATH, (_req, res) => {
    const up = !lifecycle.shuttingDown;
    res.setHeader("Cache-Control", "no-store");
    res.status(up ? 200 : 503).json({ status: up ? "UP" : "DOWN", timestamp: new Date().toISOString() });
  });
  const readiness: RequestHandler = async (_req, res) => {
    let state: { database: DependencyState; redis: DependencyState };
    try {
      state = await withTimeout(engine.health(), HEALTH_TIMEOUT_MS);
    } catch {
      state = { database: "down", redis: "down" };
    }
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
