import express, { type NextFunction, type Request, type Response } from "express";
import { ApiError } from "../errors.js";

/** The body limit of every JSON endpoint. */
export const BODY_LIMIT = "16kb";

const parseJson = express.json({ limit: BODY_LIMIT, strict: true, type: "application/json" });

/** Refuses anything but an application/json body (415), then parses it (413 over 16 kB, 400 if malformed). */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (!req.is("application/json")) {
    throw new ApiError("E_UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  parseJson(req, res, next);
}
