import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { RESERVATION_LIMITS } from "@ticketing/reservation";
import { MIN_SECRET_BYTES, WAITING_ROOM_DEFAULTS } from "@ticketing/waiting-room";

/** The development-only HS256 secret used when neither JWT_SECRET nor JWKS_URL is set (never in production). */
export const DEV_JWT_SECRET = "dev-only-insecure-secret-change-me-0123456789";

/** The development-only waiting-room secret used when WAITING_ROOM_SECRET is not set (never in production). */
export const DEV_WAITING_ROOM_SECRET = "dev-only-waiting-room-secret-change-me-0123456789";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const intFrom = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const boolFrom = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { message: "must be true or false" })
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

const mysqlUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^mysql:$/.test(new URL(value).protocol), {
    message: "must be a mysql:// URL such as mysql://user:password@host:3306/ticketing",
  });

const redisUrl = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^rediss?:$/.test(new URL(value).protocol), {
    message: "must be a redis:// or rediss:// URL such as redis://localhost:6379",
  });

const csv = z.string().transform((value) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
);

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: intFrom(0, 65_535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATABASE_URL: mysqlUrl.optional(),
  DATABASE_READER_URL: mysqlUrl.optional(),
  DATABASE_POOL_SIZE: intFrom(1, 1000).optional(),
  DATABASE_CA_FILE: z
    .string()
    .trim()
    .min(1)
    .refine((file) => existsSync(file), { message: "must name an existing PEM file of CA certificates" })
    .optional(),
  DATABASE_SECRET_ARN: z.string().trim().min(1).optional(),
  EMBEDDED_DB_FILE: z.string().trim().min(1).optional(),
  REDIS_URL: redisUrl.optional(),
  REDIS_CLUSTER_NODES: csv.pipe(z.array(redisUrl).min(1, "must list at least one redis:// URL")).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9:_.-]+$/, "may only contain letters, digits and : _ . -")
    .default("ticketing:"),
  JWT_SECRET: z.string().min(32, "must be at least 32 characters (256 bits) for HS256").optional(),
  JWKS_URL: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: "must be an http(s):// URL of a JSON Web Key Set",
    })
    .optional(),
  JWT_ISSUER: z.string().trim().min(1).optional(),
  JWT_AUDIENCE: z.string().trim().min(1).optional(),
  JWT_MAX_LIFETIME_SECONDS: intFrom(60, 31_536_000).default(86_400),
  METRICS: z.enum(["off", "cloudwatch"], { message: 'must be "off" or "cloudwatch"' }).default("off"),
  METRICS_NAMESPACE: z.string().trim().min(1).max(255).default("Ticketing/Api"),
  METRICS_FLUSH_MS: intFrom(1000, 3_600_000).default(60_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  CORS_ORIGINS: csv
    .pipe(
      z.array(
        z.string().refine((value) => URL.canParse(value) && new URL(value).origin === value, {
          message:
            "each origin must look like https://app.example.com (scheme, host, optional port; no path)",
        }),
      ),
    )
    .default([]),
  TRUST_PROXY: z
    .union([z.literal("loopback"), intFrom(0, 10)], {
      message: 'must be a number of proxy hops from 0 to 10, or "loopback"',
    })
    .optional(),
  WAITING_ROOM_SECRET: z
    .string()
    .refine((value) => Buffer.byteLength(value) >= MIN_SECRET_BYTES, {
      message: `must be at least ${MIN_SECRET_BYTES} bytes`,
    })
    .optional(),
  WAITING_ROOM_ADMISSION_TTL_MS: intFrom(1_000, 3_600_000).default(WAITING_ROOM_DEFAULTS.admissionTtlMs),
  OUTBOX_QUEUE_URL: z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
      message: "must be an SQS queue URL such as https://sqs.ap-northeast-2.amazonaws.com/123456789012/name",
    })
    .optional(),
  RATE_LIMIT_WINDOW_MS: intFrom(1000, 86_400_000).default(60_000),
  RATE_LIMIT_PER_IP: intFrom(1, 10_000_000).default(1200),
  RATE_LIMIT_PER_USER: intFrom(1, 10_000_000).default(300),
  MAX_QUANTITY_PER_REQUEST: intFrom(1, 1000).default(RESERVATION_LIMITS.quantityMaxDefault),
  EVENT_RESPONSE_TTL_MS: intFrom(0, 60_000).default(500),
  SHUTDOWN_TIMEOUT_MS: intFrom(100, 60_000).default(9000),
  WORKERS: z
    .union([z.literal("auto"), intFrom(1, 64)], {
      message: 'must be a number of processes from 1 to 64, or "auto"',
    })
    .default(1),
  SEED_DEMO_EVENT: boolFrom.optional(),
});

