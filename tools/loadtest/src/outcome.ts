/** What one client got back for its reservation. `status` 0 means no HTTP answer (socket error or timeout). */
export interface Outcome {
  userId: string;
  status: number;
  latencyMs: number;
  /** Start of the final attempt, ms since the run's barrier. */
  startedMs: number;
  reservationId?: string;
  /** RFC 9457 `type` of a problem answer. */
  problemType?: string;
  /** Socket-level failure when status is 0. */
  error?: string;
  /** Attempts made, including retries (chaos clients retry with the same Idempotency-Key). */
  attempts: number;
}

export type OutcomeKind = "succeeded" | "sold-out" | "error";

/** 409 answers for "no seats left" and "fewer seats left than asked" both mean the sale is over for that client. */
export function isSoldOut(outcome: Pick<Outcome, "status" | "problemType">): boolean {
  return outcome.status === 409 && /sold.?out|insufficient/i.test(outcome.problemType ?? "");
}

export function classify(outcome: Pick<Outcome, "status" | "problemType">): OutcomeKind {
  if (outcome.status === 201 || outcome.status === 200) return "succeeded";
  if (isSoldOut(outcome)) return "sold-out";
  return "error";
}
