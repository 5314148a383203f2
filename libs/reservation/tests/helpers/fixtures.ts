import { createClient } from "@redis/client";
import { redisServer, testDatabase, uniquePrefix, type TestDatabase } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { ReservationEngine, type ReservationEngineOptions, type ReservationError } from "../../src/index.js";

export function future(days = 30): Date {
  return new Date(Date.now() + days * 86_400_000);
}

export async function connectRedis(url?: string) {
  const client = createClient({
    url: url ?? (await redisServer()).url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * retries, 300), connectTimeout: 2_000 },
  });
  // A killed server must not crash the test process; the engine reports E_UNAVAILABLE instead.
  client.on("error", () => {});
  await client.connect();
  return client;
}

export type RedisClient = Awaited<ReturnType<typeof connectRedis>>;

export interface MysqlSetup {
  db: TestDatabase;
  redis: RedisClient;
  prefix: string;
  engine: ReservationEngine;
  close(): Promise<void>;
}

/** A test database of its own, a Redis key prefix of its own, and an engine over both. */
export async function mysqlSetup(
  name: string,
  options: Partial<ReservationEngineOptions> & { redisUrl?: string } = {},
): Promise<MysqlSetup> {
  const db = await testDatabase(name);
  const redis = await connectRedis(options.redisUrl);
  const prefix = uniquePrefix(name);
  const engine = await ReservationEngine.create({
    database: { type: "mysql", url: db.url, poolSize: 8 },
    redis,
    keyPrefix: prefix,
    ...options,
  });
  return {
    db,
    redis,
    prefix,
    engine,
    close: async () => {
      await engine.close();
      redis.destroy();
      await db.drop();
    },
  };
}

export interface DbState {
  total: number;
  available: number;
  confirmed: number;
  perUser: Map<string, number>;
  confirmedIds: Set<string>;
}

/** The event as the database has it, read on a connection of its own. */
export async function dbState(url: string, eventId: string): Promise<DbState> {
  const connection = await createConnection({ uri: url, dateStrings: true });
  try {
    const [events] = (await connection.query("SELECT total_seats, available_seats FROM events WHERE id = ?", [
      eventId,
    ])) as unknown as [{ total_seats: number; available_seats: number }[]];
    const [rows] = (await connection.query(
      "SELECT id, user_id, quantity FROM reservations WHERE event_id = ? AND status = 'CONFIRMED'",
      [eventId],
    )) as unknown as [{ id: string; user_id: string; quantity: number }[]];
    const perUser = new Map<string, number>();
    for (const r of rows) perUser.set(r.user_id, (perUser.get(r.user_id) ?? 0) + r.quantity);
    return {
      total: events[0]!.total_seats,
      available: events[0]!.available_seats,
      confirmed: rows.reduce((s, r) => s + r.quantity, 0),
      perUser,
      confirmedIds: new Set(rows.map((r) => r.id)),
    };
  } finally {
    await connection.end();
  }
}

/** Reserves one seat at a time until the engine says sold out; returns how many it got. */
export async function drain(engine: ReservationEngine, eventId: string, user = "drainer"): Promise<number> {
  let got = 0;
  for (let i = 0; ; i++) {
    try {
      await engine.reserve({ eventId, userId: `${user}-${i}`, quantity: 1 });
      got++;
    } catch (error) {
      const code = (error as ReservationError).code;
      if (code === "E_SOLD_OUT") return got;
      if (code !== "E_UNAVAILABLE") throw error;
    }
  }
}

export function codeOf(error: unknown): string {
  return (error as ReservationError).code ?? String(error);
}

/** Runs `count` tasks with at most `concurrency` at once. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
