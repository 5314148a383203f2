import { EventEmitter, once } from "node:events";
import { redisServer, uniquePrefix } from "@ticketing/testing";
import { createWaitingRoom, type TickResult, type WaitingRoom } from "../src/index.js";
import { connect, SECRET, type Client } from "./support.js";

let client: Client;
const rooms: WaitingRoom[] = [];

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await Promise.all(rooms.map((room) => room.close()));
  await client.close();
});

/** A room on the real clock with automatic steps every `tickMs`; its steps and errors are re-emitted on `seen`. */
function autoRoom(tickMs: number, inventory: () => number = () => 100) {
  const seen = new EventEmitter();
  const room = createWaitingRoom({
    redis: client,
    secret: SECRET,
    inventory,
    tickMs,
    prefix: uniquePrefix("ticker"),
  });
  room.on("room:tick", (step) => seen.emit("tick", step));
  room.on("room:error", (failure) => seen.emit("error-event", failure));
  rooms.push(room);
  return { room, seen };
}

describe("automatic admission steps", () => {
  test("run on their own for every event the instance served", async () => {
    const { room, seen } = autoRoom(20);
    await room.configure("e1", { opensAt: Date.now() - 1_000, admitPerSecond: 1_000 });
    await room.configure("e2", { opensAt: Date.now() - 1_000, admitPerSecond: 1_000 });
    await room.join("e1", "alice");
    await room.join("e2", "bob");
    const admitted = new Set<string>();
    await new Promise<void>((resolve) => {
      // A listener that stays: two steps may finish in one turn of the event loop.
      seen.on("tick", (step: TickResult) => {
        for (const identity of step.admitted) admitted.add(`${step.eventId}/${identity}`);
        if (admitted.size === 2) resolve();
      });
    });
    expect(admitted).toEqual(new Set(["e1/alice", "e2/bob"]));
  });

  test("a settle runs the next step at once instead of after the pause", async () => {
    const { room, seen } = autoRoom(3_600_000, () => 1);
    await room.configure("e1", { opensAt: Date.now() - 1_000, admitPerSecond: 1_000 });
    await room.join("e1", "alice");
    await room.join("e1", "bob");
    await room.tick("e1");
    await room.settle({ eventId: "e1", identity: "alice" }, { outcome: "abandoned" });
    const [step] = (await once(seen, "tick")) as [TickResult];
    expect(step.admitted).toEqual(["bob"]);
  });

  test("report a failing inventory port as room:error and keep going", async () => {
    let calls = 0;
    const { room, seen } = autoRoom(10, () => {
      calls += 1;
      if (calls === 1) throw new Error("engine down");
      return 5;
    });
    await room.configure("e1", { opensAt: Date.now() - 1_000, admitPerSecond: 1_000 });
    await room.join("e1", "alice");
    const [failure] = (await once(seen, "error-event")) as [{ operation: string; error: { code: string } }];
    expect(failure).toMatchObject({ operation: "tick", error: { code: "E_INVENTORY" } });
    const [step] = (await once(seen, "tick")) as [TickResult];
    expect(step.eventId).toBe("e1");
  });

  test("stop at close", async () => {
    const { room, seen } = autoRoom(5);
    await room.configure("e1", { opensAt: Date.now() - 1_000, admitPerSecond: 1 });
    await room.join("e1", "alice");
    await once(seen, "tick");
    await room.close();
    let after = 0;
    seen.on("tick", () => after++);
    // A step scheduled 5 ms after the close would fire before this 50 ms timer; its three commands go out on the
    // same connection before the pings that follow, so their replies come first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 5; i++) await client.ping();
    expect(after).toBe(0);
  });
});
