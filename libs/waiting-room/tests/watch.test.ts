import { redisServer } from "@ticketing/testing";
import type { Ticket } from "../src/index.js";
import { connect, identities, OPENS_AT, testRoom, type Client, type TestRoom } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

async function line(count: number, opened = true): Promise<TestRoom> {
  const setup = testRoom(client, { seats: 1_000 });
  setup.clock.set(opened ? OPENS_AT : OPENS_AT - 10_000);
  await setup.room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 2, burst: 2 });
  for (const identity of identities(count)) await setup.room.join("e1", identity);
  return setup;
}

const project = (ticket: Ticket) => [ticket.status, ticket.position, ticket.ahead];

describe("watch", () => {
  test("follows the ticket forward in line and ends once it is admitted, with its token", async () => {
    const { room, clock } = await line(5);
    const updates = room.watch("e1", "buyer-4", { updateEveryMs: 0 })[Symbol.asyncIterator]();
    expect(project((await updates.next()).value)).toEqual(["waiting", 5, 4]);
    clock.advance(1_000);
    await room.tick("e1");
    expect(project((await updates.next()).value)).toEqual(["waiting", 5, 2]);
    clock.advance(1_000);
    await room.tick("e1");
    expect(project((await updates.next()).value)).toEqual(["waiting", 5, 0]);
    clock.advance(1_000);
    await room.tick("e1");
    const admitted = (await updates.next()).value as Ticket;
    expect(admitted.status).toBe("admitted");
    expect(admitted.admission?.token).toEqual(expect.any(String));
    expect((await updates.next()).done).toBe(true);
  });

  test("shows the place once the room opens", async () => {
    const { room, clock } = await line(3, false);
    const updates = room.watch("e1", "buyer-2", { updateEveryMs: 0 })[Symbol.asyncIterator]();
    expect(project((await updates.next()).value)).toEqual(["pre_queue", null, null]);
    clock.set(OPENS_AT);
    await room.tick("e1");
    const opened = (await updates.next()).value as Ticket;
    expect(opened.status).toBe("waiting");
    expect(opened.position).toBeGreaterThanOrEqual(1);
  });

  test("tells sold out at once, and admits in turn when seats come back", async () => {
    const { room, clock, seats } = await line(3);
    const updates = room.watch("e1", "buyer-1")[Symbol.asyncIterator]();
    await updates.next();
    seats.available = 0;
    await room.tick("e1");
    expect(project((await updates.next()).value)).toEqual(["sold_out", 2, 1]);
    seats.available = 10;
    clock.advance(2_000);
    await room.tick("e1");
    expect((await updates.next()).value).toMatchObject({ status: "admitted" });
  });

  test("holds back updates that only move the buyer forward until updateEveryMs has passed", async () => {
    const { room, clock, seats } = await line(10);
    const updates = room.watch("e1", "buyer-9", { updateEveryMs: 5_000 })[Symbol.asyncIterator]();
    await updates.next();
    clock.advance(1_000);
    await room.tick("e1"); // two admitted: a forward move, held back
    seats.available = 0;
    await room.tick("e1"); // sold out: a change of status, sent at once
    expect(project((await updates.next()).value)).toEqual(["sold_out", 10, 7]);
  });

  test("ends when its signal aborts", async () => {
    const { room } = await line(2);
    const controller = new AbortController();
    const updates = room.watch("e1", "buyer-1", { signal: controller.signal })[Symbol.asyncIterator]();
    await updates.next();
    const pending = updates.next();
    controller.abort();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  test("rejects with E_TICKET_NOT_FOUND for an identity that never joined", async () => {
    const { room } = await line(1);
    await expect(room.watch("e1", "ghost")[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: "E_TICKET_NOT_FOUND",
    });
  });

  test("ends every watch when the room closes", async () => {
    const { room } = await line(2);
    const updates = room.watch("e1", "buyer-1")[Symbol.asyncIterator]();
    await updates.next();
    const pending = updates.next();
    await room.close();
    await expect(pending).resolves.toMatchObject({ done: true });
  });
});
