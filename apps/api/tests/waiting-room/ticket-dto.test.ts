import type { Ticket } from "@ticketing/waiting-room";
import { pollAfterMs } from "../../src/waiting-room/ticket-dto.js";

const NOW = Date.UTC(2030, 5, 1, 19, 0, 0);
const ticket = (fields: Partial<Ticket>): Ticket => ({
  eventId: "e",
  identity: "u",
  status: "waiting",
  position: 10,
  ahead: 9,
  estimatedWaitMs: 8_000,
  joinedAt: NOW - 1_000,
  opensAt: NOW - 60_000,
  admission: null,
  receipt: "r",
  ...fields,
});

describe("pollAfterMs", () => {
  test.each([
    ["a waiting buyer: a quarter of the expected wait", ticket({}), 2_000],
    ["a buyer far back: at most 15 s", ticket({ estimatedWaitMs: 600_000 }), 15_000],
    ["a buyer next in line: at least 1 s", ticket({ estimatedWaitMs: 100 }), 1_000],
    ["a waiting buyer without an estimate: 2 s", ticket({ estimatedWaitMs: null }), 2_000],
    ["before the opening: at the opening", ticket({ status: "pre_queue", opensAt: NOW + 4_000 }), 4_000],
    ["sold out: 5 s, seats come back when holds expire", ticket({ status: "sold_out" }), 5_000],
  ])("%s", (_name, given, expected) => {
    expect(pollAfterMs(given, NOW, () => 0.5)).toBe(expected);
  });

  test.each(["admitted", "reserved", "expired", "refused", "abandoned"] as const)(
    "is null once %s: waiting changes nothing",
    (status) => {
      expect(pollAfterMs(ticket({ status }), NOW)).toBeNull();
    },
  );

  test("spreads polls by a fifth either way, never under 1 s", () => {
    expect(pollAfterMs(ticket({ status: "sold_out" }), NOW, () => 0)).toBe(4_000);
    expect(pollAfterMs(ticket({ status: "sold_out" }), NOW, () => 1)).toBe(6_000);
    expect(pollAfterMs(ticket({ estimatedWaitMs: 100 }), NOW, () => 0)).toBe(1_000);
  });
});
