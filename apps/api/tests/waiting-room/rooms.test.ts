import { createClient } from "@redis/client";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { createWaitingRoom, type WaitingRoom } from "@ticketing/waiting-room";
import { createRooms } from "../../src/waiting-room/rooms.js";

describe("createRooms", () => {
  let redis: ReturnType<typeof createClient>;
  let room: WaitingRoom;
  const warnings: unknown[] = [];
  beforeAll(async () => {
    redis = createClient({ url: (await redisServer()).url });
    await redis.connect();
    room = createWaitingRoom({
      redis,
      secret: "a-test-secret-of-at-least-32-bytes-0123456",
      inventory: () => 10,
      prefix: `${uniquePrefix("rooms")}:`,
      tickMs: 0,
    });
  });
  afterAll(async () => {
    await room?.close();
    await redis?.close();
  });

  const settings = { opensAt: new Date(Date.now() - 1_000), admitPerSecond: 5, overbooking: 1.5 };

  test("answers an event's settings, and null for an event without a room", async () => {
    const rooms = createRooms({ room, logger: { warn: (...args: unknown[]) => warnings.push(args) } });
    await rooms.configure("with-room", settings);
    expect(await rooms.settings("with-room")).toEqual(settings);
    expect(await rooms.settings("without-room")).toBeNull();
  });

  test("asks Redis once for an event's settings however many requests ask at the same time", async () => {
    let asked = 0;
    const counted = new Proxy(room, {
      get: (target, name) =>
        name === "info"
          ? (eventId: string) => (asked++, target.info(eventId))
          : (Reflect.get(target, name) as unknown),
    });
    await room.configure("burst-with-room", settings);
    const rooms = createRooms({ room: counted, logger: { warn: () => {} } });
    const ask = (eventId: string) => Array.from({ length: 50 }, () => rooms.settings(eventId));
    const [withRoom, withoutRoom] = await Promise.all([
      Promise.all(ask("burst-with-room")),
      Promise.all(ask("burst-without-room")),
    ]);
    expect(new Set(withRoom.map((found) => found?.admitPerSecond))).toEqual(new Set([5]));
    expect(new Set(withoutRoom)).toEqual(new Set([null]));
    expect(asked).toBe(2);
  });

  test("re-creates a room Redis lost from the settings this instance saw, and runs the operation again", async () => {
    const rooms = createRooms({ room, logger: { warn: (...args: unknown[]) => warnings.push(args) } });
    await rooms.configure("lost", settings);
    const before = await rooms.run("lost", () => room.join("lost", "ann"));
    await room.remove("lost"); // what a Redis without persistence does on restart
    const after = await rooms.run("lost", () => room.join("lost", "ann", { receipt: before.receipt }));
    expect(after).toMatchObject({ identity: "ann", joinedAt: before.joinedAt });
    expect(await rooms.settings("lost")).toEqual(settings);
    expect(warnings).toHaveLength(1);
  });

  test("lets a lost room's error through when this instance never saw the room", async () => {
    const rooms = createRooms({ room, logger: { warn: () => {} } });
    await expect(rooms.run("never-seen", () => room.status("never-seen", "bob"))).rejects.toMatchObject({
      code: "E_ROOM_NOT_FOUND",
    });
  });
});
