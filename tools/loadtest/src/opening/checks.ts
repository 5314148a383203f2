import type { BuyerRecord } from "./buyer-record.ts";

/** One reading of the event's seats (the database's, through the operator's view or directly). */
export interface SeatSample {
  readonly at: number;
  readonly total: number;
  readonly confirmed: number;
  readonly held: number;
  readonly available: number;
}

/** The event's reservations at the end, from the database (or each buyer's own list through the API). */
export interface FinalOpeningState {
  readonly source: "mysql" | "api";
  readonly seats: SeatSample;
  /** Every reservation row of the event. */
  readonly reservations: readonly { id: string; userId: string; quantity: number; status: string }[];
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Buyers who joined after the opening and were placed ahead of someone whose join was answered before theirs was
 * sent. Counted once per overtaking buyer.
 */
export function fairnessInversions(buyers: readonly BuyerRecord[], opensAt: number): number {
  const late = buyers.filter(
    (b) =>
      b.joinSentAt !== null && b.joinSentAt >= opensAt && b.joinAnsweredAt !== null && b.position !== null,
  );
  const byAnswer = [...late].sort((a, b) => a.joinAnsweredAt! - b.joinAnsweredAt!);
  const bySent = [...late].sort((a, b) => a.joinSentAt! - b.joinSentAt!);
  let inversions = 0;
  let next = 0;
  let highest = -Infinity;
  for (const buyer of bySent) {
    while (next < byAnswer.length && byAnswer[next]!.joinAnsweredAt! < buyer.joinSentAt!) {
      highest = Math.max(highest, byAnswer[next]!.position!);
      next++;
    }
    if (highest > buyer.position!) inversions++;
  }
  return inversions;
}

/**
 * Buyers left unserved although they stood ahead of a buyer who was served (admitted), among buyers whose place was
 * seen. The room admits in line order, so there should be none.
 */
export function servedOutOfOrder(buyers: readonly BuyerRecord[]): number {
  const placed = buyers.filter((b) => b.position !== null);
  const highestServed = Math.max(
    -Infinity,
    ...placed.filter((b) => b.admittedAt !== null).map((b) => b.position!),
  );
  return placed.filter((b) => b.admittedAt === null && b.position! < highestServed).length;
}

export interface OpeningFacts {
  readonly seats: number;
  readonly buyers: readonly BuyerRecord[];
  readonly samples: readonly SeatSample[];
  readonly opensAt: number;
  /** The run saw every seat confirmed and nothing held (the sale is over for good). */
  readonly soldOutForGood: boolean;
}

export function checkOpening(facts: OpeningFacts, state: FinalOpeningState): Check[] {
  const { buyers, samples, seats } = facts;
  const rows = state.reservations;
  const seatsOf = (status: string) =>
    rows.filter((r) => r.status === status).reduce((n, r) => n + r.quantity, 0);
  const confirmedBuyers = buyers.filter((b) => b.confirmedAt !== null);
  const confirmedRows = rows.filter((r) => r.status === "CONFIRMED");
  const abandonedHolds = buyers.filter((b) => b.heldAt !== null && b.confirmedAt === null);
  const expiredRows = rows.filter((r) => r.status === "EXPIRED");
  const unserved = buyers.filter((b) => b.admittedAt === null);
  const badSamples = samples.filter(
    (s) =>
      s.confirmed + s.held > s.total || s.available < 0 || s.confirmed + s.held + s.available !== s.total,
  );
  const rowsPerUser = new Map<string, number>();
  for (const row of rows) {
    if (row.status === "HELD" || row.status === "CONFIRMED")
      rowsPerUser.set(row.userId, (rowsPerUser.get(row.userId) ?? 0) + 1);
  }
  const doubled = [...rowsPerUser.values()].filter((n) => n > 1).length;
  const confirmedIds = new Set(confirmedRows.map((r) => r.id));
  const lost = confirmedBuyers.filter((b) => !confirmedIds.has(b.reservationId!));
  const final = state.seats;
  const inversions = fairnessInversions(buyers, facts.opensAt);
  const outOfOrder = servedOutOfOrder(buyers);
  const notTold = unserved.filter((b) => b.lastStatus !== "sold_out");
  const abandonedIds = new Set(abandonedHolds.map((b) => b.reservationId));
  const errors = buyers.filter((b) => b.errors.length > 0);

  return [
    {
      name: "no oversell at any moment",
      ok: badSamples.length === 0 && samples.length > 0,
      detail: `${samples.length} samples of the database during the run, ${badSamples.length} with held + confirmed > total or seats not adding up`,
    },
    {
      name: "exactly the seats sold",
      ok:
        final.confirmed === confirmedBuyers.length &&
        seatsOf("CONFIRMED") === final.confirmed &&
        (!facts.soldOutForGood || final.confirmed === seats),
      detail: `${final.confirmed} seats confirmed in the database, ${confirmedBuyers.length} buyers told confirmed, ${seats} seats`,
    },
    {
      name: "seats add up at the end",
      ok: final.total === seats && final.confirmed + final.held + final.available === seats,
      detail: `confirmed ${final.confirmed} + held ${final.held} + available ${final.available} of ${final.total}`,
    },
    {
      name: "every expired hold returned once",
      ok:
        expiredRows.length === abandonedHolds.length &&
        expiredRows.every((row) => abandonedIds.has(row.id)) &&
        (!facts.soldOutForGood || (final.held === 0 && final.available === 0)),
      detail: `${expiredRows.length} EXPIRED rows, ${abandonedHolds.length} holds not paid; ${final.available} seats left over`,
    },
    {
      name: "every confirmation durable, one reservation per buyer",
      ok: lost.length === 0 && doubled === 0,
      detail: `${lost.length} confirmations without a CONFIRMED row, ${doubled} buyers with two live reservations`,
    },
    {
      name: "every buyer not served told sold out",
      ok: notTold.length === 0,
      detail: `${unserved.length} buyers not admitted, ${notTold.length} of them last read something else${
        notTold.length ? ` (${[...new Set(notTold.map((b) => b.lastStatus))].join(", ")})` : ""
      }`,
    },
    {
      name: "no one served out of order",
      ok: outOfOrder === 0,
      detail: `${outOfOrder} buyers left waiting ahead of a buyer admitted (${
        buyers.filter((b) => b.position !== null).length
      } places seen)`,
    },
    {
      name: "no fairness inversions",
      ok: inversions === 0,
      detail: `${inversions} buyers placed ahead of someone whose join was answered before theirs was sent`,
    },
    {
      name: "no request failed for good",
      ok: errors.length === 0,
      detail: errors.length ? `${errors.length} buyers, e.g. ${errors[0]!.errors[0]}` : "none",
    },
  ];
}
