import { mysqlServer, redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { createApp } from "../../src/app.js";
import { signToken } from "../../src/auth/sign-token.js";
import { loadConfig, type ApiConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { start, type RunningServer } from "../../src/server.js";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123";

let serversUsed = false;

/** The shared MySQL and Redis of this test file; stopped after its last test when the harness spawned them. */
export async function servers() {
  serversUsed = true;
  return { mysql: await mysqlServer(), redis: await redisServer() };
}

afterAll(async () => {
  if (!serversUsed) return;
  const { mysql, redis } = await servers();
  await mysql.stop();
  await redis.stop();
});

export interface TestApi {
  readonly url: string;
  readonly config: ApiConfig;
  readonly runtime: Runtime;
  readonly server: RunningServer;
  readonly db: TestDatabase | undefined;
  /** Every JSON log line written so far. */
  readonly logs: Record<string, unknown>[];
  token(sub: string, role?: "user" | "admin"): Promise<string>;
  /** Stops the server (draining the engine) and drops the test database. */
  stop(): Promise<void>;
}

/** Starts the real app: "real" on its own MySQL database and the shared Redis (own key prefix), or "embedded". */
export async function startApi(
  mode: "real" | "embedded",
  env: Record<string, string> = {},
  options: { keepDatabase?: boolean } = {},
): Promise<TestApi> {
  const shared = mode === "real" ? await servers() : undefined;
  const db = shared ? await testDatabase("api", shared.mysql) : undefined;
  const redis = shared?.redis;
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    JWT_SECRET: TEST_SECRET,
    RATE_LIMIT_PER_IP: "1000000",
    RATE_LIMIT_PER_USER: "1000000",
    SEED_DEMO_EVENT: "false",
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix("api") } : {}),
    ...env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: config.logLevel,
    destination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const runtime = await createRuntime(config, logger);
  const server = await start(createApp(runtime.deps), {
    port: 0,
    host: "127.0.0.1",
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onDrained: () => runtime.close(),
  });
  return {
    url: server.url,
    config,
    runtime,
    server,
    db,
    logs,
    token: (sub, role = "user") => signToken({ userId: sub, role }, config.auth),
    stop: async () => {
      await server.stop();
      if (!options.keepDatabase) await db?.drop();
    },
  };
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** One HTTP call; `body` objects are sent as JSON, strings as they are. */
export async function call(
  api: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A fingerprint of the engine's tables: row counts and CHECKSUM TABLE of each. */
export async function databaseFingerprint(url: string): Promise<string> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query("CHECKSUM TABLE events, reservations");
    const [counts] = await connection.query(
      "SELECT (SELECT COUNT(*) FROM events) AS events, (SELECT COUNT(*) FROM reservations) AS reservations",
    );
    return JSON.stringify({ rows, counts });
  } finally {
    await connection.end();
  }
}

/** Confirmed reservation ids in the database. */
export async function confirmedIds(url: string): Promise<Set<string>> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query("SELECT id FROM reservations WHERE status = 'CONFIRMED'");
    return new Set((rows as { id: string }[]).map((row) => String(row.id)));
  } finally {
    await connection.end();
  }
}

export const inOneYear = () => new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
