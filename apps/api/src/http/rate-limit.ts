import { BatchedRedisStore, type RateLimitRedis } from "@ticketing/rate-limit-store";
import type { Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import type { Logger } from "pino";
import { actorOf } from "../auth/authenticate.js";
import { ApiError } from "../errors.js";

export interface RateLimitOptions {
  /** @default 60_000 (ms) */
  windowMs?: number;
  /** Requests per window per client IP (IPv6 grouped by /56). @default 1200 */
  perIp?: number;
  /** Requests per window per authenticated user. @default 300 */
  perUser?: number;
  /** Shares the counters between instances; omit for per-process counters. */
  redis?: RateLimitRedis | null;
  /** Prefix of the Redis keys. @default "ticketing:rl:" */
  prefix?: string;
  /** Told (at most once a second) when the shared counter fails, which lets the request through. */
  logger?: Pick<Logger, "warn">;
}

export interface RateLimiters {
  /** Counts every request by client IP. */
  readonly ip: RequestHandler;
  /** Counts authenticated requests by user; must run after authentication. */
  readonly user: RequestHandler;
}

/**
 * express-rate-limit with fixed windows, answering 429 (a problem with Retry-After) and sending the IETF draft-8
 * `RateLimit` / `RateLimit-Policy` headers, one item per limit. With `redis`, counts are shared by the fleet through
 * BatchedRedisStore (one script call per event-loop turn and limit); a failing store lets requests through.
 */
export function createRateLimiters(options: RateLimitOptions = {}): RateLimiters {
  const windowMs = options.windowMs ?? 60_000;
  const prefix = options.prefix ?? "ticketing:rl:";
  const logger = throttled(options.logger);
  const limiter = (
    name: "ip" | "user",
    limit: number,
    keyGenerator?: (req: Request, res: Response) => string,
  ): RequestHandler =>
    rateLimit({
      windowMs,
      limit,
      standardHeaders: "draft-8",
      legacyHeaders: false,
      identifier: name,
      ...(keyGenerator ? { keyGenerator } : {}),
      ...(options.redis
        ? { store: new BatchedRedisStore({ redis: options.redis, prefix: `${prefix}${name}:` }) }
        : {}),
      passOnStoreError: true,
      logger,
      handler: (_req, _res, next) =>
        next(new ApiError("E_RATE_LIMITED", "Rate limit exceeded; retry after the seconds in Retry-After.")),
    });
  return {
    // express-rate-limit's own key: req.ip (trust proxy decides), IPv6 grouped by /56.
    ip: limiter("ip", options.perIp ?? 1200),
    user: limiter("user", options.perUser ?? 300, (_req, res) => actorOf(res).userId),
  };
}

/**
 * express-rate-limit's logger: its store errors (a Redis outage fails every request's count) and its one-off
 * configuration checks go to the app's log at warn, each message at most once a second.
 */
function throttled(logger: Pick<Logger, "warn"> | undefined) {
  const last = new Map<string, number>();
  const report = (error: unknown, message?: string) => {
    const what = message ?? "express-rate-limit: configuration check failed";
    if (Date.now() - (last.get(what) ?? 0) < 1000) return;
    last.set(what, Date.now());
    logger?.warn({ err: error }, what);
  };
  return { error: report, warn: report };
}
