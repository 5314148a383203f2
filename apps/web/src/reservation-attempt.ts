import { newIdempotencyKey } from "./idempotency-key";
import { browserStorage } from "./storage";

/** What the buyer asked for; sending it again unchanged is the same decision. */
export interface ReserveDecision {
  userId: string;
  eventId: string;
  quantity: number;
  admissionToken?: string | undefined;
}

type KeyStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

interface KeptAttempt {
  quantity: number;
  admissionToken: string | null;
  key: string;
}

const storageKey = (decision: Pick<ReserveDecision, "userId" | "eventId">) =>
  `ticketing.reserve.${decision.userId}.${decision.eventId}`;

/**
 * The Idempotency-Key for a decision to reserve. The same decision (event, quantity, admission) sent again before an
 * answer arrived gets the same key, so the API replays the reservation it made for a request whose answer was lost
 * instead of refusing a used admission; another quantity or admission is another decision. Kept for the tab, so a
 * reload in between keeps it too.
 */
export function attemptKeyFor(
  decision: ReserveDecision,
  storage: KeyStorage = browserStorage("session"),
): string {
  const kept = read(storage.getItem(storageKey(decision)));
  const admissionToken = decision.admissionToken ?? null;
  if (kept && kept.quantity === decision.quantity && kept.admissionToken === admissionToken) return kept.key;
  const attempt: KeptAttempt = { quantity: decision.quantity, admissionToken, key: newIdempotencyKey() };
  storage.setItem(storageKey(decision), JSON.stringify(attempt));
  return attempt.key;
}

/** The API answered the decision (a reservation or a refusal): the next one is a new decision with a new key. */
export function settleAttempt(
  decision: Pick<ReserveDecision, "userId" | "eventId">,
  storage: KeyStorage = browserStorage("session"),
): void {
  storage.removeItem(storageKey(decision));
}

function read(value: string | null): KeptAttempt | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as Partial<KeptAttempt>;
    return typeof parsed.key === "string" && typeof parsed.quantity === "number"
      ? { quantity: parsed.quantity, admissionToken: parsed.admissionToken ?? null, key: parsed.key }
      : null;
  } catch {
    return null;
  }
}
