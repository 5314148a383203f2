/** Every stable error code of @ticketing/cache, e.g. to check at build time that a mapping table covers them all. */
export const CACHE_ERROR_CODES = [
  "E_INVALID_KEY",
  "E_INVALID_TTL",
  "E_INVALID_OPTION",
  "E_NOT_SERIALIZABLE",
  "E_LOAD_TIMEOUT",
  "E_CLOSED",
] as const;

export type CacheErrorCode = (typeof CACHE_ERROR_CODES)[number];

/** Base class of every error this package throws; `code` is stable, the message is not. */
export class CacheError extends Error {
  override readonly name: string = "CacheError";

  constructor(
    readonly code: CacheErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input (empty key, ttl ≤ 0, unknown option value), thrown before any I/O. */
export class CacheInputError extends CacheError {
  override readonly name = "CacheInputError";

  constructor(
    code: "E_INVALID_KEY" | "E_INVALID_TTL" | "E_INVALID_OPTION",
    /** The option or argument that was refused, e.g. `"ttl"` or `"tags[1]"`. */
    readonly field: string,
    /** The refused value. */
    readonly value: unknown,
    reason: string,
  ) {
    super(code, `${field} ${reason} (got ${describe(value)})`);
  }
}

/** The value cannot be stored by the serializer (functions, symbols, Map/Set, cycles…), thrown before any I/O. */
export class CacheSerializationError extends CacheError {
  override readonly name = "CacheSerializationError";

  constructor(
    readonly key: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super("E_NOT_SERIALIZABLE", `value for key "${key}" is not serializable: ${reason}`, options);
  }
}

/** The loader ran past its hard timeout; its signal was aborted and no stale value could be served. */
export class CacheLoadTimeoutError extends CacheError {
  override readonly name = "CacheLoadTimeoutError";

  constructor(
    readonly key: string,
    readonly timeoutMs: number,
  ) {
    super("E_LOAD_TIMEOUT", `loader for key "${key}" did not settle within ${timeoutMs} ms`);
  }
}

/** The cache was closed; no further operation is accepted. */
export class CacheClosedError extends CacheError {
  override readonly name = "CacheClosedError";

  constructor(readonly namespace: string) {
    super("E_CLOSED", `cache "${namespace}" is closed`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
