import { createHash } from "node:crypto";
import type { Response } from "express";

/** A weak ETag of a body, in Express's own form: `W/"<byte length, hex>-<SHA-1, base64, 27 chars>"`. */
export function weakEtag(text: string): string {
  const length = Buffer.byteLength(text).toString(16);
  return `W/"${length}-${createHash("sha1").update(text).digest("base64").slice(0, 27)}"`;
}

/**
 * Sends a text (JSON unless `type` says otherwise) with its weak ETag (computed unless given), so that a conditional GET answers 304 (Express compares it with
 * If-None-Match through `req.fresh`). Only the read routes send ETags: the app turns Express's own off, which would
 * hash every write and problem answer too, where no conditional request can use them.
 */
export function sendWithEtag(
  res: Response,
  text: string,
  type = "application/json",
  etag = weakEtag(text),
): void {
  res.setHeader("ETag", etag);
  res.type(type).send(text);
}
