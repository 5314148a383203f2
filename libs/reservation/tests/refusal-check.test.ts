import { createConnection } from "mysql2/promise";
import {
  codeOf,
  connectRedis,
  dbState,
  future,
  mysqlSetup,
  type MysqlSetup,
  type RedisClient,
} from "./helpers/fixtures.js";
import type { ReserveResult } from "../src/index.js";

function split(results: PromiseSettledResult<ReserveResult>[]) {
  const confirmed = results.filter(
    (r): r is PromiseFulfilledResult<ReserveResult> => r.status === "fulfilled",
  );
  const refused = results.flatMap((r, i) => (r.status === "rejected" ? [{ i, code: codeOf(r.reason) }] : []));
  return { confirmed, refused };
}

type ScriptCall = (sha: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>;

/** The real client, counting the admission script's runs per event (4 keys, 5 arguments: see admit.lua). */
function countingAdmissions(client: RedisClient, counts: Map<string, number>): RedisClient {
  const count = (options: { keys: string[]; arguments: string[] }) => {
    const eventId = /\{([^}]+)\}:available$/.exec(options.keys[0] ?? "")?.[1];
    if (eventId && options.keys.length === 4 && options.arguments.length === 5) {
      counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
    }
  };
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      // The engine may run its scripts through a view with other command options (no node-redis timeout).
      if (property === "withCommandOptions") {
        return (options: object) =>
          countingAdmissions(target.withCommandOptions(options) as unknown as RedisClient, counts);
      }
      if (property === "evalSha" || property === "eval") {
        const call = (value as ScriptCall).bind(target);
        return (first: string, options: { keys: string[]; arguments: string[] }) => {
          count(options);
          return call(first, options);
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("refused callers of a flash crowd (MariaDB + Redis)", () => {
  let setup: MysqlSetup;
  let redis: RedisClient;
  const admissions = new Map<string, number>();

  beforeAll(async () => {
    redis = await connectRedis();
    setup = await mysqlSetup("flash-crowd", { redis: countingAdmissions(redis, admissions) });
  });
  afterAll(async () => {
    await setup.close();
    redis.destroy();
  });

  test("sells exactly 100 seats to 6,000 concurrent callers and tells every other caller it is sold out, even while the last writes are stuck", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "crowd", totalSeats: 100, eventDate: future() });
    // A slow database: the event's row stays locked for a while, so the batches holding the last seats stay in
    // flight while 5,900 refused callers wait for them (what a busy MariaDB does to a flash sale over HTTP).
    const blocker = await createConnection({ uri: setup.db.url });
    await blocker.query("START TRANSACTION");
    await blocker.query("SELECT id FROM events WHERE id = ? FOR UPDATE", [event.id]);
    const all = Promise.allSettled(
      Array.from({ length: 6_000 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `crowd-${i}`, quantity: 1 }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await blocker.query("COMMIT");
    await blocker.end();
    const results = await all;
    const { confirmed, refused } = split(results);
    expect(confirmed).toHaveLength(100);
    expect(refused.map((r) => r.code)).toEqual(Array.from({ length: 5_900 }, () => "E_SOLD_OUT"));
    const state = await dbState(setup.db.url, event.id);
    expect(state).toMatchObject({ total: 100, available: 0, confirmed: 100 });
    expect(new Set(confirmed.map((r) => r.value.reservation.id))).toEqual(state.confirmedIds);
    // Refused callers wait on one shared check instead of re-running admission: at most twice each (once more
    // when the first call found no counter yet), however long the last writes take.
    expect(admissions.get(event.id)).toBeLessThanOrEqual(2 * 6_000);
  });

  test("answers 5,000 concurrent callers asking for 1-3 seats with true sold-out or insufficient-seats verdicts", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({
      eventName: "crowd-mixed",
      totalSeats: 100,
      eventDate: future(),
    });
    const quantity = (i: number) => 1 + (i % 3);
    const results = await Promise.allSettled(
      Array.from({ length: 5_000 }, (_, i) =>
        engine.reserve({ eventId: event.id, userId: `mixed-${i}`, quantity: quantity(i) }),
      ),
    );
    const { confirmed, refused } = split(results);
    expect(refused.filter((r) => r.code !== "E_SOLD_OUT" && r.code !== "E_INSUFFICIENT_SEATS")).toEqual([]);
    const state = await dbState(setup.db.url, event.id);
    const sold = confirmed.reduce((s, r) => s + r.value.reservation.quantity, 0);
    expect(state).toMatchObject({ total: 100, available: 100 - sold, confirmed: sold });
    expect(new Set(confirmed.map((r) => r.value.reservation.id))).toEqual(state.confirmedIds);
    // Seats never came back (no cancels), so every refusal must still be true at the end.
    expect(refused.filter((r) => quantity(r.i) <= state.available)).toEqual([]);
    expect(state.available).toBeLessThan(3);
  });
});
