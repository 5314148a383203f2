import { createHash } from "node:crypto";
import type { Response } from "express";

/** A weak ETag of a body, in Express's own form: `W/"<byte length, hex>-<SHA-1, base64, 27 chars>"`. */
export function weakEtag(bytes: Buffer): string {
  return `W/"${bytes.length.toString(16)}-${createHash("sha1").update(bytes).digest("base64").slice(0, 27)}"`;
}

/**
 * `res.json` for the read routes, with a weak ETag so that If-None-Match answers 304. Express's own ETag is off in
 * this app: it hashed every body, POST answers and problem responses too, where no conditional request can use it
 * (2.4 % of the app's CPU under the flash-sale POST load).
 */
export function sendJsonWithEtag(res: Response, value: unknown): void {
  sendJsonBytes(res, Buffer.from(JSON.stringify(value)));
}

/** Sends an encoded JSON body with its ETag (computed here unless the caller kept it). */
export function sendJsonBytes(res: Response, bytes: Buffer, etag = weakEtag(bytes)): void {
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("ETag", etag);
  res.send(bytes);
}
