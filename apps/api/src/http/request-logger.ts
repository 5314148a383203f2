import type { Express, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import { requestLogLevel } from "./log-level.js";
import { requestId } from "./request-id.js";

declare module "node:http" {
  interface IncomingMessage {
    /** The request id, also sent back in X-Request-Id. */
    id: string;
    /** A child of the app's logger with `requestId` bound, made on first use. */
    readonly log: Logger;
  }
}

/**
 * Gives every request an id and `req.log`, and writes one line when the response is done (`request completed`, or
 * `request aborted` when the client left first) at the level {@link requestLogLevel} picks. A hand-rolled pino-http:
 * pino-http builds two child loggers per request, serializing and redacting the request into one of them, even when
 * no line is written; on a cached read that cost as much CPU as the rest of the app together.
 */
export function requestLogger(app: Express, logger: Logger): RequestHandler {
  const made = Symbol("log");
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: Express["request"] & { [made]?: Logger }) {
      return (this[made] ??= logger.child({ requestId: this.id }));
    },
  });
  // The completion line carries only the fields picked below, none of them secret, so it skips the redaction pass
  // (half the cost of writing it: the wildcard paths make pino walk every line). Other lines keep redaction.
  const access = logger.child({}, { redact: [] });
  const started = Symbol("started");
  type Timed = Response & { [started]: number };
  // One listener shared by every response: no closure per request.
  function done(this: Timed) {
    const req = this.req;
    const responseTime = Math.round(performance.now() - this[started]);
    const level = requestLogLevel(req, this, responseTime);
    if (!access.isLevelEnabled(level)) return;
    access[level](
      {
        requestId: req.id,
        req: { method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
        res: { statusCode: this.statusCode },
        responseTime,
      },
      this.writableFinished ? "request completed" : "request aborted",
    );
  }
  return (req, res, next) => {
    (res as Timed)[started] = performance.now();
    req.id = requestId(req, res);
    res.on("close", done);
    next();
  };
}
