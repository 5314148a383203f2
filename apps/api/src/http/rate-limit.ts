import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ipKeyGenerator } from "express-rate-limit";
import { actorOf } from "../auth/authenticate.js";
import { ApiError } from "../errors.js";
import { BatchedHitCounter } from "./batched-hit-counter.js";
import { MemoryHitCounter, type HitCounter, type SendForKey, type WindowCount } from "./hit-counter.js";
import { RedisHitCounter } from "./redis-hit-counter.js";

/** Raw command senders of a node-redis client (`(args) => client.sendCommand(args)`) or cluster. */
export type RateLimitRedis =
  | { sendCommand: (args: string[]) => Promise<unknown> }
  | {
      sendCommandCluster: (key: string | undefined, isReadOnly: boolean, args: string[]) => Promise<unknown>;
    };

export interface RateLimitOptions {
  /** @default 60_000 (ms) */
  windowMs?: number;
  /** Requests per window per client IP (IPv6 grouped by /56). @default 1200 */
  perIp?: number;
  /** Requests per window per authenticated user. @default 300 */
  perUser?: number;
  /** Shares the counters between instances; omit for per-process counters. */
  redis?: RateLimitRedis | null;
  /** @default "ticketing:rl:" */
  prefix?: string;
  /** Told when the shared counter fails; the request is let through (fail open). */
  onStoreError?: (error: unknown) => void;
}

export interface RateLimiters {
  /** Counts every request by client IP (shared through Redis in batches every 100 ms, no round trip per request). */
  readonly ip: RequestHandler;
  /** Counts authenticated requests by user, one Redis round trip each; must run after authentication. */
  readonly user: RequestHandler;
  close(): Promise<void>;
}

/**
 * Fixed-window limits answering 429 with Retry-After, and the IETF draft-8 `RateLimit`/`RateLimit-Policy` headers on
 * every counted response. Written here rather than taken from express-rate-limit, whose async middleware cost a
 * cached read 15 % of its throughput: a synchronous count (the per-IP one) goes on in the same tick.
 */
export function createRateLimiters(options: RateLimitOptions = {}): RateLimiters {
  const windowMs = options.windowMs ?? 60_000;
  const prefix = options.prefix ?? "ticketing:rl:";
  const redis = options.redis;
  const send: SendForKey | undefined = !redis
    ? undefined
    : "sendCommand" in redis
      ? (_key, args) => redis.sendCommand(args)
      : (key, args) => redis.sendCommandCluster(key, false, args);
  const onError = throttled(options.onStoreError);
  const ipCounter = send
    ? new BatchedHitCounter(send, `${prefix}ip:`, windowMs, 100, onError)
    : new MemoryHitCounter(windowMs);
  const userCounter = send
    ? new RedisHitCounter(send, `${prefix}user:`, windowMs)
    : new MemoryHitCounter(windowMs);
  return {
    ip: limiter("ip", options.perIp ?? 1200, windowMs, ipCounter, onError, clientKey()),
    user: limiter(
      "user",
      options.perUser ?? 300,
      windowMs,
      userCounter,
      onError,
      (_req, res) => actorOf(res).userId,
    ),
    close: async () => {
      await Promise.all([ipCounter.close(), userCounter.close()]);
    },
  };
}

function limiter(
  name: string,
  limit: number,
  windowMs: number,
  counter: HitCounter,
  onError: (error: unknown) => void,
  keyOf: (req: Request, res: Response) => string,
): RequestHandler {
  const policy = `"${name}";q=${limit};w=${Math.ceil(windowMs / 1000)}`;
  const decide = (res: Response, next: NextFunction, { total, resetMs }: WindowCount) => {
    const reset = String(Math.max(0, Math.ceil((resetMs - Date.now()) / 1000)));
    // Both fields are lists: an authenticated request carries one item for its per-IP and one for its per-user limit.
    res.appendHeader("RateLimit-Policy", policy);
    res.appendHeader("RateLimit", `"${name}";r=${Math.max(0, limit - total)};t=${reset}`);
    if (total <= limit) return next();
    next(
      new ApiError(
        "E_RATE_LIMITED",
        "Rate limit exceeded; retry after the number of seconds in Retry-After.",
        {
          headers: { "Retry-After": reset },
        },
      ),
    );
  };
  return (req, res, next) => {
    const counted = counter.hit(keyOf(req, res));
    if (!(counted instanceof Promise)) return decide(res, next, counted);
    counted.then(
      (count) => decide(res, next, count),
      (error: unknown) => {
        onError(error);
        next();
      },
    );
  };
}

/**
 * A Redis outage must not take the API down with it (the engine reports its own unavailability): a failed count
 * lets the request through and is reported once per second at most.
 */
function throttled(report: ((error: unknown) => void) | undefined): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    report?.(error);
  };
}

/** The client's IP, IPv6 grouped by /56 (ipKeyGenerator parses IPv6; its answers are kept for the next requests). */
function clientKey(): (req: Request) => string {
  const known = new Map<string, string>();
  return (req) => {
    // Without X-Forwarded-For, req.ip is the peer address whatever "trust proxy" says: skip its header parsing.
    const ip =
      (req.headers["x-forwarded-for"] === undefined ? req.socket.remoteAddress : req.ip) ?? "unknown";
    let key = known.get(ip);
    if (key === undefined) {
      if (known.size >= 10_000) known.clear();
      key = ipKeyGenerator(ip);
      known.set(ip, key);
    }
    return key;
  };
}
