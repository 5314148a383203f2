import { redisServer } from "@ticketing/testing";
import { createWaitingRoom, JoinLimitError, type WaitingRoom, type WaitingRoomEvents } from "../src/index.js";
import { connect, identities, OPENS_AT, SECRET, testRoom, type Client } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

const settings = { opensAt: OPENS_AT, admitPerSecond: 10 };

describe("configure", () => {
  test("creates a room once and updates its rate afterwards", async () => {
    const { room } = testRoom(client);
    await expect(room.configure("e1", settings)).resolves.toEqual({ created: true });
    await expect(room.configure("e1", { ...settings, admitPerSecond: 20 })).resolves.toEqual({
      created: false,
    });
  });

  test("moves the opening time until the room opens, and refuses to afterwards", async () => {
    const { room, clock } = testRoom(client);
    await room.configure("e1", settings);
    await room.configure("e1", { ...settings, opensAt: OPENS_AT + 1_000 });
    clock.set(OPENS_AT + 1_000);
    await room.join("e1", "early-bird");
    await expect(room.configure("e1", { ...settings, opensAt: OPENS_AT + 5_000 })).rejects.toMatchObject({
      code: "E_ROOM_ALREADY_OPEN",
      opensAt: OPENS_AT + 1_000,
    });
  });
});

describe("opening time", () => {
  test("moved earlier, it still puts everyone who joined before it ahead of everyone after it", async () => {
    const { room, clock } = testRoom(client, { seats: 100 });
    await room.configure("e1", { ...settings, admitPerSecond: 1_000, opensAt: OPENS_AT + 3_600_000 });
    clock.set(OPENS_AT - 10_000);
    for (const identity of identities(20, "early-")) await room.join("e1", identity);
    await room.configure("e1", { ...settings, admitPerSecond: 1_000 });
    clock.set(OPENS_AT + 1);
    for (const identity of identities(20, "late-")) await room.join("e1", identity);
    clock.advance(1_000);
    const order = (await room.tick("e1")).admitted;
    expect(new Set(order.slice(0, 20))).toEqual(new Set(identities(20, "early-")));
    expect(order.slice(20)).toEqual(identities(20, "late-"));
  });
});

