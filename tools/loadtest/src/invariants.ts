import { classify, isSoldOut, type Outcome } from "./outcome.ts";

/** The event and every reservation row for it, as read after the run. */
export interface FinalState {
  /** Where the state was read: the database itself, or the API (embedded app, no database URL given). */
  source: "mysql" | "api";
  event: { id: string; totalSeats: number; availableSeats: number };
  reservations: readonly { id: string; userId: string; quantity: number; status: string }[];
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CheckInput {
  seats: number;
  /** Seats each client asks for. */
  quantity: number;
  outcomes: readonly Outcome[];
}

/**
 * The invariants of a flash sale. A request that got no answer (status 0 or 5xx) may still have committed, so rows
 * are allowed for such users, but never more than one per user and never beyond the seat count.
 */
export function checkFlashSale(input: CheckInput, state: FinalState): CheckResult[] {
  const { seats, quantity, outcomes } = input;
  const confirmed = state.reservations.filter((row) => row.status === "CONFIRMED");
  const confirmedSeats = confirmed.reduce((sum, row) => sum + row.quantity, 0);
  const successes = outcomes.filter((outcome) => classify(outcome) === "succeeded");
  const soldOutAnswers = outcomes.filter((outcome) => isSoldOut(outcome)).length;
  const ambiguousUsers = new Set(
    outcomes.filter((outcome) => outcome.status === 0 || outcome.status >= 500).map((o) => o.userId),
  );
  const rowsById = new Map(state.reservations.map((row) => [row.id, row]));
  const demand = outcomes.length * quantity;

  const results: CheckResult[] = [];
  const check = (name: string, ok: boolean, detail: string) => results.push({ name, ok, detail });

  check(
    "total seats unchanged",
    state.event.totalSeats === seats,
    `event.totalSeats=${state.event.totalSeats}, created with ${seats}`,
  );
  check(
    "no oversell",
    confirmedSeats <= seats && state.event.availableSeats >= 0,
    `confirmed seats ${confirmedSeats} of ${seats}, available ${state.event.availableSeats}`,
  );
  check(
    "seats add up",
    state.event.availableSeats + confirmedSeats === seats,
    `available ${state.event.availableSeats} + confirmed ${confirmedSeats} = ${state.event.availableSeats + confirmedSeats}, expected ${seats}`,
  );
  if (demand >= seats) {
    check(
      "sold out completely (demand >= seats)",
      state.event.availableSeats === 0 && confirmedSeats === seats,
      `available ${state.event.availableSeats}, confirmed ${confirmedSeats} of ${seats}, demand ${demand}`,
    );
  }
  if (soldOutAnswers > 0) {
    check(
      "no stranded seats after sold-out answers",
      state.event.availableSeats < quantity,
      `${soldOutAnswers} clients were told sold out while ${state.event.availableSeats} seats remain`,
    );
  }

  const missing = successes.filter((outcome) => {
    const row = outcome.reservationId === undefined ? undefined : rowsById.get(outcome.reservationId);
    return !row || row.status !== "CONFIRMED" || row.userId !== outcome.userId;
  });
  check(
    "every success is durable",
    missing.length === 0,
    missing.length === 0
      ? `${successes.length} answered successes all found CONFIRMED for their user`
      : `${missing.length} answered successes missing or not CONFIRMED, e.g. ${describe(missing[0])}`,
  );

  const answeredIds = new Set(successes.map((outcome) => outcome.reservationId));
  const unanswered = confirmed.filter((row) => !answeredIds.has(row.id));
  const phantom = unanswered.filter((row) => !ambiguousUsers.has(row.userId));
  check(
    "one row per success",
    phantom.length === 0,
    `${confirmed.length} confirmed rows for ${successes.length} successes; ${unanswered.length} rows belong to clients that got no answer (allowed), ${phantom.length} to clients that were told otherwise`,
  );

  const perUser = new Map<string, number>();
  for (const row of confirmed) perUser.set(row.userId, (perUser.get(row.userId) ?? 0) + 1);
  const duplicated = [...perUser].filter(([, count]) => count > 1);
  check(
    "no duplicate per user",
    duplicated.length === 0,
    duplicated.length === 0
      ? `${perUser.size} users hold one confirmed reservation each`
      : `${duplicated.length} users hold more than one, e.g. ${duplicated[0]?.[0]} x${duplicated[0]?.[1]}`,
  );
  return results;
}

function describe(outcome: Outcome | undefined): string {
  return outcome ? `user ${outcome.userId} reservation ${outcome.reservationId ?? "(no id)"}` : "";
}
