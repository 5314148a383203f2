import type { IncomingMessage, ServerResponse } from "node:http";
import type { Level } from "pino";

/** Requests slower than this are logged at info even when they are anonymous successful reads. */
export const SLOW_REQUEST_MS = 500;

/**
 * The level of the per-request line. Anonymous successful reads (GET/HEAD without Authorization, 2xx/3xx, faster
 * than {@link SLOW_REQUEST_MS}) log at `debug`: the load balancer's access log already records them, and one JSON
 * line costs about as much CPU as the cached read itself. Writes, authenticated reads, client and server errors and
 * slow requests stay at `info`/`warn`/`error`.
 */
export function requestLogLevel(req: IncomingMessage, res: ServerResponse, elapsedMs: number): Level {
  if (res.statusCode >= 500) return "error";
  if (res.statusCode >= 400) return "warn";
  if (
    (req.method === "GET" || req.method === "HEAD") &&
    req.headers.authorization === undefined &&
    elapsedMs < SLOW_REQUEST_MS
  )
    return "debug";
  return "info";
}