describe("join", () => {
  test("gives an identity one ticket: joining again returns the same ticket", async () => {
    const { room, clock } = testRoom(client);
    clock.set(OPENS_AT + 1);
    await room.configure("e1", settings);
    const first = await room.join("e1", "alice");
    clock.advance(5_000);
    await room.join("e1", "bob");
    const again = await room.join("e1", "alice");
    expect(again).toEqual(first);
    expect(again.position).toBe(1);
  });

  test("after the opening, places follow the order of joins: position, number ahead, estimated wait", async () => {
    const { room, clock } = testRoom(client);
    clock.set(OPENS_AT + 1);
    await room.configure("e1", settings);
    const tickets = [];
    for (const identity of identities(5)) tickets.push(await room.join("e1", identity));
    expect(tickets.map((t) => [t.status, t.position, t.ahead])).toEqual([
      ["waiting", 1, 0],
      ["waiting", 2, 1],
      ["waiting", 3, 2],
      ["waiting", 4, 3],
      ["waiting", 5, 4],
    ]);
    // No rate measured yet: the estimate uses the cap, 10 per second.
    expect(tickets[4]!.estimatedWaitMs).toBe(400);
    expect(tickets[0]!.joinedAt).toBe(OPENS_AT + 1);
  });

  test("before the opening, a ticket is in the pre-queue with no place shown yet", async () => {
    const { room } = testRoom(client);
    await room.configure("e1", settings);
    const ticket = await room.join("e1", "alice");
    expect(ticket).toMatchObject({
      status: "pre_queue",
      position: null,
      ahead: null,
      estimatedWaitMs: null,
      opensAt: OPENS_AT,
      admission: null,
    });
    expect(ticket.receipt).toMatch(/^r1\./);
  });

  test("throws E_ROOM_NOT_FOUND for an event without a room", async () => {
    const { room } = testRoom(client);
    await expect(room.join("nowhere", "alice")).rejects.toMatchObject({
      code: "E_ROOM_NOT_FOUND",
      eventId: "nowhere",
    });
  });

  test("limits new tickets per IP address and window, while re-joins stay free", async () => {
    const { room } = testRoom(client, { joinsPerIp: { limit: 2, windowMs: 60_000 } });
    await room.configure("e1", settings);
    await room.join("e1", "a", { ip: "203.0.113.7" });
    await room.join("e1", "b", { ip: "203.0.113.7" });
    await room.join("e1", "a", { ip: "203.0.113.7" });
    const refused = await room.join("e1", "c", { ip: "203.0.113.7" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(JoinLimitError);
    expect(refused).toMatchObject({ code: "E_JOIN_LIMIT", limit: 2, ip: "203.0.113.7" });
    expect((refused as JoinLimitError).retryAfterMs).toBeGreaterThan(0);
    await expect(room.join("e1", "c", { ip: "198.51.100.1" })).resolves.toMatchObject({
      status: "pre_queue",
    });
    await expect(room.join("e1", "c")).resolves.toMatchObject({ status: "pre_queue" });
  });

  test("a refused join takes no ticket", async () => {
    const { room } = testRoom(client, { joinsPerIp: { limit: 1, windowMs: 60_000 } });
    await room.configure("e1", settings);
    await room.join("e1", "a", { ip: "203.0.113.8" });
    await expect(room.join("e1", "b", { ip: "203.0.113.8" })).rejects.toMatchObject({ code: "E_JOIN_LIMIT" });
    await expect(room.status("e1", "b")).rejects.toMatchObject({ code: "E_TICKET_NOT_FOUND" });
  });
});

describe("status", () => {
  test("reads the ticket as join gave it, and E_TICKET_NOT_FOUND for an identity that never joined", async () => {
    const { room, clock } = testRoom(client);
    clock.set(OPENS_AT + 1);
    await room.configure("e1", settings);
    const joined = await room.join("e1", "alice");
    await expect(room.status("e1", "alice")).resolves.toEqual(joined);
    await expect(room.status("e1", "bob")).rejects.toMatchObject({
      code: "E_TICKET_NOT_FOUND",
      identity: "bob",
    });
  });

  test("shows the pre-queue's places once the opening time has passed", async () => {
    const { room, clock } = testRoom(client);
    await room.configure("e1", settings);
    for (const identity of identities(3)) await room.join("e1", identity);
    clock.set(OPENS_AT);
    const places = await Promise.all(identities(3).map((identity) => room.status("e1", identity)));
    expect(places.map((t) => t.status)).toEqual(["waiting", "waiting", "waiting"]);
    expect(places.map((t) => t.position).sort()).toEqual([1, 2, 3]);
  });
});

describe("info", () => {
  test("reads the settings and counters, and E_ROOM_NOT_FOUND for an event without a room", async () => {
    const { room, clock } = testRoom(client, { seats: 2 });
    await room.configure("e1", { ...settings, overbooking: 1.5 });
    clock.set(OPENS_AT + 1);
    for (const identity of identities(5)) await room.join("e1", identity);
    clock.advance(1_000);
    await room.tick("e1");
    await expect(room.info("e1")).resolves.toEqual({
      eventId: "e1",
      opensAt: OPENS_AT,
      admitPerSecond: 10,
      burst: 10,
      overbooking: 1.5,
      admissionsFrom: OPENS_AT,
      opened: true,
      soldOut: false,
      waiting: 2,
      undecided: 3,
      admittedTotal: 3,
      measuredRate: null,
    });
    await expect(room.info("nowhere")).rejects.toMatchObject({ code: "E_ROOM_NOT_FOUND" });
  });
  test("reports a room open once its opening time has passed, before any step or join saw it", async () => {
    const { room, clock } = testRoom(client, { seats: 2 });
    await room.configure("e1", settings);
    clock.set(OPENS_AT - 1);
    expect((await room.info("e1")).opened).toBe(false);
    clock.set(OPENS_AT);
    expect((await room.info("e1")).opened).toBe(true);
  });
});

describe("events", () => {
  /** Every room:joined, room:join-limited and room:settled payload, in order, with its name. */
  const record = (room: WaitingRoom) => {
    const seen: [string, unknown][] = [];
    const names = ["room:joined", "room:join-limited", "room:settled"] as const;
    for (const name of names) {
      room.on(name, (payload: WaitingRoomEvents[typeof name]) => seen.push([name, payload]));
    }
    return seen;
  };

  test("room:joined reports a new ticket once, and a ticket a receipt restored, but not a repeat join", async () => {
    const { room, clock, prefix } = testRoom(client);
    clock.set(OPENS_AT + 1);
    await room.configure("e1", settings);
    const seen = record(room);
    const first = await room.join("e1", "alice");
    await room.join("e1", "alice");
    await client.hDel(`${prefix}{e1}:tickets`, "alice");
    await client.zRem(`${prefix}{e1}:queue`, "alice");
    await room.join("e1", "alice", { receipt: first.receipt });
    expect(seen).toEqual([
      ["room:joined", { eventId: "e1", restored: false }],
      ["room:joined", { eventId: "e1", restored: true }],
    ]);
  });

  test("room:join-limited reports a join the address limit refused", async () => {
    const { room } = testRoom(client, { joinsPerIp: { limit: 1, windowMs: 60_000 } });
    await room.configure("e1", settings);
    const seen = record(room);
    await room.join("e1", "a", { ip: "203.0.113.9" });
    await expect(room.join("e1", "b", { ip: "203.0.113.9" })).rejects.toBeInstanceOf(JoinLimitError);
    expect(seen).toEqual([
      ["room:joined", { eventId: "e1", restored: false }],
      ["room:join-limited", { eventId: "e1", ip: "203.0.113.9", limit: 1 }],
    ]);
  });

  test("room:settled reports how an admission ended, once, and room:tick whom a step admitted", async () => {
    const { room, clock } = testRoom(client, { seats: 1 });
    clock.set(OPENS_AT);
    await room.configure("e1", settings);
    await room.join("e1", "alice");
    const steps: WaitingRoomEvents["room:tick"][] = [];
    room.on("room:tick", (step) => steps.push(step));
    const seen = record(room);
    clock.advance(1_000);
    await room.tick("e1");
    expect(steps.map((step) => step.admitted)).toEqual([["alice"]]);
    const token = (await room.status("e1", "alice")).admission!.token;
    const admission = await room.verify(token, { eventId: "e1", identity: "alice" });
    await room.settle(admission, { outcome: "reserved", seats: 1 });
    await room.settle(admission, { outcome: "abandoned" });
    expect(seen).toEqual([["room:settled", { eventId: "e1", outcome: "reserved" }]]);
  });
});

describe("remove", () => {
  test("deletes the room and its tickets", async () => {
    const { room } = testRoom(client);
    await room.configure("e1", settings);
    await room.join("e1", "alice");
    await room.remove("e1");
    await expect(room.status("e1", "alice")).rejects.toMatchObject({ code: "E_ROOM_NOT_FOUND" });
  });
});

describe("close", () => {
  test("refuses every operation afterwards with E_CLOSED and leaves the Redis client open", async () => {
    const room = createWaitingRoom({ redis: client, secret: SECRET, inventory: () => 1 });
    await room.close();
    await expect(room.join("e1", "alice")).rejects.toMatchObject({ code: "E_CLOSED" });
    await expect(client.ping()).resolves.toBe("PONG");
  });
});
