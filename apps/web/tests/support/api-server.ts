import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { mysqlServer, redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import type { EventView, NewEvent, Reservation, Role, Session } from "../../src/api/types";

/** The API as `npm start` runs it: the built apps/api, which serves the built page at `/`. */
export const API_MAIN = resolve(__dirname, "../../../api/dist/main.js");

export interface RunningApi {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** A session from the API's development sign-in. */
  signIn(name: string, role?: Role): Promise<Session>;
  /** One JSON call; throws with the problem's code when the answer is not 2xx. */
  call<T>(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<T>;
  /** Creates an event (10 seats, 4 per buyer, in 30 days unless told), with a hold and a waiting room if given. */
  createEvent(admin: Session, event?: Partial<NewEvent>): Promise<EventView>;
  /** POST /api/reservations; `admissionToken` for an event that sells through a waiting room. */
  reserve(
    buyer: Session,
    eventId: string,
    quantity: number,
    options?: { admissionToken?: string },
  ): Promise<Reservation>;
  /** SIGTERM, wait for the process to exit, drop its database. */
  stop(): Promise<void>;
}

export interface StartApiOptions {
  /** "mysql": its own MariaDB database and the shared Redis (own key prefix); "embedded": sql.js in memory. */
  mode?: "mysql" | "embedded";
  /** Extra variables (e.g. EVENT_RESPONSE_TTL_MS, MAX_QUANTITY_PER_REQUEST). */
  env?: Record<string, string>;
}

// Variables of the caller's environment that would change what is tested: the API must sign with its development
// secret (so the development sign-in exists) and use only the servers given here.
const INHERITED_OUT = [
  "NODE_ENV",
  "JWT_SECRET",
  "JWKS_URL",
  "JWT_ISSUER",
  "JWT_AUDIENCE",
  "DATABASE_URL",
  "DATABASE_READER_URL",
  "EMBEDDED_DB_FILE",
  "REDIS_URL",
  "REDIS_CLUSTER_NODES",
  "REDIS_KEY_PREFIX",
  "PORT",
  "HOST",
  "METRICS",
  "CORS_ORIGINS",
];

let serversUsed = false;

// The shared MariaDB and Redis are stopped after a file's last test when the harness spawned them (a no-op for the
// MYSQL_URL / REDIS_URL servers).
afterAll(async () => {
  if (!serversUsed) return;
  await Promise.all([(await mysqlServer()).stop(), (await redisServer()).stop()]);
});

/** How long the API may take to say it listens (a cold start on a loaded machine takes a few seconds). */
const START_TIMEOUT_MS = 30_000;

/** Starts the built API in a child process on a free port (port 0), against real MariaDB and Redis by default. */
export async function startApi(options: StartApiOptions = {}): Promise<RunningApi> {
  if (!existsSync(API_MAIN)) {
    throw new Error(
      `${API_MAIN} is missing: build the API first (npx nx run api:build; nx run web:test does it)`,
    );
  }
  let db: TestDatabase | undefined;
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of INHERITED_OUT) delete env[name];
  Object.assign(env, {
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    SEED_DEMO_EVENT: "false",
    RATE_LIMIT_PER_IP: "1000000",
    RATE_LIMIT_PER_USER: "1000000",
  });
  if ((options.mode ?? "mysql") === "mysql") {
    serversUsed = true;
    const [mysql, redis] = await Promise.all([mysqlServer(), redisServer()]);
    db = await testDatabase("web", mysql);
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: uniquePrefix("web") });
  }
  Object.assign(env, options.env);

  const child = spawn(process.execPath, [API_MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
  let url: string;
  try {
    url = await listeningUrl(child);
  } catch (error) {
    child.kill("SIGKILL");
    await db?.drop();
    throw error;
  }

  const call = async <T>(method: string, path: string, init: { token?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const body = (await response.json()) as T & { code?: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${body.code}`);
    return body as T;
  };

  return {
    url,
    call,
    signIn: (name, role = "user") => call<Session>("POST", "/api/dev/sign-in", { body: { name, role } }),
    createEvent: (admin, event = {}) =>
      call<EventView>("POST", "/api/events", {
        token: admin.token,
        body: {
          eventName: "Test Concert",
          totalSeats: 10,
          eventDate: new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
          maxPerUser: 4,
          ...event,
        },
      }),
    reserve: (buyer, eventId, quantity, options = {}) =>
      call<Reservation>("POST", "/api/reservations", {
        token: buyer.token,
        body: { eventId, quantity, ...options },
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        await exited;
      }
      await db?.drop();
    },
  };
}

/** Reads the API's JSON log until its "listening" line, and returns the URL it names. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = "";
    let pending = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        let entry: { msg?: unknown; port?: unknown };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        if (typeof entry.port === "number" && String(entry.msg).startsWith("listening on")) {
          child.stdout?.off("data", onData);
          child.stdout?.resume();
          clearTimeout(timer);
          resolveUrl(`http://127.0.0.1:${entry.port}`);
        }
      }
    };
    const timer = setTimeout(
      () => reject(new Error(`the API did not listen within ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}
