import { startRedis, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import type { ReserveResult } from "../src/index.js";
import {
  codeOf,
  connectRedis,
  dbState,
  future,
  mysqlSetup,
  type MysqlSetup,
  type RedisClient,
} from "./helpers/fixtures.js";

function split(results: PromiseSettledResult<ReserveResult>[]) {
  const confirmed = results.filter(
    (r): r is PromiseFulfilledResult<ReserveResult> => r.status === "fulfilled",
  );
  const refused = results.flatMap((r, i) => (r.status === "rejected" ? [{ i, code: codeOf(r.reason) }] : []));
  return { confirmed, refused };
}

/** Runs of admit.lua that Redis answered, per user, and the users it refused for want of seats. */
interface Admissions {
  runs: Map<string, number>;
  refusedUsers: Set<string>;
}

type ScriptCall = (sha: string, options: { keys: string[]; arguments: string[] }) => Promise<unknown>;

/**
 * The real client, recording every admission Redis ran (4 keys, 5 arguments and a reply of 5 integers: see
 * admit.lua). A run is counted when its reply arrives, so an EVALSHA refused with NOSCRIPT and sent again as EVAL
 * (a server whose script cache is empty) counts once, like any other admission.
 */
function recordingAdmissions(client: RedisClient, admissions: Admissions): RedisClient {
  const record = (options: { keys: string[]; arguments: string[] }, reply: unknown) => {
    if (options.keys.length !== 4 || options.arguments.length !== 5 || !Array.isArray(reply)) return;
    const userId = options.arguments[1]!;
    admissions.runs.set(userId, (admissions.runs.get(userId) ?? 0) + 1);
    if (reply[0] === 0) admissions.refusedUsers.add(userId);
  };
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      // The engine may run its scripts through a view with other command options (no node-redis timeout).
      if (property === "withCommandOptions") {
        return (options: object) =>
          recordingAdmissions(target.withCommandOptions(options) as unknown as RedisClient, admissions);
      }
      if (property === "evalSha" || property === "eval") {
        const call = (value as ScriptCall).bind(target);
        return async (first: string, options: { keys: string[]; arguments: string[] }) => {
          const reply = await call(first, options);
          record(options, reply);
          return reply;
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("RefusalCheck: the refused callers of a flash crowd (MariaDB + a Redis of its own)", () => {
  let server: OwnedRedis;
  let redis: RedisClient;
  let setup: MysqlSetup;
  const admissions: Admissions = { runs: new Map(), refusedUsers: new Set() };

  beforeAll(async () => {
    // A fresh server, as on a fresh clone: its script cache is empty when the crowd arrives.
    server = await startRedis({ persistence: "none" });
    redis = await connectRedis(server.url);
    setup = await mysqlSetup("flash-crowd", {
      redisUrl: server.url,
      redis: recordingAdmissions(redis, admissions),
      // However slowly a busy machine (or the Redis process starved beside it) gets the crowd refused, no caller may
      // give up (settleTimeoutMs, redisTimeoutMs) and no hold may age out of its batch (half of staleHoldMs) before
      // the test lets the writes through.
      settleTimeoutMs: 120_000,
      staleHoldMs: 120_000,
      redisTimeoutMs: 60_000,
    });
  });
  afterAll(async () => {
    await setup.close();
    redis.destroy();
    await server.stop();
  });

  test("sells exactly 100 seats to 6,000 concurrent callers and tells every other caller it is sold out, even while the last writes are stuck", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "crowd", totalSeats: 100, eventDate: future() });
    // A slow database: the event's row stays locked, so the batches holding the last seats stay in flight while
    // the refused callers wait for them (what a busy MariaDB does to a flash sale over HTTP).
    const blocker = await createConnection({ uri: setup.db.url });
    await blocker.query("START TRANSACTION");
    await blocker.query("SELECT id FROM events WHERE id = ? FOR UPDATE", [event.id]);
    const users = Array.from({ length: 6_000 }, (_, i) => `crowd-${i}`);
    let settled = 0;
    const all = Promise.allSettled(
      users.map((userId) =>
        engine.reserve({ eventId: event.id, userId, quantity: 1 }).finally(() => settled++),
      ),
    );
    try {
      // The writes stay stuck until every one of the 5,900 callers who came too late has been refused (or, if
      // something goes wrong, every caller has its answer: the assertions below then say what it was).
      await waitUntil(
        async () => admissions.refusedUsers.size === 5_900 || settled === users.length,
        100_000,
        "5,900 callers refused while the last writes are stuck",
      );
    } finally {
      await blocker.query("COMMIT");
      await blocker.end();
    }
    const results = await all;
    const { confirmed, refused } = split(results);
    expect(confirmed).toHaveLength(100);
    expect(refused.map((r) => r.code)).toEqual(Array.from({ length: 5_900 }, () => "E_SOLD_OUT"));
    const state = await dbState(setup.db.url, event.id);
    expect(state).toMatchObject({ total: 100, available: 0, confirmed: 100 });
    expect(new Set(confirmed.map((r) => r.value.reservation.id))).toEqual(state.confirmedIds);
    // Refused callers wait on one shared check instead of running admission again: at most twice each (once more
    // when the first run found no counter yet), however long the last writes take.
    const runs = users.map((userId) => admissions.runs.get(userId) ?? 0);
    expect(runs.filter((n) => n < 1 || n > 2)).toEqual([]);
  }, 150_000);

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
