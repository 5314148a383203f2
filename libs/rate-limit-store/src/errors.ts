/** Every stable error code of @ticketing/rate-limit-store, e.g. to check that a mapping table covers them all. */
export const RATE_LIMIT_STORE_ERROR_CODES = [
  "E_RATE_LIMIT_INVALID_OPTION",
  "E_RATE_LIMIT_UNAVAILABLE",
] as const;

export type RateLimitStoreErrorCode = (typeof RATE_LIMIT_STORE_ERROR_CODES)[number];

/** Base class of every error this package throws; `code` is stable, the message is not. */
export class RateLimitStoreError extends Error {
  override readonly name: string = "RateLimitStoreError";

  constructor(
    readonly code: RateLimitStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store's options were refused by its constructor; nothing was sent to Redis. */
export class RateLimitStoreOptionError extends RateLimitStoreError {
  override readonly name = "RateLimitStoreOptionError";

  constructor(
    /** The option that was refused, e.g. `"prefix"` or `"redis.isReady"`. */
    readonly field: string,
    /** The refused value. */
    readonly value: unknown,
    requirement: string,
  ) {
    super("E_RATE_LIMIT_INVALID_OPTION", `${field} must be ${requirement} (got ${describe(value)})`);
  }
}

/**
 * `redis.isReady()` answered false, so the counts of one call were failed at once instead of waiting for the
 * client's reconnection; with `passOnStoreError`, express-rate-limit lets those requests through.
 */
export class RateLimitStoreUnavailableError extends RateLimitStoreError {
  override readonly name = "RateLimitStoreUnavailableError";

  constructor(
    /** The store's key prefix, naming the limiter whose counts failed. */
    readonly prefix: string,
    /** How many requests of that limiter went uncounted in this call. */
    readonly hits: number,
  ) {
    super(
      "E_RATE_LIMIT_UNAVAILABLE",
      `Redis is not ready: ${hits} hit(s) of the "${prefix}" limiter were not counted`,
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "function") return "a function";
  if (value === undefined) return "undefined";
  if (typeof value === "object" && value !== null) return Array.isArray(value) ? "an array" : "an object";
  return String(value);
}
