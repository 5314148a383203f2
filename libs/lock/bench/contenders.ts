// One adapter per library, each exposing acquire(key) -> release() with the same TTL and no auto-extension.
import { createClient } from "@redis/client";
// eslint-disable-next-line @nx/enforce-module-boundaries -- the bench measures the built package, as users get it
import { RedisLocks } from "@ticketing/lock";
import { Redis } from "ioredis";
import Redlock from "redlock";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Mutex } from "redis-semaphore";

export const TTL_MS = 10_000;
export const WAIT_MS = 60_000;

export interface Contender {
  name: string;
  acquire(key: string): Promise<() => Promise<unknown>>;
  close(): Promise<void>;
}

/**
 * @ticketing/lock on one node-redis client. node-redis 6 arms a 5 s timer per command by default; ioredis (under
 * both peers) has no command timeout, so it is switched off here to compare the libraries rather than the clients.
 */
export async function ours(url: string, prefix: string): Promise<Contender> {
  const client = createClient({ url, commandOptions: { timeout: 0 } });
  await client.connect();
  const locks = new RedisLocks({ client, prefix: `${prefix}ours:` });
  return {
    name: "@ticketing/lock",
    async acquire(key) {
      const lock = await locks.acquire(key, { ttlMs: TTL_MS, waitMs: WAIT_MS });
      return () => lock.release();
    },
    async close() {
      await locks.close();
      await client.close();
    },
  };
}

/** node-redlock v5 on one ioredis client, retrying every 10 ± 10 ms until it gets the lock. */
export async function redlock(url: string, prefix: string): Promise<Contender> {
  const client = new Redis(url);
  const redlock = new Redlock([client], { retryCount: -1, retryDelay: 10, retryJitter: 10 });
  redlock.on("error", () => {});
  return {
    name: "redlock@5",
    async acquire(key) {
      const lock = await redlock.acquire([`${prefix}redlock:${key}`], TTL_MS);
      return () => lock.release();
    },
    async close() {
      client.disconnect();
    },
  };
}

/** redis-semaphore v5 Mutex on one ioredis client, with its default 10 ms retry interval. */
export async function semaphore(url: string, prefix: string): Promise<Contender> {
  const client = new Redis(url);
  return {
    name: "redis-semaphore@5",
    async acquire(key) {
      const mutex = new Mutex(client, `${prefix}semaphore:${key}`, {
        lockTimeout: TTL_MS,
        acquireTimeout: WAIT_MS,
        retryInterval: 10,
        refreshInterval: 0,
      });
      await mutex.acquire();
      return () => mutex.release();
    },
    async close() {
      client.disconnect();
    },
  };
}

const COMPARE_AND_DELETE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/**
 * Not a peer but the floor under any Redis lock: a bare `SET NX PX` and a Lua compare-and-delete on node-redis, with
 * no fence, no queue and no loss detection, retrying every 10 ± 10 ms like node-redlock. Printed so that the ratios
 * can be read against what one SET and one release per cycle allow on this machine.
 */
export async function bare(url: string, prefix: string): Promise<Contender> {
  const client = createClient({ url, commandOptions: { timeout: 0 } });
  await client.connect();
  const sha = await client.scriptLoad(COMPARE_AND_DELETE);
  return {
    name: "bare SET NX + DEL",
    async acquire(key) {
      const name = `${prefix}bare:${key}`;
      const token = randomBytes(8).toString("hex");
      while (
        (await client.set(name, token, { condition: "NX", expiration: { type: "PX", value: TTL_MS } })) ===
        null
      )
        await sleep(10 + Math.random() * 10);
      return () => client.evalSha(sha, { keys: [name], arguments: [token] });
    },
    async close() {
      await client.close();
    },
  };
}

/**
 * Not a lock: the (c) critical section run back to back by one worker. No lock can pass a one-key mutex faster than
 * its holders' own round trips, so this is roughly the ceiling of (c), printed to read the (c) ratios against (not a
 * hard bound: one idle worker's round trips are slower than those of a busy process).
 */
export const unlocked: Contender = {
  name: "no lock, 1 worker",
  acquire: async () => async () => {},
  close: async () => {},
};
