import { createClient, createCluster } from "@redis/client";
import { createCache, type Cache } from "@ticketing/cache";
import { MemoryLocks, RedisLocks } from "@ticketing/lock";
import type { RateLimitRedis } from "@ticketing/rate-limit-store";
import { ReservationEngine } from "@ticketing/reservation";
import type { ScriptClient } from "@ticketing/redis-script";
import { createWaitingRoom } from "@ticketing/waiting-room";
import type { Logger } from "pino";
import type { AppDeps } from "./app.js";
import { devSignInAllowed } from "./auth/dev-sign-in.js";
import { createTokenVerifier } from "./auth/verify-token.js";
import { redactUrl, type ApiConfig } from "./config.js";
import { engineDatabase } from "./database-connection.js";
import { createRateLimiters } from "./http/rate-limit.js";
import { createLifecycle } from "./lifecycle.js";
import { noopMetrics, type Metrics } from "./metrics/metrics.js";
import { findWebRoot } from "./web/web-root.js";
import { createInProcessRedis } from "./embedded/in-process-redis.js";
import { createLiveStats } from "./live/live-stats.js";
import { WaitingRoomSettingsSchema } from "./schemas.js";
import { createRooms, type Rooms } from "./waiting-room/rooms.js";

export interface Runtime {
  readonly deps: AppDeps & { engine: ReservationEngine };
  readonly config: ApiConfig;
  /** Closes the engine (draining pending batches), caches, locks, metrics and Redis, in that order. */
  close(): Promise<void>;
}

const makeClient = (url: string) => createClient({ url });
const makeCluster = (urls: readonly string[]) => createCluster({ rootNodes: urls.map((url) => ({ url })) });

type RedisHandle =
  | { kind: "client"; client: ReturnType<typeof makeClient> }
  | { kind: "cluster"; client: ReturnType<typeof makeCluster> };

