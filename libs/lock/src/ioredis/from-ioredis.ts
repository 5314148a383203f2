import type { LockRedisClient, LockRedisSubscriber } from "../types.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its event listeners so
type Listener = (...args: any[]) => void;

/**
 * The methods of an ioredis `Redis` or `Cluster` (ioredis 5) that `fromIoredis` calls: a client of your own with
 * these fits too.
 */
export interface IoredisClient {
  /** `true` on an ioredis `Cluster`. */
  readonly isCluster?: boolean;
  readonly status: string;
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** A new connection with the same options (ioredis `Redis#duplicate(override)`, `Cluster#duplicate(nodes, override)`). */
  duplicate(...args: never[]): IoredisClient;
  connect(): Promise<unknown>;
  subscribe(...channels: string[]): Promise<unknown>;
  ssubscribe?(...channels: string[]): Promise<unknown>;
  sunsubscribe?(...channels: string[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: Listener): unknown;
}

/** A LockRedisClient over ioredis; on a `Cluster`, it also lists `masters`, as cluster clients do. */
export type IoredisLockClient = LockRedisClient &
  Pick<LockRedisSubscriber, "isReady"> & { masters?: never[] };

/**
 * Adapts an ioredis client (a connected `Redis`, or a `Cluster`) to the client `RedisLocks` and `RedlockLocks` take.
 * The connections the locks open (`duplicate()`) are ioredis connections with your client's options. ioredis has no
 * command timeout unless you set `commandTimeout`: set it, so that `extend()` and `inspect()` fail rather than wait
 * for a reconnect (acquisitions and releases are bounded by the package itself).
 *
 * @example
 * import { Redis } from "ioredis";
 * import { RedisLocks } from "@ticketing/lock";
 * import { fromIoredis } from "@ticketing/lock/ioredis";
 *
 * const redis = new Redis({ commandTimeout: 5_000 });
 * const locks = new RedisLocks({ client: fromIoredis(redis) });
 */
export function fromIoredis(client: IoredisClient): IoredisLockClient {
  const adapted: IoredisLockClient = {
    get isReady() {
      return client.status === "ready";
    },
    evalSha: (sha, { keys, arguments: args }) => client.evalsha(sha, keys.length, ...keys, ...args),
    eval: (script, { keys, arguments: args }) => client.eval(script, keys.length, ...keys, ...args),
    duplicate: () => connection(client),
  };
  if (client.isCluster) adapted.masters = [];
  return adapted;
}

/** A new ioredis connection, connected by `connect()`, serving both pub/sub and (on one Redis) script batches. */
function connection(client: IoredisClient): LockRedisSubscriber & LockRedisClient {
  const duplicate = (
    client.isCluster
      ? (client.duplicate as (nodes: never[], options: object) => IoredisClient)([], {
          lazyConnect: true,
          shardedSubscribers: true,
        })
      : (client.duplicate as (options: object) => IoredisClient)({ lazyConnect: true })
  ) as IoredisClient;
  const listeners = new Map<string, (message: string, channel: string) => void>();
  const deliver = (channel: string, message: string) => listeners.get(channel)?.(message, channel);
  duplicate.on("message", deliver as Listener);
  duplicate.on("smessage", deliver as Listener);
  const sharded = typeof duplicate.ssubscribe === "function" && typeof duplicate.sunsubscribe === "function";
  return {
    ...fromIoredis(duplicate),
    get isReady() {
      return duplicate.status === "ready";
    },
    connect: () => duplicate.connect(),
    subscribe: async (channel, listener) => {
      listeners.set(channel, listener);
      await duplicate.subscribe(channel);
    },
    ...(sharded
      ? {
          sSubscribe: async (channel: string, listener: (message: string, channel: string) => void) => {
            listeners.set(channel, listener);
            await duplicate.ssubscribe!(channel);
          },
          sUnsubscribe: async (channel: string) => {
            listeners.delete(channel);
            await duplicate.sunsubscribe!(channel);
          },
        }
      : {}),
    close: () => duplicate.quit(),
    destroy: () => duplicate.disconnect(),
    on: (event, listener) => duplicate.on(event, listener as Listener),
  };
}
