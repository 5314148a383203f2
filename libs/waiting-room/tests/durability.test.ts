import { redisServer, startRedis, type OwnedRedis } from "@ticketing/testing";
import { countInversions, type JoinRecord } from "../bench/fairness.ts";
import type { Ticket } from "../src/index.js";
import { connect, identities, OPENS_AT, testRoom, type Client, type TestRoom } from "./support.js";

const settings = { opensAt: OPENS_AT, admitPerSecond: 1_000 };

interface Sale extends TestRoom {
  /** Every buyer's ticket as last read before the restart. */
  readonly tickets: Map<string, Ticket>;
  readonly joins: JoinRecord[];
  readonly admissions: string[];
}

/**
 * 10 buyers join before the opening and 20 after; 4 seats, so the first 4 in line are admitted and hold tokens.
 */
async function sale(client: Client): Promise<Sale> {
  const setup = testRoom(client, { seats: 4 });
  const { room, clock } = setup;
  clock.set(OPENS_AT - 5_000);
  await room.configure("e1", settings);
  const joins: JoinRecord[] = [];
  let counter = 0;
  for (const [i, identity] of identities(30).entries()) {
    if (i === 10) clock.set(OPENS_AT + 1);
    const sentAt = counter++;
    const ticket = await room.join("e1", identity);
    joins.push({ identity, sentAt, answeredAt: counter++, preQueue: ticket.status === "pre_queue" });
  }
  clock.advance(1_000);
  const admissions = [...(await room.tick("e1")).admitted];
  expect(admissions).toHaveLength(4);
  const tickets = new Map<string, Ticket>();
  for (const identity of identities(30)) tickets.set(identity, await room.status("e1", identity));
  return { ...setup, tickets, joins, admissions };
}

const tokenOf = (s: Sale, identity: string) => s.tickets.get(identity)!.admission!.token;

describe("on a Redis with AOF (appendfsync always), killed -9 and restarted", () => {
  let redis: OwnedRedis;
  let client: Client;

  beforeAll(async () => {
    redis = await startRedis({ persistence: "aof" });
    client = await connect(redis.url);
  });

  afterAll(async () => {
    client.destroy();
    await redis.stop();
  });

  test("every ticket, place, admission and token survives, and admissions go on in order", async () => {
    const s = await sale(client);
    await redis.kill("SIGKILL");
    await redis.start();
    for (const [identity, before] of s.tickets) expect(await s.room.status("e1", identity)).toEqual(before);
    const admission = await s.room.verify(tokenOf(s, s.admissions[0]!), {
      eventId: "e1",
      identity: s.admissions[0]!,
    });
    await s.room.settle(admission, { outcome: "abandoned" });
    s.clock.advance(1_000);
    s.admissions.push(...(await s.room.tick("e1")).admitted);
    expect(s.admissions).toHaveLength(5);
    expect(countInversions(s.joins, s.admissions)).toBe(0);
  });
});

describe("on a Redis without persistence, killed -9 and restarted", () => {
  let redis: OwnedRedis;
  let client: Client;

  beforeAll(async () => {
    redis = await startRedis({ persistence: "none" });
    client = await connect(redis.url);
  });

  afterAll(async () => {
    client.destroy();
    await redis.stop();
  });

  test("the room is gone, but admitted buyers keep their right: their tokens verify and count again", async () => {
    const s = await sale(client);
    await redis.kill("SIGKILL");
    await redis.start();
    await expect(s.room.status("e1", "buyer-0")).rejects.toMatchObject({ code: "E_ROOM_NOT_FOUND" });
    const holder = s.admissions[0]!;
    const admission = await s.room.verify(tokenOf(s, holder), { eventId: "e1", identity: holder });
    expect(admission).toMatchObject({ eventId: "e1", identity: holder });
    await s.room.recover("e1", settings, { pauseMs: 0 });
    s.clock.advance(1_000);
    // 4 seats, one slot held by the honoured token: 3 admissions at most.
    for (const identity of identities(30).slice(20)) await s.room.join("e1", identity);
    expect(await s.room.tick("e1")).toMatchObject({ undecided: 4 });
    await s.room.settle(admission, { outcome: "reserved", seats: 1 });
    await expect(
      s.room.verify(tokenOf(s, holder), { eventId: "e1", identity: holder }),
    ).rejects.toMatchObject({
      code: "E_TOKEN_USED",
    });
  });

  test("after recover, buyers who come back with their receipts are served first, in their old order", async () => {
    const s = await sale(client);
    await redis.kill("SIGKILL");
    await redis.start();
    await s.room.recover("e1", settings);
    s.seats.available = 100;
    const waiting = identities(30)
      .filter((identity) => !s.admissions.includes(identity))
      .sort((a, b) => s.tickets.get(a)!.position! - s.tickets.get(b)!.position!);
    // Newcomers join first; the old buyers come back afterwards, in reverse order.
    const newcomers = identities(5, "new-");
    let counter = 1_000;
    for (const identity of newcomers) {
      const sentAt = counter++;
      await s.room.join("e1", identity);
      s.joins.push({ identity, sentAt, answeredAt: counter++, preQueue: false });
    }
    for (const identity of [...waiting].reverse())
      await s.room.join("e1", identity, { receipt: s.tickets.get(identity)!.receipt });
    // Nobody is admitted during the pause (admissionTtlMs + settleGraceMs by default).
    s.clock.advance(120_000 + 30_000 - 1);
    expect((await s.room.tick("e1")).admitted).toEqual([]);
    s.clock.advance(1_000);
    s.admissions.push(...(await s.room.tick("e1")).admitted);
    expect(s.admissions.slice(4)).toEqual([...waiting, ...newcomers]);
    expect(countInversions(s.joins, s.admissions)).toBe(0);
  });
});

describe("after a failover that lost the last writes (simulated by deleting them from the shared Redis)", () => {
  let client: Client;

  beforeAll(async () => {
    client = await connect((await redisServer()).url);
  });

  afterAll(async () => {
    await client.close();
  });

  test("a buyer whose ticket was lost gets the same place back with its receipt, ahead of later joiners", async () => {
    const { room, clock, prefix } = testRoom(client, { seats: 0 });
    clock.set(OPENS_AT + 1);
    await room.configure("e1", settings);
    const tickets: Ticket[] = [];
    for (const identity of identities(5)) tickets.push(await room.join("e1", identity));
    // The replica had not received buyer-3's join when it was promoted.
    await client.hDel(`${prefix}{e1}:tickets`, "buyer-3");
    await client.zRem(`${prefix}{e1}:queue`, "buyer-3");
    clock.advance(1_000);
    await room.join("e1", "latecomer");
    const back = await room.join("e1", "buyer-3", { receipt: tickets[3]!.receipt });
    expect(back).toMatchObject({ position: 4, ahead: 3 });
    expect((await room.status("e1", "latecomer")).position).toBe(6);
  });
});
