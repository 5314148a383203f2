import { setTimeout as sleep } from "node:timers/promises";
import { startRedis, waitUntil, type OwnedRedis } from "@ticketing/testing";
import { RedisAdmission } from "../src/admission/redis-admission.js";
import { uuidv7 } from "../src/uuid.js";
import {
  dbState,
  expectInvariants,
  future,
  mysqlSetup,
  progress,
  storm,
  type MysqlSetup,
} from "./helpers/fixtures.js";

describe("Recovery of the admission counters when Redis fails (owned Redis, shared MariaDB)", () => {
  let redis: OwnedRedis;
  let setup: MysqlSetup;

  beforeAll(async () => {
    redis = await startRedis({ persistence: "none" });
    setup = await mysqlSetup("faults_redis", {
      redisUrl: redis.url,
      redisTimeoutMs: 500,
      staleHoldMs: 600,
      reconcileIntervalMs: 100,
      settleTimeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await setup.close();
    await redis.stop();
  });

  test("keeps every invariant when Redis is killed and restarted empty during a storm", async () => {
    const event = await setup.engine.createEvent({
      eventName: "kill",
      totalSeats: 3_000,
      eventDate: future(),
    });
    let duringOutage: string | undefined;
    const result = await storm(setup.engine, event.id, {
      workers: 48,
      during: async (live) => {
        // Steady state first: counter built, batches flowing.
        await progress(live, 50, "before the kill");
        await redis.kill("SIGKILL");
        // Redis stays down until this call has been answered, so the outage is seen whatever the machine's load.
        duringOutage = await setup.engine
          .reserve({ eventId: event.id, userId: "during-outage", quantity: 1 })
          .then(
            () => "confirmed",
            (error: { code?: string }) => error.code,
          );
        await sleep(600);
        await redis.start();
      },
    });
    expect(result.confirmed.size).toBeGreaterThan(0);
    // The outage is reported as E_UNAVAILABLE only: contention or the outage is never reported as sold out.
    expect(duringOutage).toBe("E_UNAVAILABLE");
    expect(
      [...result.codes.keys()].filter(
        (c) => c !== "E_SOLD_OUT" && c !== "E_INSUFFICIENT_SEATS" && c !== "E_UNAVAILABLE",
      ),
    ).toEqual([]);
    await expectInvariants(setup.engine, setup.db.url, event.id, result);
  });

  test("rebuilds the counters from the database when Redis is flushed during a storm", async () => {
    const event = await setup.engine.createEvent({
      eventName: "flush",
      totalSeats: 3_000,
      eventDate: future(),
    });
    const result = await storm(setup.engine, event.id, {
      workers: 48,
      during: async (live) => {
        // Each flush hits a storm whose counter is built and in use: sales went on before it.
        await progress(live, 20, "before the first flush");
        await setup.redis.flushAll();
        await progress(live, 20, "after the first flush");
        await setup.redis.flushAll();
      },
    });
    expect(
      [...result.codes.keys()].filter((c) => c !== "E_SOLD_OUT" && c !== "E_INSUFFICIENT_SEATS"),
    ).toEqual([]);
    await expectInvariants(setup.engine, setup.db.url, event.id, result);
  });

  test("gives back the seats of a process that died between admission and commit", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "crash", totalSeats: 10, eventDate: future() });
    await engine.reserve({ eventId: event.id, userId: "first", quantity: 1 });
    // A second process admits 4 seats in Redis and dies before its batch is written.
    const crashed = new RedisAdmission({ client: setup.redis, prefix: setup.prefix, timeoutMs: 1_000 });
    for (let i = 0; i < 2; i++) {
      const admitted = await crashed.admit(
        {
          reservationId: uuidv7(),
          eventId: event.id,
          userId: `ghost-${i}`,
          quantity: 2,
          admittedAt: Date.now(),
        },
        null,
      );
      expect(admitted.kind).toBe("admitted");
    }
    expect((await engine.getEvent(event.id)).availableSeats).toBe(5);
    await engine.reserve({ eventId: event.id, userId: "second", quantity: 5 });
    // The 4 ghost seats are not sold: this caller waits for them to come back instead of hearing "sold out".
    await engine.reserve({ eventId: event.id, userId: "third", quantity: 4 });
    await expect(engine.reserve({ eventId: event.id, userId: "fourth", quantity: 1 })).rejects.toMatchObject({
      code: "E_SOLD_OUT",
    });
  });

  test("answers E_UNAVAILABLE after redisTimeoutMs when Redis stops answering, and sells nothing meanwhile", async () => {
    const { engine } = setup;
    const event = await engine.createEvent({ eventName: "stall", totalSeats: 5, eventDate: future() });
    await engine.reserve({ eventId: event.id, userId: "before", quantity: 1 });
    // The connection stays open while the server is stopped: only the engine's own timeout can end the wait.
    process.kill(redis.pid!, "SIGSTOP");
    try {
      await expect(
        engine.reserve({ eventId: event.id, userId: "during", quantity: 1 }),
      ).rejects.toMatchObject({
        code: "E_UNAVAILABLE",
      });
    } finally {
      process.kill(redis.pid!, "SIGCONT");
    }
    await engine.reserve({ eventId: event.id, userId: "after", quantity: 1 });
    const state = await dbState(setup.db.url, event.id);
    expect(state).toMatchObject({ available: 3, confirmed: 2 });
    expect(state.perUser.has("during")).toBe(false);
    // The abandoned call may still have run once Redis went on; the reconciler gives that hold's seat back.
    await waitUntil(
      async () => (await engine.getEvent(event.id)).availableSeats === 3,
      10_000,
      "the seat back",
    );
  });
});
