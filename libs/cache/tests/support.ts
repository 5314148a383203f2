import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { createDefaultLocks } from "../src/default-locks.js";
import {
  createCache,
  type Cache,
  type CacheEventName,
  type CacheEvents,
  type CacheLocks,
  type CacheOptions,
} from "../src/index.js";

/**
 * commandTimeout for tests that are not about it: a test process starved of CPU on a busy machine must not turn a
 * Redis reply that is already waiting in its socket into fail-open behaviour (redis-tier.faults.test.ts covers that).
 */
export const PATIENT_COMMAND_TIMEOUT = 10_000;

/** A connected client that retries quickly and never crashes the test on a connection error. */
export async function connect(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: () => 50, connectTimeout: 1_000 } });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

export type Client = Awaited<ReturnType<typeof connect>>;

/**
 * The locks the cache would make itself, telling `onRefused` each time another instance holds the key: a test can
 * then wait until every other instance waits for the holder, instead of sleeping and hoping they got that far.
 */
export function watchedLocks(
  client: Parameters<typeof createDefaultLocks>[0],
  onRefused: () => void,
): CacheLocks & { close(): Promise<void> } {
  const locks = createDefaultLocks(client);
  return {
    tryAcquire: async (resource, options) => {
      const lock = await locks.tryAcquire(resource, options);
      if (lock === null) onRefused();
      return lock;
    },
    close: () => locks.close(),
  };
}

/**
 * Date.now() standing still until the test moves it on: entries turn stale or expire when the test says so, not
 * when a busy machine gets round to the next line.
 */
export function stoppedClock(): StoppedClock {
  let now = Date.now();
  const spy = jest.spyOn(Date, "now").mockImplementation(() => now);
  return {
    advance: (ms) => {
      now += ms;
    },
    restore: () => spy.mockRestore(),
  };
}

export interface StoppedClock {
  advance(ms: number): void;
  restore(): void;
}

/** A test body run on a stopped clock, restored afterwards whatever the body does. */
export function onStoppedClock(body: (clock: StoppedClock) => Promise<void>): () => Promise<void> {
  return async () => {
    const clock = stoppedClock();
    try {
      await body(clock);
    } finally {
      clock.restore();
    }
  };
}

/** Caches and clients opened by a test file, closed in afterAll/afterEach. */
export class Fleet {
  readonly caches: Cache[] = [];
  readonly clients: Client[] = [];
  readonly locks: { close(): Promise<void> }[] = [];

  constructor(
    readonly url: string,
    public prefix: string,
  ) {}

  /**
   * A cache on its own connection, as a separate app instance would have. With `onLockRefused`, its fleet-wide
   * locks report each refusal (see watchedLocks).
   */
  async instance(
    options: Partial<CacheOptions> = {},
    { onLockRefused }: { onLockRefused?: () => void } = {},
  ): Promise<Cache> {
    const client = await connect(this.url);
    this.clients.push(client);
    let locks: CacheLocks | undefined;
    if (onLockRefused) {
      const watched = watchedLocks(client, onLockRefused);
      this.locks.push(watched);
      locks = watched;
    }
    const cache = createCache({
      namespace: "events",
      prefix: this.prefix,
      redis: client,
      jitter: 0,
      commandTimeout: PATIENT_COMMAND_TIMEOUT,
      ...(locks ? { locks } : {}),
      ...options,
    });
    this.caches.push(cache);
    await cache.ready();
    return cache;
  }

  async close(): Promise<void> {
    await Promise.all(this.caches.splice(0).map((cache) => cache.close()));
    await Promise.all(this.locks.splice(0).map((locks) => locks.close().catch(() => undefined)));
    await Promise.all(this.clients.splice(0).map((client) => client.close().catch(() => client.destroy())));
  }
}

/**
 * Registers the hooks of a describe block whose caches share the test Redis: a Fleet, a raw client for checking keys,
 * and a key prefix of each test's own. Read the fields inside tests, once the hooks have run.
 */
export function sharedRedisFleet(): { readonly fleet: Fleet; readonly raw: Client; readonly prefix: string } {
  const shared = {} as { fleet: Fleet; raw: Client; prefix: string };
  beforeAll(async () => {
    const { url } = await redisServer();
    shared.raw = await connect(url);
    shared.fleet = new Fleet(url, "");
  });
  beforeEach(() => {
    shared.prefix = uniquePrefix("cache");
    shared.fleet.prefix = shared.prefix;
  });
  afterEach(() => shared.fleet.close());
  afterAll(() => shared.raw.close());
  return shared;
}

/** Resolves with the first event of that name that matches. */
export function nextEvent<E extends CacheEventName>(
  cache: Cache,
  event: E,
  matches: (payload: CacheEvents[E]) => boolean = () => true,
): Promise<CacheEvents[E]> {
  return new Promise((resolve) => {
    const listener = (payload: CacheEvents[E]) => {
      if (!matches(payload)) return;
      cache.off(event, listener);
      resolve(payload);
    };
    cache.on(event, listener);
  });
}

/** A loader the test releases when it wants, counting its calls. */
export function gate<T>(value: T) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const loader = jest.fn(async () => {
    await released;
    return value;
  });
  return { loader, release };
}
