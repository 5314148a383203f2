import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import {
  ConfigError,
  CONFIG_VARIABLES,
  DEV_JWT_SECRET,
  DEV_WAITING_ROOM_SECRET,
  loadConfig,
  redactUrl,
} from "../src/config.js";

describe("loadConfig", () => {
  test("defaults to embedded mode on port 3000 with the dev secret", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: "embedded",
      port: 3000,
      database: { type: "embedded" },
      redis: null,
      auth: { secret: DEV_JWT_SECRET, jwksUrl: null, devSecret: true },
      metrics: { kind: "off", flushMs: 60_000 },
      logLevel: "info",
      maxQuantityPerRequest: 10,
      seedDemoEvent: true,
    });
  });

  test("trusts proxies on this host in embedded development only, and what TRUST_PROXY says otherwise", () => {
    expect(loadConfig({}).trustProxy).toBe("loopback");
    expect(loadConfig({ DATABASE_URL: "mysql://h/db" }).trustProxy).toBe(0);
    expect(
      loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32), WAITING_ROOM_SECRET: "w".repeat(32) })
        .trustProxy,
    ).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback", DATABASE_URL: "mysql://h/db" }).trustProxy).toBe("loopback");
  });

  test("signs admissions with the development secret until WAITING_ROOM_SECRET is set, and publishes no outbox", () => {
    expect(loadConfig({})).toMatchObject({
      waitingRoom: { secret: DEV_WAITING_ROOM_SECRET, devSecret: true, admissionTtlMs: 120_000 },
      outbox: null,
    });
    const queueUrl = "https://sqs.ap-northeast-2.amazonaws.com/123456789012/ticketing-notifications";
    expect(
      loadConfig({
        WAITING_ROOM_SECRET: "w".repeat(32),
        WAITING_ROOM_ADMISSION_TTL_MS: "30000",
        OUTBOX_QUEUE_URL: queueUrl,
      }),
    ).toMatchObject({
      waitingRoom: { secret: "w".repeat(32), devSecret: false, admissionTtlMs: 30_000 },
      outbox: { queueUrl },
    });
  });

  test("reads the real stack from DATABASE_URL, REDIS_URL and JWT_SECRET", () => {
    const config = loadConfig({
      DATABASE_URL: "mysql://app:pw@db:3306/ticketing",
      DATABASE_READER_URL: "mysql://app:pw@replica:3306/ticketing",
      REDIS_URL: "redis://cache:6379",
      JWT_SECRET: "s".repeat(32),
      JWT_ISSUER: "https://id.example.com/",
      JWT_AUDIENCE: "ticketing",
      METRICS: "cloudwatch",
      CORS_ORIGINS: "https://app.example.com, http://localhost:5173",
      MAX_QUANTITY_PER_REQUEST: "4",
    });
    expect(config).toMatchObject({
      mode: "mysql",
      database: {
        type: "mysql",
        url: "mysql://app:pw@db:3306/ticketing",
        readerUrl: "mysql://app:pw@replica:3306/ticketing",
      },
      redis: { url: "redis://cache:6379" },
      auth: {
        secret: "s".repeat(32),
        devSecret: false,
        issuer: "https://id.example.com/",
        audience: "ticketing",
      },
      metrics: { kind: "cloudwatch" },
      corsOrigins: ["https://app.example.com", "http://localhost:5173"],
      maxQuantityPerRequest: 4,
      seedDemoEvent: false,
    });
  });

  test.each([
    [{ PORT: "http" }, 'PORT must be a whole number (got "http")'],
    [{ PORT: "70000" }, 'PORT must be at most 65535 (got "70000")'],
    [
      { DATABASE_URL: "postgres://u:secret@h/db" },
      "DATABASE_URL must be a mysql:// URL such as mysql://user:password@host:3306/ticketing",
    ],
    [
      { REDIS_URL: "localhost:6379" },
      "REDIS_URL must be a redis:// or rediss:// URL such as redis://localhost:6379",
    ],
    [{ JWT_SECRET: "short" }, "JWT_SECRET must be at least 32 characters (256 bits) for HS256"],
    [
      { JWKS_URL: "ftp://keys" },
      'JWKS_URL must be an http(s):// URL of a JSON Web Key Set (got "ftp://keys")',
    ],
    [{ METRICS: "prometheus" }, 'METRICS must be "off" or "cloudwatch" (got "prometheus")'],
    [
      { LOG_LEVEL: "loud" },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [
      { CORS_ORIGINS: "https://a.example.com/path" },
      'CORS_ORIGINS each origin must look like https://app.example.com (scheme, host, optional port; no path) (got "https://a.example.com/path")',
    ],
    [{ MAX_QUANTITY_PER_REQUEST: "0" }, 'MAX_QUANTITY_PER_REQUEST must be at least 1 (got "0")'],
    [
      { JWT_SECRET: "s".repeat(32), JWKS_URL: "https://id.example.com/jwks" },
      "JWT_SECRET and JWKS_URL are both set; choose one way to verify tokens",
    ],
    [
      { NODE_ENV: "production", WAITING_ROOM_SECRET: "w".repeat(32) },
      "JWT_SECRET or JWKS_URL is required when NODE_ENV=production (the dev secret is refused)",
    ],
    [
      { NODE_ENV: "production", JWT_SECRET: "s".repeat(32) },
      "WAITING_ROOM_SECRET is required when NODE_ENV=production (the dev secret is refused)",
    ],
    [{ WAITING_ROOM_SECRET: "short" }, "WAITING_ROOM_SECRET must be at least 32 bytes"],
    [
      { TRUST_PROXY: "everyone" },
      'TRUST_PROXY must be a number of proxy hops from 0 to 10, or "loopback" (got "everyone")',
    ],
    [
      { OUTBOX_QUEUE_URL: "sqs://queue" },
      'OUTBOX_QUEUE_URL must be an SQS queue URL such as https://sqs.ap-northeast-2.amazonaws.com/123456789012/name (got "sqs://queue")',
    ],
    [{ DATABASE_READER_URL: "mysql://r@h/db" }, "DATABASE_READER_URL needs DATABASE_URL"],
    [
      { DATABASE_SECRET_ARN: "arn:aws:secretsmanager:r:1:secret:db" },
      "DATABASE_SECRET_ARN needs DATABASE_URL",
    ],
    [{ DATABASE_CA_FILE: __filename }, "DATABASE_CA_FILE needs DATABASE_URL"],
    [
      { DATABASE_URL: "mysql://h/db", DATABASE_CA_FILE: "/nonexistent/rds-ca.pem" },
      'DATABASE_CA_FILE must name an existing PEM file of CA certificates (got "/nonexistent/rds-ca.pem")',
    ],
  ])("refuses %j with one clear message", (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe("E_CONFIG");
    expect((error as ConfigError).problems).toEqual([message]);
  });

  test("reads the CA bundle's path and the credentials secret of the database", () => {
    const config = loadConfig({
      DATABASE_URL: "mysql://db.example:3306/ticketing",
      DATABASE_CA_FILE: __filename,
      DATABASE_SECRET_ARN: "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:app-user",
    });
    expect(config.database).toEqual({
      type: "mysql",
      url: "mysql://db.example:3306/ticketing",
      caFile: __filename,
      secretArn: "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:app-user",
    });
  });

  test("lists every problem at once and never quotes a secret", () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: "-1", JWT_SECRET: "tiny-secret", DATABASE_URL: "http://user:hunter2@db" });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error?.problems).toHaveLength(3);
    expect(error?.message).not.toContain("tiny-secret");
    expect(error?.message).not.toContain("hunter2");
  });

  test("runs one process unless WORKERS asks for more, which need MySQL and Redis to share their state", () => {
    const shared = { DATABASE_URL: "mysql://h/db", REDIS_URL: "redis://h:6379" };
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...shared, WORKERS: "4" }).workers).toBe(4);
    expect(loadConfig({ ...shared, WORKERS: "auto" }).workers).toBe(availableParallelism());
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ WORKERS: "0" })).toEqual(['WORKERS must be at least 1 (got "0")']);
    expect(problems({ WORKERS: "2" })).toEqual([
      "WORKERS=2 needs DATABASE_URL and REDIS_URL (or REDIS_CLUSTER_NODES): the processes share their state only there",
    ]);
    expect(problems({ DATABASE_URL: "mysql://h/db", WORKERS: "2" })).toHaveLength(1);
    expect(problems({ ...shared, WORKERS: "2", SEED_DEMO_EVENT: "true" })).toEqual([
      "SEED_DEMO_EVENT needs WORKERS=1: each process would seed the demo events",
    ]);
  });

  test("redactUrl hides passwords", () => {
    expect(redactUrl("mysql://app:hunter2@db:3306/t")).toBe("mysql://app:***@db:3306/t");
  });

  test("every variable it reads is in the README's configuration table", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const table = readme
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .join("\n");
    expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
    for (const name of CONFIG_VARIABLES) expect(table).toContain(`\`${name}\``);
  });
});
