import { IncomingMessage, ServerResponse, type ServerOptions } from "node:http";
import type { Express } from "express";

/**
 * Request and response classes whose instances are born with `app.request` / `app.response` as their prototypes.
 * Express sets those prototypes on every request (`Object.setPrototypeOf`); on an object that already has them that
 * is a no-op, instead of a prototype change that V8 must deoptimise property access for.
 */
export function expressServerClasses(
  app: Express,
): Pick<ServerOptions, "IncomingMessage" | "ServerResponse"> {
  function Request(...args: ConstructorParameters<typeof IncomingMessage>) {
    return Reflect.construct(IncomingMessage, args, Request) as IncomingMessage;
  }
  Request.prototype = app.request;
  function Response(...args: ConstructorParameters<typeof ServerResponse>) {
    return Reflect.construct(ServerResponse, args, Response) as ServerResponse;
  }
  Response.prototype = app.response;
  return {
    IncomingMessage: Request as unknown as typeof IncomingMessage,
    ServerResponse: Response as unknown as typeof ServerResponse,
  };
}
