export type RedisScriptErrorCode = "E_SCRIPT_KEYS" | "E_SCRIPT_REPLY";

/** Base class of this package's errors; `code` is stable across versions. */
export class RedisScriptError extends Error {
  override readonly name: string = "RedisScriptError";

  constructor(
    readonly code: RedisScriptErrorCode,
    /** The script's name, as given to `defineScript`. */
    readonly script: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A script was run with a number of keys its definition does not declare. Nothing was sent to Redis. */
export class ScriptKeysError extends RedisScriptError {
  override readonly name = "ScriptKeysError";

  constructor(
    script: string,
    readonly expected: string,
    readonly received: number,
  ) {
    super("E_SCRIPT_KEYS", script, `script "${script}" takes ${expected} keys, got ${received}`);
  }
}

/** Redis answered a script with a reply its definition's parser refused (a script and caller out of step). */
export class ScriptReplyError extends RedisScriptError {
  override readonly name = "ScriptReplyError";

  constructor(
    script: string,
    readonly reply: unknown,
    cause: unknown,
  ) {
    super(
      "E_SCRIPT_REPLY",
      script,
      `script "${script}" replied ${describe(reply)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

function describe(reply: unknown): string {
  const text = JSON.stringify(reply) ?? String(reply);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
