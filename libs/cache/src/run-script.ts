import { createHash } from "node:crypto";
import type { CacheRedisClient } from "./redis-client.js";

/** A Lua script with its SHA-1, run by EVALSHA with an EVAL fallback when the server does not know it yet. */
export interface Script {
  readonly source: string;
  readonly sha: string;
}

export function defineScript(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export async function runScript(
  client: Pick<CacheRedisClient, "evalSha" | "eval">,
  script: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  try {
    return await client.evalSha(script.sha, { keys, arguments: args });
  } catch (error) {
    if (!String((error as Error | undefined)?.message).includes("NOSCRIPT")) throw error;
    return client.eval(script.source, { keys, arguments: args });
  }
}
