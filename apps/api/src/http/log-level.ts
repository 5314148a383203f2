import type { IncomingMessage, ServerResponse } from "node:http";
import type { LevelWithSilent } from "pino";
import { startTime } from "pino-http";

/** Requests slower than this are logged at info even when they are anonymous successful reads. */
export const SLOW_REQUEST_MS = 500;

/**
 * The level of pino-http's per-request line. Anonymous successful reads (GET/HEAD without Authorization, 2xx/3xx,
 * faster than {@link SLOW_REQUEST_MS}) log at `debug`: the load balancer's access log already records them, and one
 * JSON line costs about as much CPU as the cached read itself. Writes, authenticated reads, client and server errors
 * and slow requests stay at `info`/`warn`/`error`.
 */
export function requestLogLevel(
  req: IncomingMessage,
  res: ServerResponse & { [startTime]?: number },
  error: Error | undefined,
): LevelWithSilent {
  if (error || res.statusCode >= 500) return "error";
  if (res.statusCode >= 400) return "warn";
  if (
    (req.method === "GET" || req.method === "HEAD") &&
    req.headers.authorization === undefined &&
    Date.now() - (res[startTime] ?? 0) < SLOW_REQUEST_MS
  )
    return "debug";
  return "info";
}
