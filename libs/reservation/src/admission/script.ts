import { createHash } from "node:crypto";
import type { RedisScriptClient } from "../types.js";

/** A Lua script run by EVALSHA, falling back to EVAL (which also loads it) when the server does not know it. */
export class Script {
  private readonly sha: string;

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(client: RedisScriptClient, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(this.sha, { keys, arguments: args });
    } catch (error) {
      if (!String((error as Error)?.message ?? error).includes("NOSCRIPT")) throw error;
      return client.eval(this.source, { keys, arguments: args });
    }
  }
}
