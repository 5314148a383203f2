import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * The folder of the built web app (`apps/web/dist`), found through the workspace's `@ticketing/web` package; undefined
 * when that package is not installed (a runtime image without it serves the API only).
 */
export function findWebRoot(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve("@ticketing/web/package.json")), "dist");
  } catch {
    return undefined;
  }
}
