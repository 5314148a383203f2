import { createClient } from "@redis/client";
import { redisServer, testDatabase, uniquePrefix, waitUntil, type TestDatabase } from "@ticketing/testing";
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
  options: Partial<ReservationEngineOptions> & { redisUrl?: string; withReader?: boolean } = {},
): Promise<MysqlSetup> {
  const db = await testDatabase(name);
  const redis = await connectRedis(options.redisUrl);
  const prefix = uniquePrefix(name);
  const engine = await ReservationEngine.create({
    // The reader is the writer here; it exercises the second connection pool that an Aurora reader would get.
    database: {
      type: "mysql",
      url: db.url,
      poolSize: 8,
      ...(options.withReader ? { readerUrl: db.url } : {}),
    },
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

/** 16 callers reserve one seat at a time until the engine says sold out; returns how many they got. */
export async function drain(engine: ReservationEngine, eventId: string, user = "drainer"): Promise<number> {
  let got = 0;
  let soldOut = false;
  await Promise.all(
    Array.from({ length: 16 }, async (_, caller) => {
      for (let i = 0; !soldOut; i++) {
        try {
          await engine.reserve({ eventId, userId: `${user}-${caller}-${i}`, quantity: 1 });
          got++;
        } catch (error) {
          const code = (error as ReservationError).code;
          if (code === "E_SOLD_OUT") soldOut = true;
          else if (code !== "E_UNAVAILABLE") throw error;
        }
      }
    }),
  );
  return got;
}

/** Resolves once the storm has confirmed `more` reservations beyond those it had when called. */
export async function progress(live: StormResult, more: number, what: string): Promise<void> {
  const target = live.confirmed.size + more;
  await waitUntil(async () => live.confirmed.size >= target, 30_000, `${more} more reservations ${what}`);
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

export interface StormResult {
  /** reservation id -> quantity, for every reserve call that resolved */
  confirmed: Map<string, number>;
  codes: Map<string, number>;
}

/**
 * `workers` callers reserving (quantity 1-2) until `during` has finished and `afterMs` more have passed. `during`
 * sees the results as they come, so that it can wait for the storm to be under way instead of sleeping.
 */
export async function storm(
  engine: ReservationEngine,
  eventId: string,
  options: { workers: number; during: (live: StormResult) => Promise<void>; afterMs?: number },
): Promise<StormResult> {
  const confirmed = new Map<string, number>();
  const codes = new Map<string, number>();
  let stop = false;
  const callers = Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      for (let i = 0; !stop; i++) {
        const quantity = 1 + ((worker + i) % 2);
        try {
          const { reservation } = await engine.reserve({ eventId, userId: `w${worker}-${i}`, quantity });
          confirmed.set(reservation.id, quantity);
        } catch (error) {
          codes.set(codeOf(error), (codes.get(codeOf(error)) ?? 0) + 1);
        }
      }
    }),
  );
  await options.during({ confirmed, codes });
  await new Promise((resolve) => setTimeout(resolve, options.afterMs ?? 200));
  stop = true;
  await callers;
  return { confirmed, codes };
}

/**
 * Invariants after a storm: every success is a committed row (2), the database is consistent and not oversold (1),
 * and once things settle every remaining seat can be bought and then it is sold out (3, 5).
 */
export async function expectInvariants(
  engine: ReservationEngine,
  url: string,
  eventId: string,
  result: StormResult,
): Promise<void> {
  const before = await dbState(url, eventId);
  for (const id of result.confirmed.keys()) {
    if (!before.confirmedIds.has(id))
      throw new Error(`caller was told ${id} succeeded but it is not committed`);
  }
  if (before.confirmed > before.total) throw new Error(`oversold: ${before.confirmed} > ${before.total}`);
  if (before.available !== before.total - before.confirmed) throw new Error("available != total - confirmed");
  const soldOut = (result.codes.get("E_SOLD_OUT") ?? 0) + (result.codes.get("E_INSUFFICIENT_SEATS") ?? 0);
  // Storm callers ask for at most 2 seats: "sold out" while 2 or more were left would be a false sold-out.
  if (soldOut > 0 && before.available >= 2)
    throw new Error(`${soldOut} sold-out answers, ${before.available} left`);
  await drain(engine, eventId);
  const after = await dbState(url, eventId);
  if (after.confirmed !== after.total || after.available !== 0) {
    throw new Error(
      `after draining: ${after.confirmed} of ${after.total} sold, ${after.available} available`,
    );
  }
}
