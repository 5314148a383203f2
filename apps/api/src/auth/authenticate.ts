import type { NextFunction, Request, Response } from "express";
import type { Actor } from "../engine.js";
import { ApiError } from "../errors.js";
import type { TokenVerifier } from "./verify-token.js";

const MISSING = { "WWW-Authenticate": 'Bearer realm="ticketing"' };

/** Requires a bearer token; with `role: "admin"` also requires the admin role. Stores the caller for {@link actorOf}. */
export function authenticate(verifier: TokenVerifier, options: { role?: "admin" } = {}) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header)
      throw new ApiError("E_UNAUTHENTICATED", "missing Authorization header", { headers: MISSING });
    const match = /^Bearer +(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new ApiError("E_UNAUTHENTICATED", "expected Authorization: Bearer <token>", { headers: MISSING });
    const actor = await verifier.verify(match[1]);
    if (options.role === "admin" && actor.role !== "admin")
      throw new ApiError("E_FORBIDDEN", "admin role required");
    res.locals.actor = actor;
    next();
  };
}

/** The authenticated caller of this request. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new ApiError("E_UNAUTHENTICATED", "not authenticated");
  return actor;
}
