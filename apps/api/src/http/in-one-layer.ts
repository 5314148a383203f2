import type { RequestHandler } from "express";

/**
 * Runs middlewares one after another as a single router layer. Express walks its layers for every request and
 * each one it passes costs a match and a dispatch; the prelude every request goes through is one layer, not one per
 * middleware. `next(null)` means no error, as in the router.
 */
export function inOneLayer(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const result: unknown = handler(req, res, step);
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
