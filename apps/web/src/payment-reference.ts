import { newIdempotencyKey } from "./idempotency-key";
import { browserStorage } from "./storage";

const perTab = browserStorage("session");

/**
 * The (simulated) payment's reference for a hold: made once per reservation and kept for the tab, so pressing
 * "Pay" again after a failure, or after a reload, sends the same reference and the API answers the confirmed
 * reservation instead of refusing a second payment.
 */
export function paymentReferenceFor(reservationId: string): string {
  const key = `ticketing.payment.${reservationId}`;
  const kept = perTab.getItem(key);
  if (kept) return kept;
  const reference = `sim_${newIdempotencyKey()}`;
  perTab.setItem(key, reference);
  return reference;
}