/** Connects what the configuration asks for and returns the dependencies of `createApp`. */
export async function createRuntime(config: ApiConfig, logger: Logger): Promise<Runtime> {
  logger.info(describeMode(config), modeMessage(config));
  if (config.waitingRoom.devSecret) {
    logger.warn(
      "WAITING_ROOM_SECRET is not set: admission tokens are signed with the built-in development secret; never expose this instance.",
    );
  }
  if (config.auth.devSecret) {
    logger.warn(
      "JWT_SECRET is not set: using the built-in development secret. Anyone can mint tokens; never expose this instance. Make one with `npm run token -- --sub user123 --role admin`.",
    );
  }
  if (config.database.type === "mysql" && !config.redis) {
    logger.warn(
      "REDIS_URL is not set: admission, locks and rate limits are per process; run a single instance only",
    );
  }

  const prefix = config.redisKeyPrefix;
  const redis = config.redis ? await connectRedis(config.redis, logger) : null;
  const closers: [string, () => Promise<unknown>][] = [];
  const closeAll = async () => {
    for (const [what, close] of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        logger.error({ err: error }, `closing ${what} failed`);
      }
    }
  };
  if (redis) closers.push(["redis", () => redis.client.close()]);

  try {
    const metrics: Metrics =
      config.metrics.kind === "cloudwatch"
        ? new (await import("./metrics/cloudwatch.js")).CloudWatchMetrics({
            namespace: config.metrics.namespace,
            flushMs: config.metrics.flushMs,
            onError: (error) => logger.warn({ err: error }, "PutMetricData failed; batch dropped"),
          })
        : noopMetrics;
    closers.push(["metrics", () => metrics.close()]);

    const locks = redis
      ? new RedisLocks({ client: redis.client, prefix: `${prefix}lock:` })
      : new MemoryLocks();
    locks.on("lock:acquired", ({ waitMs }) => metrics.lockWait(waitMs));
    closers.push(["locks", () => locks.close()]);

    const cache = createCache({
      namespace: "reservation",
      ...(redis ? { redis: redis.client, prefix: `${prefix}cache:` } : {}),
      locks,
    });
    closers.push(["cache", () => cache.close()]);
    const responseCache =
      config.eventResponseTtlMs > 0 ? createResponseCache(config.eventResponseTtlMs) : undefined;
    if (responseCache) closers.push(["response cache", () => responseCache.close()]);
    for (const c of [cache, responseCache]) {
      c?.on("cache:hit", () => metrics.cacheLookup(true));
      c?.on("cache:miss", () => metrics.cacheLookup(false));
    }

    const limiters = createRateLimiters({
      ...config.rateLimit,
      redis: limiterStore(redis),
      prefix: `${prefix}rl:`,
      logger,
    });

    const engine = await ReservationEngine.create({
      database: engineDatabase(config.database),
      ...(redis ? { redis: redis.client } : {}),
      locks,
      cache,
      keyPrefix: `${prefix}res:`,
      maxQuantityPerRequest: config.maxQuantityPerRequest,
      outbox: config.outbox !== null,
    });
    closers.push(["engine", () => engine.close()]);
    if (config.outbox) {
      const { startOutboxRelay } = await import("./outbox-relay.js");
      const relay = startOutboxRelay({
        outbox: engine.outbox,
        queueUrl: config.outbox.queueUrl,
        logger,
        metrics,
      });
      // Stopped before the engine closes: what the last requests wrote is sent first.
      closers.push(["outbox relay", () => relay.stop()]);
    }

    // The waiting rooms and the live figures run their scripts on the app's Redis, or embedded on a Lua VM of
    // this process (one instance: its Redis is this process).
    let scripts: ScriptClient;
    if (redis) scripts = redis.client;
    else {
      const inProcess = await createInProcessRedis();
      closers.push(["in-process redis", async () => inProcess.close()]);
      scripts = inProcess;
    }
    const room = createWaitingRoom({
      redis: scripts,
      secret: config.waitingRoom.secret,
      prefix: `${prefix}wr:`,
      admissionTtlMs: config.waitingRoom.admissionTtlMs,
      // The seats a buyer could still get: neither held nor sold (the engine's live admission counter).
      inventory: async (eventId) => (await engine.getEvent(eventId)).availableSeats,
    });
    closers.push(["waiting room", () => room.close()]);
    room.on("room:error", ({ eventId, operation, error }) =>
      logger.warn({ err: error, eventId, operation }, "waiting room step failed"),
    );
    room.on("room:joined", () => metrics.waitingRoomJoined());
    room.on("room:join-limited", () => metrics.waitingRoomJoinLimited());
    room.on("room:tick", ({ admitted, expired }) => metrics.waitingRoomStep(admitted.length, expired));
    room.on("room:settled", ({ outcome }) => metrics.admissionSettled(outcome));
    const rooms = createRooms({ room, logger });
    // Seats coming back admit the next buyers at once instead of at the room's next step.
    for (const name of ["reservation:expired", "reservation:cancelled"] as const) {
      engine.on(name, ({ reservation }) => rooms.seatsBack(reservation.eventId));
    }
    const live = createLiveStats({
      redis: scripts,
      prefix: `${prefix}live:`,
      onError: (error) => logger.warn({ err: error }, "live figures not shared; dropped a second of them"),
    });
    closers.push(["live figures", () => live.close()]);

    if (config.seedDemoEvent) await seedDemoEvents(engine, rooms, logger);

    return {
      config,
      deps: {
        engine,
        rooms,
        live,
        verifier: createTokenVerifier(config.auth),
        logger,
        metrics,
        limiters,
        lifecycle: createLifecycle(),
        corsOrigins: config.corsOrigins,
        trustProxy: config.trustProxy,
        maxQuantityPerRequest: config.maxQuantityPerRequest,
        ...(responseCache ? { responseCache } : {}),
        ...(devSignInAllowed(config) ? { devSignIn: config.auth } : {}),
        webRoot: findWebRoot(),
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The limiters' view of Redis. While the client is not ready (Redis down, reconnecting) a count fails at once, and
 * the limiter lets the request through, instead of queueing it until Redis is back.
 */
function limiterStore(redis: RedisHandle | null): RateLimitRedis | null {
  if (!redis) return null;
  return { client: redis.client, isReady: () => redis.client.isReady, cluster: redis.kind === "cluster" };
}

function createResponseCache(ttl: number): Cache {
  return createCache({
    namespace: "api-responses",
    ttl,
    l1: { maxEntries: 10_000 },
    jitter: 0,
    negativeTtl: false,
  });
}

function describeMode(config: ApiConfig) {
  return {
    mode: config.mode,
    database:
      config.database.type === "embedded"
        ? `embedded${config.database.file ? ` (${config.database.file})` : " (in memory)"}`
        : redactUrl(config.database.url),
    redis: !config.redis
      ? "none (in-process admission, locks, cache and rate limits)"
      : "url" in config.redis
        ? redactUrl(config.redis.url)
        : config.redis.clusterNodes.map(redactUrl).join(","),
    port: config.port,
  };
}

function modeMessage(config: ApiConfig): string {
  return config.mode === "embedded"
    ? "starting in EMBEDDED mode: sql.js database and in-process locks/cache; for development only (set DATABASE_URL and REDIS_URL for production)"
    : "starting with MySQL" + (config.redis ? " and Redis" : "");
}

async function connectRedis(redis: NonNullable<ApiConfig["redis"]>, logger: Logger): Promise<RedisHandle> {
  const onError = (error: unknown) => logger.error({ err: error }, "redis connection error");
  if ("url" in redis) {
    const client = makeClient(redis.url);
    client.on("error", onError);
    await client.connect();
    return { kind: "client", client };
  }
  const client = makeCluster(redis.clusterNodes);
  client.on("error", onError);
  await client.connect();
  return { kind: "cluster", client };
}

/**
 * Two demo events on an empty database, so `npm start` shows both ways of selling: "Demo Concert" reserved directly
 * and confirmed at once, and "Demo Opening" sold through a waiting room that opens at start-up, each reservation a
 * hold to pay within five minutes. The room is configured as PUT /api/events/{id}/waiting-room does it.
 */
async function seedDemoEvents(
  engine: ReservationEngine,
  rooms: Pick<Rooms, "configure">,
  logger: Logger,
): Promise<void> {
  const existing = await engine.listEvents({ limit: 1 });
  if (existing.items.length > 0) return;
  const eventDate = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  eventDate.setUTCHours(19, 0, 0, 0);
  const concert = await engine.createEvent({
    eventName: "Demo Concert",
    totalSeats: 100,
    eventDate,
    maxPerUser: 4,
  });
  const opening = await engine.createEvent({
    eventName: "Demo Opening",
    totalSeats: 50,
    eventDate: new Date(eventDate.getTime() + 24 * 3600 * 1000),
    maxPerUser: 2,
    holdSeconds: DEMO_HOLD_SECONDS,
  });
  const room = WaitingRoomSettingsSchema.parse({
    opensAt: new Date().toISOString(),
    admitPerSecond: DEMO_ADMIT_PER_SECOND,
  });
  await rooms.configure(opening.id, { ...room, opensAt: new Date(room.opensAt) });
  for (const event of [concert, opening]) {
    logger.info(
      { eventId: event.id },
      `seeded demo event "${event.eventName}" (${event.totalSeats} seats): GET /api/events/${event.id}`,
    );
  }
}

/** The demo opening's hold: five minutes to pay. */
const DEMO_HOLD_SECONDS = 300;
/** The demo opening admits two buyers a second: with a few tabs open, a place in line is seen moving. */
const DEMO_ADMIT_PER_SECOND = 2;
