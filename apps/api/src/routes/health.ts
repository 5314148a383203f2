import type { IRouter } from "express";
import type { DependencyState, Engine } from "../engine.js";
import type { Lifecycle } from "../lifecycle.js";

// Above the engine's own 2 s Redis timeout, so that a dead Redis is reported as "down" without hiding the database.
const HEALTH_TIMEOUT_MS = 3000;

export const HEALTH_PATH = "/api/health";

/** GET /api/health: 200 UP when every dependency answers, else 503 DOWN (also while shutting down). */
export function addHealthRoute(router: IRouter, engine: Pick<Engine, "health">, lifecycle: Lifecycle): void {
  router.get(HEALTH_PATH, async (_req, res) => {
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
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("health check timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
