import { createHash } from "node:crypto";
import type { ScriptClient } from "./client.js";
import { ScriptKeysError, ScriptReplyError } from "./errors.js";

export interface ScriptDefinition<R> {
  /** Names the script in errors. */
  readonly name: string;
  /** The Lua source. */
  readonly source: string;
  /**
   * The KEYS the script touches, by name and in order. Every key a script reads or writes is passed in KEYS (never
   * built inside Lua), so Redis Cluster, proxies and servers that check declared keys route and allow it.
   */
  readonly keys: readonly string[];
  /**
   * When set, the named keys repeat as a group: a call passes any positive number of whole groups (a batch over N
   * resources). @default false
   */
  readonly repeatKeys?: boolean;
  /** Turns the raw reply into the typed result; throwing marks the reply as one the caller cannot use. */
  readonly reply: (raw: unknown) => R;
}

/** A Lua script with its SHA-1, typed by its reply. */
export interface RedisScript<R> {
  readonly name: string;
  readonly source: string;
  readonly sha: string;
  readonly keys: readonly string[];
  /**
   * EVALSHA, falling back to EVAL (which also caches the script) when the server does not know it yet, e.g. after a
   * restart or a failover. Throws ScriptKeysError before sending when the keys do not match the definition, and
   * ScriptReplyError when the reply does not parse; Redis's own errors (and the client's) pass through unchanged.
   */
  run(client: ScriptClient, keys: readonly string[], args: readonly (string | number)[]): Promise<R>;
}

/**
 * Defines a script once, next to the code that runs it.
 *
 * @example
 * const incrBy = defineScript({
 *   name: "incr-by",
 *   source: "return redis.call('INCRBY', KEYS[1], ARGV[1])",
 *   keys: ["counter"],
 *   reply: (raw) => Number(raw),
 * });
 * const total: number = await incrBy.run(client, ["visits"], [5]);
 */
export function defineScript<R>(definition: ScriptDefinition<R>): RedisScript<R> {
  const { name, source, keys, repeatKeys = false, reply } = definition;
  if (keys.length === 0 && repeatKeys) throw new TypeError(`script "${name}": repeatKeys needs named keys`);
  const sha = createHash("sha1").update(source).digest("hex");
  const expected = repeatKeys ? `a positive multiple of ${keys.length}` : String(keys.length);
  const fits = (count: number): boolean =>
    repeatKeys ? count > 0 && count % keys.length === 0 : count === keys.length;

  return {
    name,
    source,
    sha,
    keys,
    async run(client, callKeys, args) {
      if (!fits(callKeys.length)) throw new ScriptKeysError(name, expected, callKeys.length);
      const options = { keys: [...callKeys], arguments: args.map(String) };
      let raw: unknown;
      try {
        raw = await client.evalSha(sha, options);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        raw = await client.eval(source, options);
      }
      try {
        return reply(raw);
      } catch (error) {
        throw new ScriptReplyError(name, raw, error);
      }
    },
  };
}

/** Redis's NOSCRIPT error reply: the server has not cached this SHA (restart, failover, SCRIPT FLUSH). */
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}
