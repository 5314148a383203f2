import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";

type HeaderValue = string | number | readonly string[];
type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Runs a middleware that only sets constant response headers (helmet with static directives) once at start-up and
 * replays the headers it set on every request: the same bytes on the wire without re-running a dozen closures per
 * request. Throws at start-up if the middleware does anything else (reads the request, ends the response, is async).
 */
export function staticHeaders(middleware: NodeMiddleware): RequestHandler {
  const set: [string, HeaderValue][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: HeaderValue) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let called = false;
  middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
    called = true;
  });
  if (!called) throw new Error("staticHeaders: the middleware did not call next() synchronously");
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
