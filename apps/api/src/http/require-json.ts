import { parse as parseContentType } from "content-type";
import express, { type NextFunction, type Request, type Response } from "express";
import { ApiError } from "../errors.js";

/** The body limit of every JSON endpoint. */
export const BODY_LIMIT = "16kb";

const parseJson = express.json({ limit: BODY_LIMIT, strict: true, type: "application/json" });

/**
 * Refuses anything but an application/json body in UTF-8 (415), then parses it (413 over 16 kB, 400 if malformed).
 * A declared charset other than utf-8 is refused rather than decoded: body-parser would decode utf-7 or utf-16 into
 * text that differs from the bytes any proxy or log in front of the app saw.
 */
export function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (!req.is("application/json")) {
    throw new ApiError("E_UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json.");
  }
  const charset = parseContentType(req.headers["content-type"] ?? "").parameters.charset;
  if (charset !== undefined && charset.toLowerCase() !== "utf-8") {
    throw new ApiError("E_UNSUPPORTED_MEDIA_TYPE", "Send application/json in UTF-8.");
  }
  parseJson(req, res, next);
}
