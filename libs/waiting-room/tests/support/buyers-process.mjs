// A separate process of buyers and an admitter, for the concurrency test: it runs the built package, as a service
// instance would. Arguments: a JSON object { url, prefix, eventId, names, count, secret, abandonEvery, ignoreEvery }.
// Prints one JSON line at the end: { joins, steps, overAdmitted, final }.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@redis/client";
import { createWaitingRoom } from "../../dist/index.js";

const args = JSON.parse(process.argv[2]);
const client = createClient({ url: args.url });
client.on("error", () => {});
await client.connect();
const seatsKey = `${args.prefix}{${args.eventId}}:engine-seats`;
const takeSeat =
  "local left = tonumber(redis.call('GET', KEYS[1]) or '0') if left > 0 then return redis.call('DECR', KEYS[1]) + 1 end return 0";
const room = createWaitingRoom({
  redis: client,
  secret: args.secret,
  prefix: args.prefix,
  inventory: async () => Number((await client.get(seatsKey)) ?? 0),
  tickMs: 0,
  joinsPerIp: false,
  admissionTtlMs: 3_000,
  settleGraceMs: 500,
});
const now = () => performance.timeOrigin + performance.now();

const names = Array.from({ length: args.count }, (_, i) => `${args.names}${i}`);
const joins = [];
const steps = [];
let overAdmitted = 0;

// Every buyer joins, 25 at a time: the first half before the opening, the rest once the test has opened the room.
async function joinAll(batch) {
  for (let i = 0; i < batch.length; i += 25) {
    await Promise.all(
      batch.slice(i, i + 25).map(async (identity) => {
        const sentAt = now();
        const ticket = await room.join(args.eventId, identity);
        joins.push({ identity, sentAt, answeredAt: now(), preQueue: ticket.status === "pre_queue" });
      }),
    );
  }
}
await joinAll(names.slice(0, names.length / 2));
await client.incr(`${args.prefix}{${args.eventId}}:half-joined`);
while ((await client.get(`${args.prefix}{${args.eventId}}:opened`)) === null) await sleep(10);
await joinAll(names.slice(names.length / 2));

// Then: admission steps, and each admitted buyer reserves one seat, abandons, or lets the token expire.
const open = new Set(names);
const final = {};
while (open.size > 0) {
  const step = await room.tick(args.eventId);
  steps.push({
    admittedTotal: step.admittedTotal,
    admitted: step.admitted,
    undecided: step.undecided,
    seats: step.seats,
  });
  for (const identity of [...open]) {
    const ticket = await room.status(args.eventId, identity);
    if (ticket.status === "admitted") {
      const n = Number(identity.slice(args.names.length));
      if (n % args.ignoreEvery === 0) continue;
      const admission = await room
        .verify(ticket.admission.token, { eventId: args.eventId, identity })
        .catch((error) => (error.code === "E_TOKEN_EXPIRED" ? null : Promise.reject(error)));
      // Too late on a loaded machine: the ticket will read `expired` once a step returns its slot.
      if (!admission) continue;
      if (n % args.abandonEvery === 0) {
        await room.settle(admission, { outcome: "abandoned" });
      } else if ((await client.eval(takeSeat, { keys: [seatsKey], arguments: [] })) > 0) {
        await room.settle(admission, { outcome: "reserved", seats: 1 });
      } else {
        overAdmitted += 1;
        await room.settle(admission, { outcome: "refused" });
      }
    } else if (
      ticket.status === "sold_out" ||
      ["expired", "reserved", "refused", "abandoned"].includes(ticket.status)
    ) {
      final[identity] = ticket.status;
      // Sold out is final here: seats never come back in this test once the engine's counter is 0.
      if (ticket.status !== "sold_out" || Number((await client.get(seatsKey)) ?? 0) === 0)
        open.delete(identity);
    }
  }
  await sleep(5);
}

process.stdout.write(`${JSON.stringify({ joins, steps, overAdmitted, final })}\n`);
await room.close();
await client.close();
