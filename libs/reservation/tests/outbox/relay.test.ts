import { waitUntil } from "@ticketing/testing";
import { createConnection } from "mysql2/promise";
import { OutboxRelay, ReservationEngine } from "../../src/index.js";
import { SqsPublisher } from "../../src/sqs.js";
import { fakeQueue, type Delivery } from "../helpers/fake-queue.js";
import { future, mysqlSetup, pool, type MysqlSetup } from "../helpers/fixtures.js";

const QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/reservations";
const FIFO = `${QUEUE}.fifo`;

/** Every outbox row's id, read below the engine. */
async function outboxIds(url: string): Promise<string[]> {
  const connection = await createConnection(url);
  try {
    const [rows] = (await connection.query(
      "SELECT CONCAT(reservation_id, ':', seq) AS id FROM reservation_outbox ORDER BY id",
    )) as unknown as [{ id: string }[]];
    return rows.map((r) => r.id);
  } finally {
    await connection.end();
  }
}

/** Reservation changes of every kind: one-step, held then confirmed, held then cancelled, confirmed then cancelled. */
async function makeChanges(engine: ReservationEngine, count: number, tag: string): Promise<void> {
  const oneStep = await engine.createEvent({ eventName: "relay", totalSeats: 10_000, eventDate: future() });
  const held = await engine.createEvent({
    eventName: "relay holds",
    totalSeats: 10_000,
    eventDate: future(),
    holdSeconds: 600,
  });
  await pool(count, 16, async (i) => {
    const userId = `${tag}-${i}`;
    const actor = { userId, role: "user" as const };
    if (i % 3 === 0) {
      await engine.reserve({ eventId: oneStep.id, userId, quantity: 1 });
      return;
    }
    const { reservation } = await engine.reserve({ eventId: held.id, userId, quantity: 1 });
    if (i % 3 === 1) await engine.confirm(reservation.id, { paymentReference: `pay-${userId}` }, actor);
    await engine.cancel(reservation.id, actor);
  });
}

/** Each reservation's changes were accepted in sequence order, 1, 2, 3…, each once. */
function expectInOrderOnce(delivered: readonly Delivery[]): void {
  const byReservation = new Map<string, number[]>();
  for (const d of delivered)
    byReservation.set(d.reservationId, [...(byReservation.get(d.reservationId) ?? []), d.sequence]);
  for (const [reservation, sequences] of byReservation) {
    expect({ reservation, sequences }).toEqual({
      reservation,
      sequences: Array.from({ length: sequences.length }, (_, i) => i + 1),
    });
  }
}

