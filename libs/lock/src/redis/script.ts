import { createHash } from "node:crypto";
import type { LockRedisClient } from "../types.js";

/** A Lua script known by its SHA1, so that the steady state sends only EVALSHA. */
export class Script {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  /** EVALSHA, falling back to EVAL (which also caches the script) when the server does not know it yet. */
  async run(
    client: Pick<LockRedisClient, "evalSha" | "eval">,
    keys: string[],
    args: string[],
  ): Promise<unknown> {
    try {
      return await client.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("NOSCRIPT"))
        return client.eval(this.source, { keys, arguments: args });
      throw error;
    }
  }
}
