import type { ScriptClient } from "@ticketing/redis-script";
import { RateLimitStoreOptionError } from "./errors.js";

/** The limiters' Redis: a client or cluster client that runs scripts, and whether it can take a count now. */
export interface RateLimitRedis {
  /**
   * A connected @redis/client v5/v6 client or cluster client (`createClient`, `createCluster`), or anything with
   * its `evalSha` and `eval` methods.
   */
  readonly client: ScriptClient;
  /**
   * False while Redis is down or reconnecting: a count then fails at once instead of queueing behind the
   * reconnection (with `passOnStoreError`, express-rate-limit lets the request through). For node-redis:
   * `() => client.isReady`.
   */
  readonly isReady: () => boolean;
  /**
   * True for a Redis Cluster: one script call per counter, as the counters of different clients live in different
   * hash slots. False sends all the counters of one event-loop turn in one call.
   */
  readonly cluster: boolean;
}

export interface BatchedRedisStoreOptions {
  /** Where the counters live. */
  readonly redis: RateLimitRedis;
  /**
   * Prepended to every key express-rate-limit counts, e.g. `"rl:ip:"`. Give each limiter its own: two limiters
   * with the same prefix share their counters.
   */
  readonly prefix: string;
}

/** The options as the store uses them, after the constructor checked them. */
export function checkOptions(options: unknown): BatchedRedisStoreOptions {
  if (typeof options !== "object" || options === null)
    throw new RateLimitStoreOptionError("options", options, "an object with redis and prefix");
  const { redis, prefix } = options as Partial<Record<keyof BatchedRedisStoreOptions, unknown>>;
  if (typeof redis !== "object" || redis === null)
    throw new RateLimitStoreOptionError("redis", redis, "an object with client, isReady and cluster");
  const { client, isReady, cluster } = redis as Partial<Record<keyof RateLimitRedis, unknown>>;
  if (
    typeof client !== "object" ||
    client === null ||
    typeof (client as Partial<ScriptClient>).evalSha !== "function" ||
    typeof (client as Partial<ScriptClient>).eval !== "function"
  )
    throw new RateLimitStoreOptionError("redis.client", client, "a client with evalSha and eval methods");
  if (typeof isReady !== "function")
    throw new RateLimitStoreOptionError("redis.isReady", isReady, "a function answering a boolean");
  if (typeof cluster !== "boolean")
    throw new RateLimitStoreOptionError("redis.cluster", cluster, "a boolean");
  if (typeof prefix !== "string" || prefix.length === 0)
    throw new RateLimitStoreOptionError("prefix", prefix, "a non-empty string");
  return { redis: redis as RateLimitRedis, prefix };
}
