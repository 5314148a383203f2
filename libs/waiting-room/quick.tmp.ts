import { createClient } from "@redis/client";
import { createWaitingRoom } from "@ticketing/waiting-room";

const redis = createClient({ url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
await redis.connect();

let seatsLeft = 2; // the reservation engine's count, reported through the inventory port
const room = createWaitingRoom({
  redis,
  secret: process.env.WAITING_ROOM_SECRET ?? "a-secret-of-at-least-32-bytes-for-the-demo",
  inventory: () => seatsLeft,
  tickMs: 0, // this demo runs each admission step itself
});

await room.configure("concert-42", { opensAt: Date.now(), admitPerSecond: 100 });
for (const user of ["ana", "ben", "cho"]) await room.join("concert-42", user, { ip: "203.0.113.7" });
await new Promise((resolve) => setTimeout(resolve, 50)); // let the rate cap accrue a few admissions
await room.tick("concert-42");

const ana = await room.status("concert-42", "ana");
console.log(ana.status, ana.admission !== null); // admitted true
const cho = await room.status("concert-42", "cho");
console.log(cho.status, cho.position, cho.ahead); // waiting 3 0

// POST /api/reservations: check the token, reserve, then settle.
const admission = await room.verify(ana.admission!.token, { eventId: "concert-42", identity: "ana" });
seatsLeft -= 1;
await room.settle(admission, { outcome: "reserved", seats: 1 });

await room.remove("concert-42");
await room.close();
await redis.close();
