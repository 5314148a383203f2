import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const SYSTEM_DIRS = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

/** Finds an executable on PATH (and the sbin folders where Debian puts database daemons). */
export function findBinary(names: readonly string[], path = process.env.PATH ?? ""): string | undefined {
  const dirs = [...path.split(delimiter).filter(Boolean), ...(path === process.env.PATH ? SYSTEM_DIRS : [])];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
