import { createClient, createCluster } from "@redis/client";
import { ReservationEngine } from "@ticketing/reservation";
import type { Logger } from "pino";
import type { AppDeps } from "./app.js";
import { createTokenVerifier } from "./auth/verify-token.js";
import { redactUrl, type ApiConfig } from "./config.js";
import type { Engine } from "./engine.js";
import { createRateLimiters, type RateLimitRedis } from "./http/rate-limit.js";
import { createLifecycle } from "./lifecycle.js";
import { CloudWatchMetrics } from "./metrics/cloudwatch.js";
import { noopMetrics, type Metrics } from "./metrics/metrics.js";

export interface Runtime {
  readonly deps: AppDeps;
  /** Closes the engine (draining pending batches), limiters, metrics and Redis, in that order. */
  close(): Promise<void>;
}

const makeClient = (url: string) => createClient({ url });
const makeCluster = (urls: readonly string[]) => createCluster({ rootNodes: urls.map((url) => ({ url })) });

type RedisHandle =
  | { kind: "client"; client: ReturnType<typeof makeClient> }
  | { kind: "cluster"; client: ReturnType<typeof makeCluster> };

/** Connects what the configuration asks for and returns the dependencies of {@link createApp}. */
export async function createRuntime(config: ApiConfig, logger: Logger): Promise<Runtime> {
  logger.info(describeMode(config), modeMessage(config));
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

  const redis = config.redis ? await connectRedis(config.redis, logger) : null;
  let engine: Engine;
  try {
    engine = await ReservationEngine.create({
      database:
        config.database.type === "embedded"
          ? { type: "embedded", ...(config.database.file ? { file: config.database.file } : {}) }
          : { ...config.database },
      ...(redis ? { redis: redis.client } : {}),
      maxQuantityPerRequest: config.maxQuantityPerRequest,
    } as Parameters<typeof ReservationEngine.create>[0]);
  } catch (error) {
    await redis?.client.close().catch(() => {});
    throw error;
  }

  const metrics: Metrics =
    config.metrics.kind === "cloudwatch"
      ? new CloudWatchMetrics({
          namespace: config.metrics.namespace,
          flushMs: config.metrics.flushMs,
          onError: (error) => logger.warn({ err: error }, "PutMetricData failed; batch dropped"),
        })
      : noopMetrics;
  const limiterRedis: RateLimitRedis | null = !redis
    ? null
    : redis.kind === "client"
      ? { sendCommand: (args) => redis.client.sendCommand(args) }
      : { sendCommandCluster: (key, readOnly, args) => redis.client.sendCommand(key, readOnly, args) };
  const limiters = createRateLimiters({ ...config.rateLimit, redis: limiterRedis });

  if (config.seedDemoEvent) await seedDemoEvent(engine, logger);

  return {
    deps: {
      engine,
      verifier: createTokenVerifier(config.auth),
      logger,
      metrics,
      limiters,
      lifecycle: createLifecycle(),
      corsOrigins: config.corsOrigins,
      trustProxy: config.trustProxy,
      maxQuantityPerRequest: config.maxQuantityPerRequest,
    },
    close: async () => {
      const step = async (what: string, fn: () => Promise<unknown>) => {
        try {
          await fn();
        } catch (error) {
          logger.error({ err: error }, `closing ${what} failed`);
        }
      };
      await step("engine", () => engine.close());
      await step("rate limiters", () => limiters.close());
      await step("metrics", () => metrics.close());
      if (redis) await step("redis", () => redis.client.close());
    },
  };
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

async function seedDemoEvent(engine: Engine, logger: Logger): Promise<void> {
  const existing = await engine.listEvents({ limit: 1 });
  if (existing.items.length > 0) return;
  const eventDate = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  eventDate.setUTCHours(19, 0, 0, 0);
  const event = await engine.createEvent({
    eventName: "Demo Concert",
    totalSeats: 100,
    eventDate,
    maxPerUser: 4,
  });
  logger.info(
    { eventId: event.id },
    `seeded demo event "${event.eventName}" (${event.totalSeats} seats): GET /api/events/${event.id}`,
  );
}
