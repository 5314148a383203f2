import { checkFlashSale, type FinalState } from "../src/invariants.ts";
import type { Outcome } from "../src/outcome.ts";

const SOLD_OUT = "https://example.test/problems/sold-out";

function sale(users: number, seats: number) {
  const outcomes: Outcome[] = Array.from({ length: users }, (_, i) =>
    i < seats
      ? { userId: `u${i}`, status: 201, reservationId: `r${i}`, latencyMs: 1, startedMs: 0, attempts: 1 }
      : { userId: `u${i}`, status: 409, problemType: SOLD_OUT, latencyMs: 1, startedMs: 0, attempts: 1 },
  );
  const state: FinalState = {
    source: "mysql",
    event: { id: "e1", totalSeats: seats, availableSeats: 0 },
    reservations: Array.from({ length: seats }, (_, i) => ({
      id: `r${i}`,
      userId: `u${i}`,
      quantity: 1,
      status: "CONFIRMED",
    })),
  };
  return { outcomes, state };
}

const failed = (checks: { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);

describe("checkFlashSale", () => {
  test("passes a clean sell-out", () => {
    const { outcomes, state } = sale(10, 4);
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes }, state))).toEqual([]);
  });

  test("reports an oversell when more seats are confirmed than exist", () => {
    const { outcomes, state } = sale(10, 4);
    const oversold = {
      ...state,
      reservations: [...state.reservations, { id: "x", userId: "u9", quantity: 1, status: "CONFIRMED" }],
    };
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes }, oversold))).toEqual(
      expect.arrayContaining(["no oversell", "seats add up", "one row per success"]),
    );
  });

  test("reports a 201 whose row is missing as not durable", () => {
    const { outcomes, state } = sale(10, 4);
    const lost = {
      ...state,
      event: { ...state.event, availableSeats: 1 },
      reservations: state.reservations.slice(1),
    };
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes }, lost))).toEqual(
      expect.arrayContaining(["every success is durable", "sold out completely (demand >= seats)"]),
    );
  });

  test("reports seats left over after clients were told sold out", () => {
    const { outcomes, state } = sale(10, 4);
    const stranded = {
      ...state,
      event: { ...state.event, availableSeats: 2 },
      reservations: state.reservations.slice(0, 2),
    };
    const outcomesWithLoss = outcomes.map((o, i) =>
      i >= 2 && i < 4 ? { ...o, status: 409, problemType: SOLD_OUT, reservationId: undefined } : o,
    );
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes: outcomesWithLoss }, stranded))).toEqual([
      "sold out completely (demand >= seats)",
      "no stranded seats after sold-out answers",
    ]);
  });

  test("reports a user holding two confirmed reservations", () => {
    const { outcomes, state } = sale(10, 4);
    const twice = {
      ...state,
      reservations: state.reservations.map((row, i) => (i === 1 ? { ...row, userId: "u0" } : row)),
    };
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes }, twice))).toEqual(
      expect.arrayContaining(["no duplicate per user", "every success is durable"]),
    );
  });

  test("allows a committed row for a client that got no answer, but not for one told sold out", () => {
    const { outcomes, state } = sale(6, 4);
    const noAnswer = outcomes.map((o, i) =>
      i === 3 ? { ...o, status: 0, reservationId: undefined, error: "socket hang up" } : o,
    );
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes: noAnswer }, state))).toEqual([]);
    const toldSoldOut = outcomes.map((o, i) =>
      i === 3 ? { ...o, status: 409, problemType: SOLD_OUT, reservationId: undefined } : o,
    );
    expect(failed(checkFlashSale({ seats: 4, quantity: 1, outcomes: toldSoldOut }, state))).toEqual([
      "one row per success",
    ]);
  });

  test("does not demand a sell-out when demand is below the seat count", () => {
    const { outcomes } = sale(3, 3);
    const state: FinalState = {
      source: "api",
      event: { id: "e1", totalSeats: 10, availableSeats: 7 },
      reservations: outcomes.map((o) => ({
        id: o.reservationId ?? "",
        userId: o.userId,
        quantity: 1,
        status: "CONFIRMED",
      })),
    };
    const checks = checkFlashSale({ seats: 10, quantity: 1, outcomes }, state);
    expect(checks.map((c) => c.name)).not.toContain("sold out completely (demand >= seats)");
    expect(failed(checks)).toEqual([]);
  });
});