describe("OutboxRelay with SqsPublisher (SQS mocked with aws-sdk-client-mock, real MariaDB outbox)", () => {
  let setup: MysqlSetup;

  beforeEach(async () => {
    setup = await mysqlSetup("relay", { outbox: true });
  });
  afterEach(async () => {
    await setup.close();
  });

  test("publishes every change once to a FIFO queue, grouped by reservation and de-duplicated by its id", async () => {
    const queue = fakeQueue();
    try {
      await makeChanges(setup.engine, 30, "fifo");
      const relay = new OutboxRelay({
        outbox: setup.engine.outbox,
        publisher: new SqsPublisher({ client: queue.client, queueUrl: FIFO }),
      });
      while ((await relay.runOnce()).published > 0) {
        // one round per change of a reservation
      }
      const ids = await outboxIds(setup.db.url);
      expect(ids).toHaveLength(10 + 20 * 2 + 10);
      expect(queue.delivered.map((d) => d.id).sort()).toEqual(ids);
      for (const d of queue.delivered) {
        expect(d).toMatchObject({
          groupId: d.reservationId,
          deduplicationId: d.id,
          id: `${d.reservationId}:${d.sequence}`,
        });
      }
      expectInOrderOnce(queue.delivered);
      expect(queue.overlaps).toEqual([]);
      expect(await setup.engine.outbox.claim({ limit: 100, leaseMs: 1_000 })).toEqual([]);
    } finally {
      queue.restore();
    }
  });

  test("sets no group or de-duplication id on a standard queue, and puts the change in the body", async () => {
    const queue = fakeQueue();
    try {
      const event = await setup.engine.createEvent({
        eventName: "std",
        totalSeats: 5,
        eventDate: future(),
        holdSeconds: 60,
      });
      const { reservation } = await setup.engine.reserve({ eventId: event.id, userId: "std", quantity: 2 });
      const relay = new OutboxRelay({
        outbox: setup.engine.outbox,
        publisher: new SqsPublisher({ client: queue.client, queueUrl: QUEUE }),
      });
      expect(await relay.runOnce()).toEqual({ published: 1, failed: 0 });
      expect(queue.delivered).toEqual([
        expect.objectContaining({
          id: `${reservation.id}:1`,
          groupId: undefined,
          deduplicationId: undefined,
        }),
      ]);
    } finally {
      queue.restore();
    }
  });

  test("backs off while SQS throttles whole calls, then publishes everything once", async () => {
    // The first three calls are throttled: nothing of them is accepted.
    const queue = fakeQueue((call) =>
      call <= 3 ? { kind: "throw", name: "RequestThrottled" } : { kind: "accept" },
    );
    try {
      await makeChanges(setup.engine, 12, "throttle");
      const relay = new OutboxRelay({
        outbox: setup.engine.outbox,
        publisher: new SqsPublisher({ client: queue.client, queueUrl: FIFO }),
        concurrency: 1,
        backoffMs: 5,
        pollMs: 10,
      });
      const throttled: boolean[] = [];
      relay.on("relay:failed", ({ throttled: t }) => throttled.push(t));
      const ids = await outboxIds(setup.db.url);
      relay.start();
      await waitUntil(async () => queue.delivered.length >= ids.length, 30_000, "everything published");
      await relay.stop();
      expect(throttled.slice(0, 3)).toEqual([true, true, true]);
      expect(queue.delivered.map((d) => d.id).sort()).toEqual(ids);
      expectInOrderOnce(queue.delivered);
    } finally {
      queue.restore();
    }
  });

  test("sends again only the entries a partial batch failure lists", async () => {
    const queue = fakeQueue((call) =>
      call === 1 ? { kind: "fail", entries: [1, 3], code: "InternalError" } : { kind: "accept" },
    );
    try {
      const event = await setup.engine.createEvent({
        eventName: "partial",
        totalSeats: 50,
        eventDate: future(),
      });
      for (let i = 0; i < 6; i++)
        await setup.engine.reserve({ eventId: event.id, userId: `p-${i}`, quantity: 1 });
      const relay = new OutboxRelay({
        outbox: setup.engine.outbox,
        publisher: new SqsPublisher({ client: queue.client, queueUrl: FIFO }),
        concurrency: 1,
        backoffMs: 1,
        maxBackoffMs: 1,
      });
      expect(await relay.runOnce()).toEqual({ published: 4, failed: 2 });
      const failed = (await outboxIds(setup.db.url)).filter(
        (id) => !queue.delivered.some((d) => d.id === id),
      );
      expect(failed).toHaveLength(2);
      await waitUntil(async () => (await relay.runOnce()).published === 2, 10_000, "the retry");
      const retried = queue.delivered.filter((d) => d.call > 1);
      expect(retried.map((d) => d.id).sort()).toEqual(failed.sort());
      expect(queue.delivered).toHaveLength(6);
    } finally {
      queue.restore();
    }
  });

  test("two relays at once, in two engines, with throttling and failed entries: everything once, in order per reservation", async () => {
    // A second instance of the app: its own pools and relay, the same database and Redis.
    const second = await ReservationEngine.create({
      database: { type: "mysql", url: setup.db.url, poolSize: 4 },
      redis: setup.redis,
      keyPrefix: setup.prefix,
      outbox: true,
    });
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const queue = fakeQueue(() => {
      const roll = random();
      if (roll < 0.1) return { kind: "throw", name: "RequestThrottled" };
      if (roll < 0.3) return { kind: "fail", entries: [0, 2, 5], code: "InternalError" };
      return { kind: "accept" };
    });
    const relays = [setup.engine, second].map(
      (engine) =>
        new OutboxRelay({
          outbox: engine.outbox,
          publisher: new SqsPublisher({ client: queue.client, queueUrl: FIFO }),
          concurrency: 3,
          backoffMs: 2,
          maxBackoffMs: 20,
          pollMs: 5,
        }),
    );
    try {
      for (const relay of relays) relay.start();
      // Changes keep coming while both relays publish.
      await Promise.all([makeChanges(setup.engine, 90, "one"), makeChanges(second, 90, "two")]);
      const ids = await outboxIds(setup.db.url);
      await waitUntil(
        async () => new Set(queue.delivered.map((d) => d.id)).size >= ids.length,
        60_000,
        "everything published",
      );
      await Promise.all(relays.map((relay) => relay.stop()));
      expect(queue.delivered.map((d) => d.id).sort()).toEqual(ids);
      expectInOrderOnce(queue.delivered);
      expect(queue.overlaps).toEqual([]);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      queue.restore();
      await second.close();
    }
  });
});
