import { redisServer } from "@ticketing/testing";
import {
  createWaitingRoom,
  MAX_EVENT_ID_LENGTH,
  MAX_OVERBOOKING,
  MAX_IDENTITY_LENGTH,
  WaitingRoomArgumentError,
  type WaitingRoom,
  type WaitingRoomOptions,
} from "../src/index.js";
import { connect, OPENS_AT, SECRET, testRoom, type Client } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

const valid = (): WaitingRoomOptions => ({ redis: client, secret: SECRET, inventory: () => 1 });

describe("createWaitingRoom", () => {
  test.each<[string, Partial<Record<keyof WaitingRoomOptions, unknown>>]>([
    ["redis", { redis: {} }],
    ["secret", { secret: "too-short" }],
    ["secret", { secret: 42 }],
    ["inventory", { inventory: 3 }],
    ["prefix", { prefix: "a{b}" }],
    ["admissionTtlMs", { admissionTtlMs: 999 }],
    ["admissionTtlMs", { admissionTtlMs: 1.5e3 + 0.5 }],
    ["settleGraceMs", { settleGraceMs: -1 }],
    ["joinsPerIp", { joinsPerIp: true }],
    ["joinsPerIp.limit", { joinsPerIp: { limit: 0, windowMs: 1_000 } }],
    ["joinsPerIp.windowMs", { joinsPerIp: { limit: 1, windowMs: 0 } }],
    ["tickMs", { tickMs: -5 }],
    ["maxPerTick", { maxPerTick: 0 }],
    ["clock", { clock: 5 }],
  ])("refuses a bad %s with E_INVALID_ARGUMENT", (field, override) => {
    const error = (() => {
      try {
        createWaitingRoom({ ...valid(), ...override } as WaitingRoomOptions);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(WaitingRoomArgumentError);
    expect(error).toMatchObject({ code: "E_INVALID_ARGUMENT", field });
  });

  test("never puts a string secret into an error", () => {
    expect(() => createWaitingRoom({ ...valid(), secret: "short-secret" })).toThrow(/<12 bytes>/);
    expect(() => createWaitingRoom({ ...valid(), secret: "short-secret" })).not.toThrow(/short-secret/);
  });
});

describe("arguments", () => {
  let room: WaitingRoom;
  beforeAll(() => {
    // Any command would fail with another error: these calls must be refused before one is sent.
    const noIo = {
      evalSha: () => Promise.reject(new Error("I/O")),
      eval: () => Promise.reject(new Error("I/O")),
    };
    room = testRoom(client, { redis: noIo }).room;
  });
  const settings = { opensAt: OPENS_AT, admitPerSecond: 10 };

  test.each<[string, () => Promise<unknown>, string]>([
    ["an empty event id", () => room.join("", "alice"), "eventId"],
    ["an event id with a brace", () => room.join("a{b}", "alice"), "eventId"],
    ["a too long event id", () => room.join("e".repeat(MAX_EVENT_ID_LENGTH + 1), "alice"), "eventId"],
    ["an empty identity", () => room.join("e1", ""), "identity"],
    ["a too long identity", () => room.join("e1", "u".repeat(MAX_IDENTITY_LENGTH + 1)), "identity"],
    ["an identity with a newline", () => room.status("e1", "alice\nbob"), "identity"],
    ["a non-string identity", () => room.join("e1", 42 as unknown as string), "identity"],
    ["an IP with a space", () => room.join("e1", "alice", { ip: "1.2.3.4 x" }), "ip"],
    ["no opening time", () => room.configure("e1", { admitPerSecond: 1 } as never), "settings.opensAt"],
    [
      "an invalid Date",
      () => room.configure("e1", { ...settings, opensAt: new Date("x") }),
      "settings.opensAt",
    ],
    [
      "a zero rate",
      () => room.configure("e1", { ...settings, admitPerSecond: 0 }),
      "settings.admitPerSecond",
    ],
    [
      "an infinite rate",
      () => room.configure("e1", { ...settings, admitPerSecond: Infinity }),
      "settings.admitPerSecond",
    ],
    [
      "an overbooking below 1",
      () => room.configure("e1", { ...settings, overbooking: 0.5 }),
      "settings.overbooking",
    ],
    [
      "an overbooking above MAX_OVERBOOKING",
      () => room.configure("e1", { ...settings, overbooking: MAX_OVERBOOKING + 0.5 }),
      "settings.overbooking",
    ],
    ["a burst below 1", () => room.configure("e1", { ...settings, burst: 0 }), "settings.burst"],
    ["a negative pause", () => room.recover("e1", settings, { pauseMs: -1 }), "options.pauseMs"],
    [
      "an unknown outcome",
      () => room.settle({ eventId: "e1", identity: "a" }, { outcome: "won" } as never),
      "settlement.outcome",
    ],
    [
      "reserved without seats",
      () => room.settle({ eventId: "e1", identity: "a" }, { outcome: "reserved" } as never),
      "settlement.seats",
    ],
    [
      "reserved with 0 seats",
      () => room.settle({ eventId: "e1", identity: "a" }, { outcome: "reserved", seats: 0 }),
      "settlement.seats",
    ],
    ["no expected identity", () => room.verify("t", { eventId: "e1" } as never), "expected.identity"],
    [
      "no admission event",
      () => room.settle({ identity: "a" } as never, { outcome: "refused" }),
      "admission.eventId",
    ],
  ])("refuses %s with E_INVALID_ARGUMENT before any I/O", async (_, call, field) => {
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitingRoomArgumentError);
    expect(error).toMatchObject({ code: "E_INVALID_ARGUMENT", field });
  });
});
