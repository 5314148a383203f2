import { redisServer } from "@ticketing/testing";
import { InventoryError, type Ticket } from "../src/index.js";
import { connect, identities, OPENS_AT, testRoom, type Client, type TestRoom } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

/** A room with `count` buyers in line after the opening, in the order of their names. */
async function roomWithLine(
  count: number,
  options: { seats?: number; admitPerSecond?: number; overbooking?: number; burst?: number } = {},
): Promise<TestRoom> {
  const setup = testRoom(client, { seats: options.seats ?? 1_000 });
  setup.clock.set(OPENS_AT);
  await setup.room.configure("e1", {
    opensAt: OPENS_AT,
    admitPerSecond: options.admitPerSecond ?? 1_000,
    overbooking: options.overbooking,
    burst: options.burst,
  });
  for (const identity of identities(count)) await setup.room.join("e1", identity);
  return setup;
}

async function statuses(setup: TestRoom, names: string[]): Promise<Ticket[]> {
  return Promise.all(names.map((name) => setup.room.status("e1", name)));
}

describe("tick", () => {
  test("admits nobody before the opening", async () => {
    const { room, clock } = testRoom(client);
    await room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 100 });
    await room.join("e1", "alice");
    clock.set(OPENS_AT - 1);
    const step = await room.tick("e1");
    expect(step).toMatchObject({ admitted: [], opened: false, waiting: 1 });
  });

  test("admits in line order at the rate cap, with one burst after a pause", async () => {
    const setup = await roomWithLine(40, { admitPerSecond: 10, burst: 10 });
    const { room, clock } = setup;
    expect((await room.tick("e1")).admitted).toEqual([]);
    clock.advance(500);
    expect((await room.tick("e1")).admitted).toEqual(identities(5));
    clock.advance(100);
    expect((await room.tick("e1")).admitted).toEqual(["buyer-5"]);
    clock.advance(60_000);
    const afterPause = await room.tick("e1");
    expect(afterPause.admitted).toEqual(identities(16).slice(6));
    expect(afterPause.admittedTotal).toBe(16);
  });

  test("holds the rate cap whichever instances run the steps", async () => {
    const first = await roomWithLine(100, { admitPerSecond: 20, burst: 1 });
    const second = testRoom(client, { prefix: first.prefix, clock: first.clock, seats: 1_000 });
    let admitted = 0;
    for (let i = 0; i < 40; i++) {
      first.clock.advance(25);
      admitted += (await first.room.tick("e1")).admitted.length;
      admitted += (await second.room.tick("e1")).admitted.length;
    }
    // 1 s at 20 per second.
    expect(admitted).toBe(20);
  });

  test("never has more admitted-but-undecided buyers than the obtainable seats", async () => {
    const { room, clock } = await roomWithLine(10, { seats: 3 });
    clock.advance(1_000);
    const step = await room.tick("e1");
    expect(step).toMatchObject({ admitted: identities(3), undecided: 3, seats: 3, soldOut: false });
    clock.advance(1_000);
    expect((await room.tick("e1")).admitted).toEqual([]);
  });

  test("admits the obtainable seats times the overbooking factor", async () => {
    const { room, clock } = await roomWithLine(10, { seats: 4, overbooking: 1.5 });
    clock.advance(1_000);
    expect((await room.tick("e1")).undecided).toBe(6);
  });

  test("tells every waiting buyer sold out at once, keeping their places", async () => {
    const setup = await roomWithLine(50, { seats: 2 });
    const { room, clock, seats } = setup;
    clock.advance(1_000);
    await room.tick("e1");
    seats.available = 0;
    const step = await room.tick("e1");
    expect(step).toMatchObject({ soldOut: true, seats: 0, admitted: [] });
    const waiting = await statuses(setup, identities(50).slice(2));
    expect(new Set(waiting.map((t) => t.status))).toEqual(new Set(["sold_out"]));
    expect(waiting.every((t) => t.estimatedWaitMs === null)).toBe(true);
    expect(waiting.map((t) => t.position)).toEqual(identities(48).map((_, i) => i + 3));
  });

  test("admits the next buyers in line when seats come back", async () => {
    const setup = await roomWithLine(10, { seats: 2 });
    const { room, clock, seats } = setup;
    clock.advance(1_000);
    await room.tick("e1");
    for (const name of ["buyer-0", "buyer-1"])
      await room.settle({ eventId: "e1", identity: name }, { outcome: "reserved", seats: 1 });
    seats.available = 0;
    await room.tick("e1");
    expect((await room.status("e1", "buyer-2")).status).toBe("sold_out");
    seats.available = 1; // a hold expired
    clock.advance(1_000);
    const step = await room.tick("e1");
    expect(step).toMatchObject({ admitted: ["buyer-2"], soldOut: false });
    expect((await room.status("e1", "buyer-2")).status).toBe("admitted");
    expect((await room.status("e1", "buyer-3")).status).toBe("waiting");
  });

  test("returns the slot of an admission neither used nor settled in time", async () => {
    const { room, clock } = await roomWithLine(3, { seats: 1 });
    clock.advance(1_000);
    await room.tick("e1");
    clock.advance(120_000 + 30_000 - 1);
    expect(await room.tick("e1")).toMatchObject({ expired: 0, admitted: [] });
    clock.advance(1);
    expect(await room.tick("e1")).toMatchObject({ expired: 1, admitted: ["buyer-1"] });
    expect((await room.status("e1", "buyer-0")).status).toBe("expired");
  });

  test("returns a slot at once when the buyer abandons", async () => {
    const { room, clock } = await roomWithLine(3, { seats: 1 });
    clock.advance(1_000);
    await room.tick("e1");
    await room.settle({ eventId: "e1", identity: "buyer-0" }, { outcome: "abandoned" });
    expect((await room.tick("e1")).admitted).toEqual(["buyer-1"]);
  });

  test("does not count seats twice when a buyer reserves and settles while the inventory port answers", async () => {
    const setup = await roomWithLine(5, { seats: 2 });
    const { room, clock, seats } = setup;
    clock.advance(1_000);
    await room.tick("e1");
    // The port reads 2 seats; before the step runs, buyer-0 reserves one (the engine now has 1) and settles.
    let raced = false;
    setup.seats.available = 2;
    const racing = testRoom(client, {
      prefix: setup.prefix,
      clock,
      inventory: async () => {
        const answer = seats.available;
        if (!raced) {
          raced = true;
          seats.available = 1;
          await room.settle({ eventId: "e1", identity: "buyer-0" }, { outcome: "reserved", seats: 1 });
        }
        return answer;
      },
    });
    const step = await racing.room.tick("e1");
    // One seat left, buyer-1 still undecided: nobody else may be admitted.
    expect(step).toMatchObject({ admitted: [], seats: 1, undecided: 1 });
  });

  test("measures the admission rate and estimates the wait from it", async () => {
    const { room, clock } = await roomWithLine(100, { admitPerSecond: 10 });
    for (let i = 0; i < 20; i++) {
      clock.advance(250);
      await room.tick("e1");
    }
    const step = await room.tick("e1");
    expect(step.measuredRate).toBeCloseTo(10, 5);
    const ticket = await room.status("e1", "buyer-99");
    expect(ticket.ahead).toBe(99 - step.admittedTotal);
    expect(ticket.estimatedWaitMs).toBe(Math.ceil((ticket.ahead! / 10) * 1000));
  });

  test.each([
    ["throws", () => Promise.reject(new Error("engine down"))],
    ["answers a negative number", () => -1],
    ["answers a fraction", () => 1.5],
    ["answers NaN", () => Number.NaN],
    ["answers a string", () => "3" as unknown as number],
  ])("throws E_INVENTORY when the port %s, admitting nobody", async (_, inventory) => {
    const setup = await roomWithLine(2);
    const broken = testRoom(client, { prefix: setup.prefix, clock: setup.clock, inventory });
    setup.clock.advance(1_000);
    const error = await broken.room.tick("e1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InventoryError);
    expect(error).toMatchObject({ code: "E_INVENTORY", eventId: "e1" });
    expect((await setup.room.status("e1", "buyer-0")).status).toBe("waiting");
  });

  test("throws E_ROOM_NOT_FOUND for an event without a room", async () => {
    const { room } = testRoom(client);
    await expect(room.tick("none")).rejects.toMatchObject({ code: "E_ROOM_NOT_FOUND" });
  });
});
