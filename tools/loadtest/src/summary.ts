import { classify, type Outcome } from "./outcome.ts";
import { summarizeLatencies, type LatencySummary } from "./stats.ts";

export interface FlashSaleSummary {
  users: number;
  seats: number;
  succeeded: number;
  soldOut: number;
  /** Other answers by HTTP status ("0" = no answer), e.g. `{ "429": 3, "503": 1 }`. */
  errorsByStatus: Record<string, number>;
  /** Reservation ids handed out more than once plus users who got more than one success. */
  duplicates: number;
  wallMs: number;
  latency: LatencySummary;
}

export function summarizeOutcomes(
  outcomes: readonly Outcome[],
  context: { users: number; seats: number; wallMs: number },
): FlashSaleSummary {
  let succeeded = 0;
  let soldOut = 0;
  const errorsByStatus: Record<string, number> = {};
  const seenIds = new Set<string>();
  const successesPerUser = new Map<string, number>();
  let duplicates = 0;
  for (const outcome of outcomes) {
    const kind = classify(outcome);
    if (kind === "succeeded") {
      succeeded += 1;
      if (outcome.reservationId !== undefined) {
        if (seenIds.has(outcome.reservationId)) duplicates += 1;
        seenIds.add(outcome.reservationId);
      }
      const count = (successesPerUser.get(outcome.userId) ?? 0) + 1;
      successesPerUser.set(outcome.userId, count);
      if (count > 1) duplicates += 1;
    } else if (kind === "sold-out") {
      soldOut += 1;
    } else {
      const key = String(outcome.status);
      errorsByStatus[key] = (errorsByStatus[key] ?? 0) + 1;
    }
  }
  return {
    users: context.users,
    seats: context.seats,
    succeeded,
    soldOut,
    errorsByStatus,
    duplicates,
    wallMs: context.wallMs,
    latency: summarizeLatencies(outcomes.map((outcome) => outcome.latencyMs)),
  };
}