/** The environment variables the app reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export type Environment = Record<string, string | undefined>;

/** The validated runtime configuration of the API. */
export interface ApiConfig {
  readonly mode: "embedded" | "mysql";
  readonly production: boolean;
  readonly port: number;
  readonly host: string;
  readonly database:
    | { readonly type: "embedded"; readonly file?: string }
    | {
        readonly type: "mysql";
        readonly url: string;
        readonly readerUrl?: string;
        readonly poolSize?: number;
        /** PEM bundle the server's certificate must chain to; set, the app connects only over verified TLS. */
        readonly caFile?: string;
        /**
         * Secrets Manager secret (ARN or name) whose JSON holds `username` and `password`: read at start and again
         * whenever the database refuses the login, e.g. after a rotation. Overrides the URLs' user and password.
         */
        readonly secretArn?: string;
      };
  readonly redis: { readonly url: string } | { readonly clusterNodes: readonly string[] } | null;
  /** Prefix of every Redis key the app and its libraries write. */
  readonly redisKeyPrefix: string;
  readonly auth: {
    /** HS256 secret, or null when JWKS is used. */
    readonly secret: string | null;
    readonly jwksUrl: string | null;
    readonly issuer?: string;
    readonly audience?: string;
    /** Tokens whose `exp` is further ahead than this (s) are refused. */
    readonly maxLifetimeSeconds: number;
    /** True when the built-in development secret is in use. */
    readonly devSecret: boolean;
  };
  readonly metrics: {
    readonly kind: "off" | "cloudwatch";
    readonly namespace: string;
    readonly flushMs: number;
  };
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly corsOrigins: readonly string[];
  /** Proxy hops whose X-Forwarded-For is believed, or "loopback": proxies on this host (the embedded default). */
  readonly trustProxy: number | "loopback";
  readonly waitingRoom: {
    /** Signs admission tokens and ticket receipts; the same on every instance. */
    readonly secret: string;
    /** True when the built-in development secret is in use. */
    readonly devSecret: boolean;
    /** How long an admitted buyer has to reserve, in ms. */
    readonly admissionTtlMs: number;
  };
  /** Publish every reservation change to this SQS queue through the transactional outbox; null = no outbox. */
  readonly outbox: { readonly queueUrl: string } | null;
  readonly rateLimit: { readonly windowMs: number; readonly perIp: number; readonly perUser: number };
  readonly maxQuantityPerRequest: number;
  readonly shutdownTimeoutMs: number;
  /** Processes serving the port (node:cluster); more than one needs MySQL and Redis, which they share. */
  readonly workers: number;
  /** How long GET /api/events/{id} may serve an in-process copy (0 = off). */
  readonly eventResponseTtlMs: number;
  readonly seedDemoEvent: boolean;
}

/** Thrown by {@link loadConfig}; `problems` holds one line per bad variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "E_CONFIG";
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

const SECRET_VARIABLES = new Set([
  "JWT_SECRET",
  "DATABASE_URL",
  "DATABASE_READER_URL",
  "REDIS_URL",
  "REDIS_CLUSTER_NODES",
  "WAITING_ROOM_SECRET",
]);

/**
 * Validates the environment and returns the configuration, or throws a {@link ConfigError} listing every problem
 * (values of secret variables are never quoted).
 */
