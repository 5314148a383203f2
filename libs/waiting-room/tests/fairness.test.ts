import { redisServer } from "@ticketing/testing";
import { countInversions, type JoinRecord } from "../bench/fairness.ts";
import type { TickResult } from "../src/index.js";
import { connect, identities, OPENS_AT, testRoom, type Client } from "./support.js";

let client: Client;

beforeAll(async () => {
  client = await connect((await redisServer()).url);
});

afterAll(async () => {
  await client.close();
});

/** A small seeded generator (mulberry32), so that a failing scenario can be replayed from its seed. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

describe("countInversions", () => {
  const join = (identity: string, sentAt: number, answeredAt: number, preQueue = false): JoinRecord => ({
    identity,
    sentAt,
    answeredAt,
    preQueue,
  });

  test("counts a buyer served before one who was answered before it joined", () => {
    expect(countInversions([join("a", 0, 1), join("b", 2, 3)], ["b", "a"])).toBe(1);
    expect(countInversions([join("a", 0, 1), join("b", 2, 3)], ["a", "b"])).toBe(0);
  });

  test("lets overlapping joins go in either order", () => {
    expect(countInversions([join("a", 0, 3), join("b", 1, 2)], ["b", "a"])).toBe(0);
  });

  test("counts a later buyer served while an earlier one was never served", () => {
    expect(countInversions([join("a", 0, 1), join("b", 2, 3)], ["b"])).toBe(1);
  });

  test("counts a post-opening buyer served before a pre-queue buyer", () => {
    expect(countInversions([join("p", 5, 6, true), join("a", 0, 1)], ["a", "p"])).toBe(1);
    expect(countInversions([join("p", 5, 6, true), join("a", 0, 1)], ["p", "a"])).toBe(0);
  });
});

describe("fairness", () => {
  test("a random pre-queue: when a buyer joined before the opening buys no place", async () => {
    const { room, clock } = testRoom(client, { seats: 10_000 });
    await room.configure("e1", { opensAt: OPENS_AT, admitPerSecond: 100_000 });
    const buyers = identities(1_000);
    // The first 900 join a minute early, the last 100 at 18:59:59.9.
    for (const [i, identity] of buyers.entries()) {
      clock.set(i < 900 ? OPENS_AT - 60_000 + i : OPENS_AT - 100);
      await room.join("e1", identity);
    }
    clock.set(OPENS_AT + 1_000);
    const order = (await room.tick("e1")).admitted;
    expect(new Set(order)).toEqual(new Set(buyers));
    const rank = new Map(order.map((identity, index) => [identity, index]));
    const lateMean = buyers.slice(900).reduce((sum, identity) => sum + rank.get(identity)!, 0) / 100;
    // Uniform places put the late joiners' mean rank near 500 (standard deviation about 27).
    expect(lateMean).toBeGreaterThan(350);
    expect(lateMean).toBeLessThan(650);
    // Kendall's tau between joining order and admission order is near 0 (standard deviation about 0.02).
    expect(Math.abs(kendallTau(buyers.map((identity) => rank.get(identity)!)))).toBeLessThan(0.15);
  });

  test.each(Array.from({ length: 12 }, (_, i) => [1_000 + i]))(
    "scenario %i: nobody is overtaken, the cap and the rate hold, whatever interleaves",
    async (seed) => {
      const pick = random(seed);
      const overbooking = [1, 1.2, 2][pick(3)]!;
      const admitPerSecond = 5 + pick(40);
      const burst = 1 + pick(10);
      const setup = testRoom(client, { seats: 3 + pick(10), admissionTtlMs: 2_000, settleGraceMs: 500 });
      const { room, clock, seats } = setup;
      clock.set(OPENS_AT - 2_000);
      await room.configure("e1", { opensAt: OPENS_AT, admitPerSecond, overbooking, burst });

      const buyers = identities(60 + pick(60));
      const joins: JoinRecord[] = [];
      const admissions: string[] = [];
      const steps: TickResult[] = [];
      let counter = 0;
      let next = 0;
      const undecided = new Set<string>();

      const step = async () => {
        const result = await room.tick("e1");
        steps.push(result);
        admissions.push(...result.admitted);
        for (const identity of result.admitted) undecided.add(identity);
      };

      while (next < buyers.length || steps.at(-1)?.waiting !== 0) {
        const action = pick(6);
        if (action === 0 && next < buyers.length) {
          // A burst of concurrent joins (some of them re-joins): their relative order is the server's call.
          const batch = Array.from({ length: 1 + pick(6) }, () =>
            pick(5) === 0 && next > 0 ? buyers[pick(next)]! : buyers[next++],
          ).filter((identity): identity is string => identity !== undefined);
          const answers = await Promise.all(
            batch.map(async (identity) => {
              const sentAt = counter++;
              const ticket = await room.join("e1", identity);
              const answeredAt = counter++;
              if (!joins.some((join) => join.identity === identity))
                joins.push({ identity, sentAt, answeredAt, preQueue: ticket.status === "pre_queue" });
              return ticket;
            }),
          );
          // The place a join announces is the one a later read finds (no step ran in between).
          for (const answer of answers.filter((ticket) => ticket.position !== null))
            expect((await room.status("e1", answer.identity)).position).toBe(answer.position);
        } else if (action === 1) {
          clock.advance(pick(700));
        } else if (action === 2) {
          seats.available = pick(4) === 0 ? 0 : pick(12);
        } else if (action === 3 && undecided.size > 0) {
          const identity = [...undecided][pick(undecided.size)]!;
          undecided.delete(identity);
          const outcome = (["reserved", "refused", "abandoned"] as const)[pick(3)]!;
          await room.settle(
            { eventId: "e1", identity },
            outcome === "reserved" ? { outcome, seats: 1 + pick(2) } : { outcome },
          );
        } else {
          if (next >= buyers.length) {
            seats.available = Math.max(seats.available, 1);
            clock.advance(500);
          }
          await step();
        }
      }

      expect(countInversions(joins, admissions)).toBe(0);
      expect(new Set(admissions).size).toBe(admissions.length);
      expect(new Set(admissions)).toEqual(new Set(buyers));
      for (const result of steps.filter((s) => s.admitted.length > 0)) {
        expect(result.undecided).toBeLessThanOrEqual(Math.floor(result.seats * overbooking + 1e-9));
        const since = Math.max(0, result.at - OPENS_AT);
        expect(result.admittedTotal).toBeLessThanOrEqual(Math.floor((since * admitPerSecond) / 1000 + 1e-9));
      }
    },
  );
});

/** Kendall's tau-a of `values` against their index order. */
function kendallTau(values: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) {
      if (values[j]! > values[i]!) concordant++;
      else if (values[j]! < values[i]!) discordant++;
    }
  return (concordant - discordant) / ((values.length * (values.length - 1)) / 2);
}
