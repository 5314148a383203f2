import { existsSync, readdirSync } from "node:fs";
import { extname, join, sep } from "node:path";
import express, { type RequestHandler } from "express";
import { ApiError } from "../errors.js";

/**
 * The page's Content-Security-Policy: scripts, styles, images and connections from this origin only, no inline
 * script or style, no plugins, no `<base>`, no framing. Nothing is ever loaded from elsewhere.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Files under `assets/` carry a content hash in their name: a new build never reuses a URL. */
export const HASHED_ASSET_CACHE = "public, max-age=31536000, immutable";

/** index.html and other unhashed files: cached, but revalidated (ETag) before every use. */
export const PAGE_CACHE = "no-cache";

const ENCODINGS = [
  ["br", ".br"],
  ["gzip", ".gz"],
] as const;

export interface WebAssetsOptions {
  /** The built web app: `index.html` and its hashed `assets/` (apps/web/dist). */
  root: string;
}

/**
 * Serves the built web app at `/` with express.static: hashed assets cached for a year (their Brotli or gzip copy
 * when the build wrote one and the browser accepts it), the page revalidated on each load and sent with
 * {@link PAGE_CSP}. `/api/...` paths are never looked up on disk. When `root` holds no index.html, `GET /` answers a
 * 404 problem that says how to build the page.
 */
export function webAssets({ root }: WebAssetsOptions): RequestHandler {
  if (!existsSync(join(root, "index.html"))) return notBuilt;
  const hashed = join(root, "assets") + sep;
  const compressed = new Set(existsSync(hashed) ? readdirSync(hashed).map((file) => `/assets/${file}`) : []);
  const serve = express.static(root, {
    index: ["index.html"],
    cacheControl: false,
    redirect: false,
    dotfiles: "ignore",
    setHeaders: (res, path) => {
      res.setHeader("Cache-Control", path.startsWith(hashed) ? HASHED_ASSET_CACHE : PAGE_CACHE);
      if (path.endsWith(".html")) res.setHeader("Content-Security-Policy", PAGE_CSP);
    },
  });
  return (req, res, next) => {
    if (req.path.startsWith("/api/")) return next();
    const variants = ENCODINGS.filter(([, suffix]) => compressed.has(req.path + suffix));
    if (variants.length > 0 && (req.method === "GET" || req.method === "HEAD")) {
      res.vary("Accept-Encoding");
      // Ours is the preference (Brotli is smaller); browsers list gzip first without ranking it higher.
      const variant = variants.find(([encoding]) => req.acceptsEncodings(encoding) === encoding);
      if (variant) {
        // send keeps a Content-Type already set, so the copy is labelled as the file it encodes.
        res.type(extname(req.path)).setHeader("Content-Encoding", variant[0]);
        req.url = req.path + variant[1];
      }
    }
    serve(req, res, next);
  };
}

const notBuilt: RequestHandler = (req, _res, next) => {
  if (req.method !== "GET" && req.method !== "HEAD") return next();
  if (req.path !== "/" && req.path !== "/index.html") return next();
  throw new ApiError("E_NOT_FOUND", "The web app is not built: run `npx nx run web:build` (npm start does).");
};
