import type { Outcome } from "../src/outcome.ts";
import { summarizeOutcomes } from "../src/summary.ts";

const base = { startedMs: 0, attempts: 1 };
const ok = (userId: string, reservationId: string, latencyMs = 5): Outcome => ({
  ...base,
  userId,
  status: 201,
  reservationId,
  latencyMs,
});
const refused = (userId: string, status: number, problemType?: string): Outcome => ({
  ...base,
  userId,
  status,
  latencyMs: 1,
  problemType,
});

describe("summarizeOutcomes", () => {
  test("counts successes, sold-out answers and other errors by status", () => {
    const summary = summarizeOutcomes(
      [
        ok("a", "r1"),
        ok("b", "r2"),
        refused("c", 409, "https://ticketing.dev/problems/sold-out"),
        refused("d", 409, "https://ticketing.dev/problems/insufficient-seats"),
        refused("e", 409, "https://ticketing.dev/problems/per-user-limit"),
        refused("f", 429),
        refused("g", 0),
      ],
      { users: 7, seats: 2, wallMs: 100 },
    );
    expect(summary).toMatchObject({
      succeeded: 2,
      soldOut: 2,
      errorsByStatus: { "409": 1, "429": 1, "0": 1 },
      duplicates: 0,
    });
    expect(summary.latency.count).toBe(7);
  });

  test("counts a reservation id handed to two clients as a duplicate", () => {
    const summary = summarizeOutcomes([ok("a", "r1"), ok("b", "r1")], { users: 2, seats: 2, wallMs: 1 });
    expect(summary.duplicates).toBe(1);
  });

  test("counts a second success for the same user as a duplicate", () => {
    const summary = summarizeOutcomes([ok("a", "r1"), ok("a", "r2")], { users: 1, seats: 2, wallMs: 1 });
    expect(summary.duplicates).toBe(1);
  });
});
