import type { RequestHandler, Response } from "express";
import { ipKeyGenerator, MemoryStore, rateLimit, type Store } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import { actorOf } from "../auth/authenticate.js";
import { ApiError } from "../errors.js";
import { BatchedRedisStore, type SendForKey } from "./batched-redis-store.js";

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
  /** Told when the shared store fails; the request is let through (fail open). */
  onStoreError?: (error: unknown) => void;
}

export interface RateLimiters {
  /** Counts every request by client IP (shared through Redis in batches every 100 ms, no round trip per request). */
  readonly ip: RequestHandler;
  /** Counts authenticated requests by user, one Redis round trip each (rate-limit-redis); must run after authentication. */
  readonly user: RequestHandler;
  close(): Promise<void>;
}

type Reply = boolean | number | string | (boolean | number | string)[];

export function createRateLimiters(options: RateLimitOptions = {}): RateLimiters {
  const windowMs = options.windowMs ?? 60_000;
  const prefix = options.prefix ?? "ticketing:rl:";
  const stores: Store[] = [];
  const store = (name: string, batched = false): Store => {
    const redis = options.redis;
    if (redis && batched) {
      const send: SendForKey =
        "sendCommand" in redis
          ? (_key, args) => redis.sendCommand(args)
          : (key, args) => redis.sendCommandCluster(key, false, args);
      const made = new BatchedRedisStore(send, `${prefix}${name}:`, 100, options.onStoreError);
      stores.push(made);
      return made;
    }
    const made: Store = !redis
      ? new MemoryStore()
      : "sendCommand" in redis
        ? new RedisStore({
            prefix: `${prefix}${name}:`,
            sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<Reply>,
          })
        : new RedisStore({
            prefix: `${prefix}${name}:`,
            sendCommandCluster: ({ key, isReadOnly, command }) =>
              redis.sendCommandCluster(key, isReadOnly, command) as Promise<Reply>,
          });
    stores.push(made);
    return redis ? failOpen(made, options.onStoreError) : made;
  };
  const common = {
    windowMs,
    standardHeaders: "draft-8" as const,
    legacyHeaders: false,
    passOnStoreError: false,
    handler: (_req: unknown, res: Response, next: (error: unknown) => void) => {
      const retryAfter = res.getHeader("Retry-After") ?? String(Math.ceil(windowMs / 1000));
      next(
        new ApiError(
          "E_RATE_LIMITED",
          "Rate limit exceeded; retry after the number of seconds in Retry-After.",
          {
            headers: { "Retry-After": String(retryAfter) },
          },
        ),
      );
    },
  };
  const ip = rateLimit({
    ...common,
    identifier: "ip",
    limit: options.perIp ?? 1200,
    store: store("ip", true),
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
  });
  const user = rateLimit({
    ...common,
    identifier: "user",
    limit: options.perUser ?? 300,
    store: store("user"),
    keyGenerator: (_req, res) => actorOf(res).userId,
  });
  return {
    ip,
    user,
    close: async () => {
      await Promise.all(stores.map((s) => s.shutdown?.()));
    },
  };
}

/**
 * A Redis outage must not take the API down with it (the engine reports its own unavailability): a failed count
 * lets the request through and is reported once per second at most.
 */
function failOpen(inner: Store, onError: ((error: unknown) => void) | undefined): Store {
  let lastReport = 0;
  const report = (error: unknown) => {
    if (Date.now() - lastReport < 1000) return;
    lastReport = Date.now();
    onError?.(error);
  };
  const wrapped: Store = {
    prefix: inner.prefix,
    localKeys: inner.localKeys,
    init: (options) => inner.init?.(options),
    increment: async (key) => {
      try {
        return await inner.increment(key);
      } catch (error) {
        report(error);
        return { totalHits: 0, resetTime: undefined };
      }
    },
    decrement: async (key) => {
      await Promise.resolve(inner.decrement(key)).catch(report);
    },
    resetKey: async (key) => {
      await Promise.resolve(inner.resetKey(key)).catch(report);
    },
    shutdown: () => inner.shutdown?.(),
  };
  return wrapped;
}