export function loadConfig(env: Environment = process.env): ApiConfig {
  const input = Object.fromEntries(
    Object.keys(EnvSchema.shape).flatMap((key) => {
      const value = env[key];
      return value === undefined || value === "" ? [] : [[key, value]];
    }),
  );
  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const raw = input[variable];
        const shown =
          SECRET_VARIABLES.has(variable) || raw === undefined ? "" : ` (got ${JSON.stringify(raw)})`;
        return `${variable} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];
  if (e.JWT_SECRET && e.JWKS_URL)
    problems.push("JWT_SECRET and JWKS_URL are both set; choose one way to verify tokens");
  if (production && !e.JWT_SECRET && !e.JWKS_URL)
    problems.push("JWT_SECRET or JWKS_URL is required when NODE_ENV=production (the dev secret is refused)");
  if (production && !e.WAITING_ROOM_SECRET)
    problems.push("WAITING_ROOM_SECRET is required when NODE_ENV=production (the dev secret is refused)");
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES)
    problems.push("REDIS_URL and REDIS_CLUSTER_NODES are both set; choose one");
  if (e.DATABASE_READER_URL && !e.DATABASE_URL) problems.push("DATABASE_READER_URL needs DATABASE_URL");
  if (e.DATABASE_CA_FILE && !e.DATABASE_URL) problems.push("DATABASE_CA_FILE needs DATABASE_URL");
  if (e.DATABASE_SECRET_ARN && !e.DATABASE_URL) problems.push("DATABASE_SECRET_ARN needs DATABASE_URL");
  if (e.EMBEDDED_DB_FILE && e.DATABASE_URL)
    problems.push("EMBEDDED_DB_FILE and DATABASE_URL are both set; choose one");
  const workers = e.WORKERS === "auto" ? availableParallelism() : e.WORKERS;
  if (workers > 1 && (!e.DATABASE_URL || !(e.REDIS_URL || e.REDIS_CLUSTER_NODES)))
    problems.push(
      `WORKERS=${workers} needs DATABASE_URL and REDIS_URL (or REDIS_CLUSTER_NODES): the processes share their state only there`,
    );
  if (workers > 1 && e.SEED_DEMO_EVENT)
    problems.push(`SEED_DEMO_EVENT needs WORKERS=1: each process would seed the demo events`);
  if (problems.length > 0) throw new ConfigError(problems);

  const database: ApiConfig["database"] = e.DATABASE_URL
    ? {
        type: "mysql",
        url: e.DATABASE_URL,
        ...(e.DATABASE_READER_URL ? { readerUrl: e.DATABASE_READER_URL } : {}),
        ...(e.DATABASE_POOL_SIZE ? { poolSize: e.DATABASE_POOL_SIZE } : {}),
        ...(e.DATABASE_CA_FILE ? { caFile: e.DATABASE_CA_FILE } : {}),
        ...(e.DATABASE_SECRET_ARN ? { secretArn: e.DATABASE_SECRET_ARN } : {}),
      }
    : { type: "embedded", ...(e.EMBEDDED_DB_FILE ? { file: e.EMBEDDED_DB_FILE } : {}) };
  const redis = e.REDIS_URL
    ? { url: e.REDIS_URL }
    : e.REDIS_CLUSTER_NODES
      ? { clusterNodes: e.REDIS_CLUSTER_NODES }
      : null;
  const devSecret = !e.JWT_SECRET && !e.JWKS_URL;
  return {
    mode: database.type,
    production,
    port: e.PORT,
    host: e.HOST,
    database,
    redis,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    auth: {
      secret: e.JWT_SECRET ?? (e.JWKS_URL ? null : DEV_JWT_SECRET),
      jwksUrl: e.JWKS_URL ?? null,
      ...(e.JWT_ISSUER ? { issuer: e.JWT_ISSUER } : {}),
      ...(e.JWT_AUDIENCE ? { audience: e.JWT_AUDIENCE } : {}),
      maxLifetimeSeconds: e.JWT_MAX_LIFETIME_SECONDS,
      devSecret,
    },
    metrics: { kind: e.METRICS, namespace: e.METRICS_NAMESPACE, flushMs: e.METRICS_FLUSH_MS },
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
    // Embedded, a local proxy (or load generator) may say who the client is; a remote peer never can.
    trustProxy: e.TRUST_PROXY ?? (database.type === "embedded" && !production ? "loopback" : 0),
    waitingRoom: {
      secret: e.WAITING_ROOM_SECRET ?? DEV_WAITING_ROOM_SECRET,
      devSecret: !e.WAITING_ROOM_SECRET,
      admissionTtlMs: e.WAITING_ROOM_ADMISSION_TTL_MS,
    },
    outbox: e.OUTBOX_QUEUE_URL ? { queueUrl: e.OUTBOX_QUEUE_URL } : null,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      perIp: e.RATE_LIMIT_PER_IP,
      perUser: e.RATE_LIMIT_PER_USER,
    },
    maxQuantityPerRequest: e.MAX_QUANTITY_PER_REQUEST,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workers,
    eventResponseTtlMs: e.EVENT_RESPONSE_TTL_MS,
    seedDemoEvent: e.SEED_DEMO_EVENT ?? (database.type === "embedded" && !e.EMBEDDED_DB_FILE),
  };
}

/** A URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return "<invalid url>";
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
