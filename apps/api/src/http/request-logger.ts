import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { requestLogLevel } from "./log-level.js";
import { requestId } from "./request-id.js";

declare module "node:http" {
  interface IncomingMessage {
    /** The request id, also sent back in X-Request-Id. */
    id: string;
  }
}

/**
 * Gives every request an id and writes one line when the response is done (`request completed`, or `request
 * aborted` when the client left first) at the level {@link requestLogLevel} picks. The line holds only the id,
 * method, URL (at most 200 characters), client address, status and time.
 */
export function requestLogger(logger: Logger): RequestHandler {
  // The line holds none of the redacted paths, so it skips pino's redaction pass; other lines keep it.
  const access = logger.child({}, { redact: [] });
  return (req, res, next) => {
    const started = performance.now();
    req.id = requestId(req, res);
    res.once("close", () => {
      const responseTime = Math.round(performance.now() - started);
      const level = requestLogLevel(req, res, responseTime);
      if (!access.isLevelEnabled(level)) return;
      access[level](
        {
          requestId: req.id,
          req: { method: req.method, url: req.originalUrl.slice(0, 200), remoteAddress: req.ip },
          res: { statusCode: res.statusCode },
          responseTime,
        },
        res.writableFinished ? "request completed" : "request aborted",
      );
    });
    next();
  };
}
